"""PDF metadata travels in the .docx core properties: LibreOffice copies dc:title/creator/subject into the PDF
Info dictionary (and the XMP packet of a PDF/A). Our renderer already fills them from the document (title =
summary, author = issuer, subject = number/symbol); to_pdf(metadata=...) overrides them for any other .docx.

Rewrites only docProps/core.xml inside the zip (a few ms), leaving every other part byte-for-byte as it was.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

from lxml import etree

from service.convert.errors import ConversionError

NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
CORE_REL_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CORE_CONTENT_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
DEFAULT_CORE_PART = "docProps/core.xml"
# metadata key -> core property element (ECMA-376 Part 2 §11)
FIELDS = {"title": f"{{{NS['dc']}}}title", "author": f"{{{NS['dc']}}}creator", "subject": f"{{{NS['dc']}}}subject"}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _open(docx: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(docx))
        if "word/document.xml" in zf.namelist():
            return zf
    except (zipfile.BadZipFile, ValueError):
        pass
    raise ConversionError("docx: dữ liệu không phải tệp .docx hợp lệ", "docx: the data is not a valid .docx file")


def _core_part(zf: zipfile.ZipFile) -> str | None:
    try:
        rels = etree.fromstring(zf.read("_rels/.rels"))
    except (KeyError, etree.XMLSyntaxError):
        return None
    for rel in rels.iterfind("rel:Relationship", NS):
        if rel.get("Type") == CORE_REL_TYPE:
            target = rel.get("Target", "").lstrip("/")
            return target if target in zf.namelist() else None
    return None


def _checked(metadata: Mapping[str, object]) -> dict[str, str]:
    unknown = sorted(set(metadata) - set(FIELDS))
    if unknown:
        raise ConversionError(
            f"metadata.{unknown[0]}: chỉ nhận {', '.join(FIELDS)}",
            f"metadata.{unknown[0]}: only {', '.join(FIELDS)} are accepted",
        )
    values = {}
    for key, value in metadata.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise ConversionError(f"metadata.{key}: phải là chuỗi", f"metadata.{key}: must be a string")
        values[key] = _XML_ILLEGAL.sub("", value)
    return values


def _core_xml(old: bytes | None, values: Mapping[str, str]) -> bytes:
    if old is None:
        root = etree.Element(f"{{{NS['cp']}}}coreProperties", nsmap={k: NS[k] for k in ("cp", "dc", "dcterms")})
    else:
        root = etree.fromstring(old)
    for key, value in values.items():
        node = root.find(FIELDS[key])
        if node is None:
            node = etree.SubElement(root, FIELDS[key])
        node.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_core_registered(name: str, data: bytes, part: str) -> bytes:
    """Add the content-type override and package relationship a newly created core part needs."""
    root = etree.fromstring(data)
    if name == "[Content_Types].xml":
        etree.SubElement(root, f"{{{NS['ct']}}}Override", PartName=f"/{part}", ContentType=CORE_CONTENT_TYPE)
    else:
        ids = {r.get("Id") for r in root}
        rid = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        etree.SubElement(root, f"{{{NS['rel']}}}Relationship", Id=rid, Type=CORE_REL_TYPE, Target=part)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def prepare_docx(docx: bytes, metadata: Mapping[str, object] | None = None) -> bytes:
    """Check the bytes are a .docx and set title/author/subject; returns the input untouched when no metadata."""
    if not isinstance(docx, (bytes, bytearray, memoryview)):
        raise ConversionError("docx: phải là dữ liệu nhị phân (bytes)", "docx: must be bytes")
    docx = bytes(docx)
    with _open(docx) as zf:
        values = _checked(metadata or {})
        if not values:
            return docx
        part = _core_part(zf)
        old = zf.read(part) if part else None
        try:
            core = _core_xml(old, values)
        except etree.XMLSyntaxError:
            raise ConversionError(
                "docx: docProps/core.xml hỏng", "docx: docProps/core.xml is not well-formed XML"
            ) from None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in zf.infolist():
                if info.filename == part:
                    dst.writestr(info, core)
                elif part is None and info.filename in ("[Content_Types].xml", "_rels/.rels"):
                    dst.writestr(info, _with_core_registered(info.filename, zf.read(info), DEFAULT_CORE_PART))
                else:
                    dst.writestr(info, zf.read(info))
            if part is None:
                dst.writestr(DEFAULT_CORE_PART, core)
        return out.getvalue()
