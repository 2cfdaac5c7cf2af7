"""Open a .docx as an OPC package: find the main document and its related parts through the relationships.

Word, LibreOffice and third-party tools name parts differently (`word/document.xml`, `word/document2.xml`,
`/word/...`), so nothing here assumes a path: everything is reached from `_rels/.rels`.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

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


class NotADocx(ValueError):
    """The bytes are not a Word document we can read (message in Vietnamese / English)."""


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


MAX_PART_BYTES = 64 * 1024 * 1024  # an unpacked part larger than this is a zip bomb, not a document

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


def _xml(zf: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise NotADocx(f"Phần {name} quá lớn ({info.file_size} byte) / part {name} is too large "
                       f"({info.file_size} bytes)")
    try:
        data = zf.read(info)
    except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
        raise NotADocx(f"Không đọc được phần {name} ({exc}) / cannot read part {name} ({exc})") from None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotADocx(f"Phần {name} của tệp bị hỏng ({exc}) / part {name} is not well-formed XML ({exc})") from None


def _rels(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str, str, str]]:
    """(id, type, target part name, target mode) of a part's relationships."""
    folder, base = posixpath.split(part)
    root = _xml(zf, posixpath.join(folder, "_rels", base + ".rels"))
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
    """Read the parts of a .docx; raise NotADocx with a bilingual message for anything else."""
    if not data:
        raise NotADocx("Tệp rỗng / the file is empty")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise NotADocx("Không phải tệp Word .docx (không phải tệp ZIP) / not a .docx file (not a ZIP archive)") from None
    with zf:
        main = next((t for _, typ, t, _ in _rels(zf, "") if typ.endswith(REL_OFFICE_DOCUMENT)), None)
        if main is None and "word/document.xml" in zf.namelist():
            main = "word/document.xml"
        if main is None:
            raise NotADocx("Tệp ZIP không chứa văn bản Word (thiếu word/document.xml) / "
                           "the archive holds no Word document (no main document part)")
        document = _xml(zf, main)
        if document is None or document.tag != w("document"):
            raise NotADocx("Phần chính không phải văn bản Word / the main part is not a WordprocessingML document")
        pkg = Package(document=document)
        for rid, typ, target, mode in _rels(zf, main):
            if mode != "Internal":
                continue
            kind = typ.rsplit("/", 1)[-1]
            if kind in ("styles", "numbering", "theme", "settings", "footnotes", "endnotes"):
                setattr(pkg, kind, _xml(zf, target))
            elif kind in ("header", "footer"):
                root = _xml(zf, target)
                if root is not None:
                    (pkg.headers if kind == "header" else pkg.footers)[rid] = root
                    pkg.part_names[rid] = target
        return pkg
