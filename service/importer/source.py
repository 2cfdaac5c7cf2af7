"""Turn the input (a .docx, or plain text such as the seed plan) into the paragraphs the checker's locator reads.

A .docx goes through the checker's reader (styles, lists and tables resolved). Plain text becomes one paragraph
per non-empty line with no formatting, except `**…**` (the seed marks the signer block bold that way).
"""
from __future__ import annotations

import re

from service import limits
from service.reading import (MOTTO_TYPED, NATIONAL_NAME_GARBLED, NATIONAL_NAME_TYPED, Document, Para, ParaFormat, Run,
                             RunFormat, read_docx)
from service.importer.errors import UnreadableInput
from service.importer.tabs import split_tab_columns
from service.importer.unwrap import logical_lines
from service.rules import nd30


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    raise UnreadableInput("Tệp văn bản phải mã hóa UTF-8 (Unicode)", "a text file must be UTF-8 encoded")


# Text copied from a two-column header keeps the columns on one line, apart by a wide gap or a tab, or by " | "
# where a web page flattened the table; a place–date line may follow the number after a long dash.
_COLUMN_GAP = re.compile(r"\s{3,}|\t+|\s*\|\s*")
_DASH_BEFORE_DATE = re.compile(r"\s+[—–]\s+(?=[^,]{2,60},\s*ngày\b)")
# Text taken from a PDF without its layout runs the two columns together with a single space:
# `PHÒNG GD&ĐT TÁNH LINH CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `TRƯỜNG TH ĐỒNG KHO 1 Độc lập - Tự do - Hạnh phúc`,
# `Số: 14/TTr-ĐK1 Đồng Kho, ngày 10 tháng 10 năm 2010`; the national name, the motto and a place–date line after
# the number each start the right column; an old (TCVN3) font gives `CỘNG HỒ` back for `CỘNG HOÀ`.
_RUN_TOGETHER = re.compile(rf"(?<=\S)\s+(?=(?:{NATIONAL_NAME_TYPED}|{NATIONAL_NAME_GARBLED})\s*$|{MOTTO_TYPED}\s*$)")
_NUMBER_THEN_DATE = re.compile(rf"^({nd30.NUMBER_PREFIX.rstrip(':')}\s*:?\s*\d+\s*/\s*\S+)\s+"
                               r"(?=[^,\d]{2,60},\s*ngày\b)", re.IGNORECASE)


def _run_together(cell: str) -> list[str]:
    m = _NUMBER_THEN_DATE.match(cell)
    parts = [m.group(1), cell[m.end():]] if m else [cell]
    return [c for part in parts for c in _RUN_TOGETHER.split(part)]


def split_columns(line: str) -> list[str]:
    """The cells of one typed line, left to right (a line without a column gap is one cell)."""
    cells = [c.strip() for c in _COLUMN_GAP.split(line)]
    out: list[str] = []
    for cell in cells:
        for part in _DASH_BEFORE_DATE.split(cell):
            out.extend(c.strip() for c in _run_together(part))
    return [c for c in out if c]
_PARA, _PLAIN, _BOLD = ParaFormat(), RunFormat(), RunFormat(bold=True)  # frozen: shared by every line


def text_document(text: str) -> Document:
    """One paragraph per non-empty line (per column when a line holds two header columns); a `**…**` block
    (possibly spanning lines) is bold."""
    paras: list[Para] = []
    bold_open = False
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = limits.current().text_lines
    if text.count("\n") >= lines:
        raise limits.LimitExceeded("text_lines", lines, status=413)
    raw_lines = []
    typed = text.split("\n")
    typed = logical_lines(typed)
    for raw in typed:
        raw_lines.extend(split_columns(raw) or [""])
    for raw in raw_lines:
        line = raw.strip()
        if not line:
            continue
        bold = bold_open
        if line.startswith("**"):
            bold, line = True, line[2:]
            bold_open = True
        if line.endswith("**"):
            line = line[:-2]
            bold_open = False
        line = line.strip()
        if not line:
            continue
        paras.append(Para(part="body", index=len(paras), style=None, fmt=_PARA,
                          runs=[Run(line, _BOLD if bold else _PLAIN, None, None, None)]))
    return Document(paras=paras, sections=[], headers={}, footers={}, even_and_odd=False, package=None)


