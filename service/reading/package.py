"""Open a .docx as an OPC package: find the main document and its related parts through the relationships.

Word, LibreOffice and third-party tools name parts differently (`word/document.xml`, `word/document2.xml`,
`/word/...`), so nothing here assumes a path: everything is reached from `_rels/.rels`.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from service import limits
from service.messages import BilingualError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W, "r": R, "a": A, "mc": MC, "v": V, "wps": WPS, "wp": WP}

REL_OFFICE_DOCUMENT = "/officeDocument"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


class NotADocx(BilingualError, ValueError):
    """The bytes are not a Word document we can read (message in Vietnamese and English)."""


@dataclass
class Package:
    """The parts of one .docx that the checker and importer read."""

    document: etree._Element
    styles: etree._Element | None = None
    numbering: etree._Element | None = None
    theme: etree._Element | None = None
    settings: etree._Element | None = None
    footnotes: etree._Element | None = None
    endnotes: etree._Element | None = None
    headers: dict[str, etree._Element] = field(default_factory=dict)  # relationship id → header root
    footers: dict[str, etree._Element] = field(default_factory=dict)
    part_names: dict[str, str] = field(default_factory=dict)  # relationship id → part name


_CHUNK = 64 * 1024


class PartReader:
    """Parses the XML parts of one package within the budgets of service/limits.py.

    Bytes are counted as they are inflated (the declared sizes in the zip can lie) across every part read; each
    part is parsed at most once (a part referenced by many relationships is the same tree); elements and depth are
    counted while parsing, so a bomb stops at the budget, not after it has filled memory. DTDs are refused."""

    def __init__(self, zf: zipfile.ZipFile):
        lim = limits.current()
        self.zf = zf
        self.cache: dict[str, etree._Element | None] = {}
        self.bytes = limits.Counter("package_bytes", status=413)
        self.elements = limits.Counter("xml_elements")
        self.paragraphs = limits.Counter("paragraphs")
        self.cells = limits.Counter("table_cells")
        self.max_depth = lim.xml_depth
        if len(zf.infolist()) > lim.package_parts:
            raise limits.LimitExceeded("package_parts", lim.package_parts, status=413)

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.cache:
            self.cache[name] = self._parse(name)
        return self.cache[name]

    def _parse(self, name: str) -> etree._Element | None:
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            return None
        parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True,
                                     huge_tree=False, load_dtd=False, remove_blank_text=False)
        depth = 0
        try:
            with self.zf.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    self.bytes.add(len(chunk), name)
                    parser.feed(chunk)
                    depth = self._count(parser, depth, name)
            root = parser.close()
            self._count(parser, depth, name)
        except limits.LimitExceeded:
            raise
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, RuntimeError, ValueError,
                zlib.error) as exc:
            raise NotADocx(f"Không đọc được phần {name} ({exc})", f"cannot read part {name} ({exc})") from None
        except etree.XMLSyntaxError as exc:
            if "depth" in str(exc).lower():
                raise limits.LimitExceeded("xml_depth", self.max_depth, name) from None
            raise NotADocx(f"Phần {name} của tệp bị hỏng ({exc})",
                           f"part {name} is not well-formed XML ({exc})") from None
        if root.getroottree().docinfo.internalDTD is not None:
            raise NotADocx(f"Phần {name} có khai báo DTD, Word không bao giờ ghi như vậy",
                           f"part {name} declares a DTD, which Word never writes")
        return root

    def _count(self, parser: etree.XMLPullParser, depth: int, name: str) -> int:
        for event, el in parser.read_events():
            if event == "end":
                depth -= 1
                continue
            depth += 1
            if depth > self.max_depth:
                raise limits.LimitExceeded("xml_depth", self.max_depth, name)
            self.elements.add(1, name)
            tag = el.tag
            if tag == _P:
                self.paragraphs.add(1, name)
            elif tag == _TC:
                self.cells.add(1, name)
        return depth


_P, _TC = f"{{{W}}}p", f"{{{W}}}tc"


def _rels(parts: PartReader, part: str) -> list[tuple[str, str, str, str]]:
    """(id, type, target part name, target mode) of a part's relationships."""
    folder, base = posixpath.split(part)
    root = parts.xml(posixpath.join(folder, "_rels", base + ".rels"))
    if root is None:
        return []
    out = []
    for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        mode = rel.get("TargetMode", "Internal")
        if mode == "Internal":
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), target, mode))
    return out


def open_package(data: bytes) -> Package:
    """Read the parts of a .docx; raise NotADocx with a bilingual message for anything else, LimitExceeded past a
    budget of service/limits.py."""
    if not data:
        raise NotADocx("Tệp rỗng", "the file is empty")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise NotADocx("Không phải tệp Word .docx (không phải tệp ZIP)",
                       "not a .docx file (not a ZIP archive)") from None
    with zf:
        parts = PartReader(zf)
        main = next((t for _, typ, t, _ in _rels(parts, "") if typ.endswith(REL_OFFICE_DOCUMENT)), None)
        if main is None and "word/document.xml" in zf.namelist():
            main = "word/document.xml"
        if main is None:
            raise NotADocx("Tệp ZIP không chứa văn bản Word (thiếu word/document.xml)",
                           "the archive holds no Word document (no main document part)")
        document = parts.xml(main)
        if document is None or document.tag != w("document"):
            raise NotADocx("Phần chính không phải văn bản Word", "the main part is not a WordprocessingML document")
        pkg = Package(document=document)
        for rid, typ, target, mode in _rels(parts, main):
            if mode != "Internal":
                continue
            kind = typ.rsplit("/", 1)[-1]
            if kind in ("styles", "numbering", "theme", "settings", "footnotes", "endnotes"):
                setattr(pkg, kind, parts.xml(target))
            elif kind in ("header", "footer"):
                root = parts.xml(target)
                if root is not None:
                    (pkg.headers if kind == "header" else pkg.footers)[rid] = root
                    pkg.part_names[rid] = target
        return pkg