MAX_PAGES = 60  # pages read from a PDF or a scan; a longer document is not a single administrative document
CONVERTED = (".doc", ".odt", ".rtf")
IMAGES = ("png", "jpg", "jpeg", "tif", "tiff")


def read_source(data: bytes, kind: str) -> tuple[Document, dict[int, float]]:
    """The paragraphs of the input, and the OCR confidence (0–100) of each paragraph read from a scan."""
    if kind == "docx":
        return split_tab_columns(read_docx(data)), {}
    if kind == "txt":
        return text_document(decode_text(data)), {}
    if f".{kind}" in CONVERTED:
        kind = converted_kind(data, kind)
        if kind == "docx":  # a .docx renamed .doc: no conversion needed
            return split_tab_columns(read_docx(data)), {}
        return split_tab_columns(read_docx(_converted(data, f".{kind}"))), {}
    if kind == "pdf":
        from service.importer.pdf import has_text, pdf_lines
        from service.importer.layout import build_document

        try:
            lines = pdf_lines(data, MAX_PAGES)
        except Exception as exc:  # pdfminer raises many kinds for a damaged file
            raise UnreadableInput(f"Không đọc được tệp PDF ({type(exc).__name__})",
                                  f"the PDF cannot be read ({type(exc).__name__})") from None
        if not has_text(lines):  # a scan: no text layer
            from service.importer.ocr import scanned_pdf_lines

            lines = scanned_pdf_lines(data)
        return build_document(lines)
    if kind in IMAGES:
        from service.importer.layout import build_document
        from service.importer.ocr import image_file_lines

        return build_document(image_file_lines(data))
    raise UnreadableInput(f"Loại tệp “{kind}” không hỗ trợ; dùng docx, doc, odt, rtf, pdf, ảnh (png, jpg, tif) hoặc "
                          "txt",
                          f"unsupported kind “{kind}”; use docx, doc, odt, rtf, pdf, an image or txt")


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 .doc (a compound file)
RTF_MAGIC = b"{\\rtf"
ODT_MIME = b"application/vnd.oasis.opendocument.text"  # an .odt's first member, stored uncompressed


def converted_kind(data: bytes, kind: str) -> str:
    """What a .doc/.odt/.rtf really holds, by its first bytes: offices rename files freely (an RTF or a .docx
    saved as .doc), and bytes that are none of these are refused here, before LibreOffice, which would open them
    as plain text."""
    head = data[:8]
    if head.startswith(OLE2_MAGIC) and kind == "doc":
        return "doc"
    if head.lstrip()[:5] == RTF_MAGIC and kind in ("doc", "rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        if ODT_MIME in data[:200]:
            return "odt"
        if kind == "doc":
            return "docx"
    names = {"doc": ("Word 97–2003 (.doc)", "a Word 97–2003 .doc"), "odt": ("OpenDocument (.odt)", "an .odt"),
             "rtf": ("RTF (.rtf)", "an .rtf")}[kind]
    raise UnreadableInput(f"Tệp không phải văn bản {names[0]} hoặc đã hỏng",
                          f"the file is not {names[1]} document or is damaged")


def _converted(data: bytes, suffix: str) -> bytes:
    """A .doc/.odt/.rtf as .docx through the warm LibreOffice workers (service/convert). A file LibreOffice cannot
    open, or cannot convert within VANBAN_PDF_TIMEOUT, is the input's fault (UnreadableInput, a 4xx); a converter
    that is missing or not starting (ConverterUnavailable) is not, and goes to the caller (503)."""
    from service.convert import ConversionError, ConversionTimeout, to_docx

    try:
        return to_docx(data, suffix)
    except ConversionError:  # its message names our scratch file, not the clerk's
        raise UnreadableInput(f"LibreOffice không mở được tệp {suffix}: tệp hỏng hoặc không đúng định dạng",
                              f"LibreOffice cannot open the {suffix} file: it is damaged or not in that format") \
            from None
    except ConversionTimeout as exc:
        raise UnreadableInput(f"Tệp {suffix} quá phức tạp để chuyển sang .docx: {exc.vi}",
                              f"the {suffix} file is too complex to convert to .docx: {exc.en}") from None
