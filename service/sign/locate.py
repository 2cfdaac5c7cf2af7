"""Find the signature block (ô 7) in a rendered PDF: the position line and the name line, on whatever page.

The text layer is the source of truth: the block is printed as the authority line (and the signer's own
position), the empty room for the signature, then the bold name (templates/build.py `_signature`). When the
document's data is known, the block is the first place where the expected position line stands above the
expected name with that room between them; otherwise the first right-column pair of lines — an upper-case one
(the position) above a mixed-case one (the name) — separated by at least two and a half lines of empty space."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from typing import Any

from service.sign.errors import BlockNotFound

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom left
MIN_GAP_LINES = 2.5
MAX_CENTRE_SHIFT = 40.0  # the two lines of the block are centred in the same column (pt)
PDFTOTEXT_TIMEOUT = 60
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Line:
    page: int
    box: Box
    text: str


@dataclass(frozen=True)
class SignatureBlock:
    """Where to sign: the page (0-based), the position line above the room and the name line below it."""

    page: int
    page_size: tuple[float, float]
    position: Box
    name: Box

    @property
    def room(self) -> Box:
        """The empty space between the two lines, across the wider of them."""
        x0 = min(self.position[0], self.name[0])
        x1 = max(self.position[2], self.name[2])
        return (x0, self.name[3], x1, self.position[1])

    @property
    def centre_x(self) -> float:
        return ((self.position[0] + self.position[2]) / 2 + (self.name[0] + self.name[2]) / 2) / 2


def normalise(text: str) -> str:
    """NFC, one space between words, case folded: how the PDF text and the model's strings are compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def read_lines(pdf: bytes) -> tuple[list[Line], dict[int, tuple[float, float]]]:
    """Every text line of the PDF with its box (PDF points, origin bottom left), and each page's size.

    poppler's `pdftotext -bbox-layout` (C, tens of milliseconds for a plan) reads the text layer, form XObjects
    included; its boxes span ascenders and descenders, so the room found between two lines is truly empty."""
    try:
        proc = subprocess.run(["pdftotext", "-q", "-bbox-layout", "-", "-"], input=pdf, capture_output=True,
                              timeout=PDFTOTEXT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BlockNotFound("Không đọc được lớp văn bản của tệp PDF.", "Cannot read the PDF's text layer.",
                            field="file") from exc
    if proc.returncode != 0 or not proc.stdout:
        raise BlockNotFound("Không đọc được lớp văn bản của tệp PDF.", "Cannot read the PDF's text layer.",
                            field="file")
    from lxml import etree

    root = etree.fromstring(proc.stdout, etree.XMLParser(recover=True, huge_tree=False, resolve_entities=False))
    widgets = signature_boxes(pdf)  # poppler also reads the text of signature appearances: not the page's
    lines: list[Line] = []
    sizes: dict[int, tuple[float, float]] = {}
    for index, page in enumerate(root.iter(f"{XHTML}page")):
        width, height = float(page.get("width")), float(page.get("height"))
        sizes[index] = (width, height)
        for line in page.iter(f"{XHTML}line"):
            text = " ".join((w.text or "").strip() for w in line.iter(f"{XHTML}word")).strip()
            if text:
                x0, top, x1, bottom = (float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
                box = (x0, height - bottom, x1, height - top)
                if not any(_inside(box, w) for w in widgets.get(index, [])):
                    lines.append(Line(index, box, text))
    return lines, sizes


def _inside(box: Box, outer: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _visible(widget: Any) -> bool:
    """The widget draws something (a text signature written into the page has an empty appearance)."""
    appearance = widget.get("/AP")
    normal = appearance.get("/N") if appearance is not None else None
    if normal is None:
        return False
    data = getattr(normal.get_object(), "data", b"")
    return bool(data and data.strip())


def signature_boxes(pdf: bytes) -> dict[int, list[Box]]:
    """Rectangles of the signed, visible signature widgets, by page (0-based)."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if "/AcroForm" not in reader.root:
            return {}
        out: dict[int, list[Box]] = {}
        for index in range(int(reader.root["/Pages"]["/Count"])):
            page_obj = reader.find_page_for_modification(index)[0].get_object()
            for annot_ref in page_obj.get("/Annots") or []:
                widget = annot_ref.get_object()
                field = widget if "/FT" in widget else widget.get("/Parent")
                if widget.get("/Subtype") != "/Widget" or field is None:
                    continue
                field = field.get_object()
                if field.get("/FT") != "/Sig" or field.get("/V") is None or "/Rect" not in widget \
                        or not _visible(widget):
                    continue
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                out.setdefault(index, []).append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        return out
    except Exception as exc:  # the PDF parser's own error types vary
        raise BlockNotFound("Không đọc được tệp PDF.", "Cannot read the PDF.", field="file") from exc


def _ends_position(expected: str, line: str) -> bool:
    """The line is the position, or the last line of a position that wrapped in its column."""
    return line == expected or (len(line) >= 3 and expected.endswith(" " + line))


def _gap_ok(upper: Line, lower: Line, lines: list[Line]) -> bool:
    if upper.page != lower.page:
        return False
    gap = upper.box[1] - lower.box[3]
    height = lower.box[3] - lower.box[1]
    if gap < MIN_GAP_LINES * height:
        return False
    cu = (upper.box[0] + upper.box[2]) / 2
    cl = (lower.box[0] + lower.box[2]) / 2
    if abs(cu - cl) > MAX_CENTRE_SHIFT:
        return False
    x0, x1 = min(upper.box[0], lower.box[0]), max(upper.box[2], lower.box[2])
    for other in lines:  # the room is empty
        if other.page == upper.page and other is not upper and other is not lower:
            if other.box[1] < upper.box[1] - 1 and other.box[3] > lower.box[3] + 1 \
                    and other.box[0] < x1 and other.box[2] > x0:
                return False
    return True


def _block(upper: Line, lower: Line, sizes: dict[int, tuple[float, float]]) -> SignatureBlock:
    return SignatureBlock(upper.page, sizes[upper.page], upper.box, lower.box)


def find_block(pdf: bytes, *, position: str | None = None, name: str | None = None) -> SignatureBlock:
    """The signature block of the document. `position` is the line printed just above the room (the signer's
    own position, or the authority line when there is none) and `name` the signer's name, when known."""
    lines, sizes = read_lines(pdf)
    ordered = sorted(lines, key=lambda ln: (ln.page, -ln.box[3], ln.box[0]))
    if name:
        want_name, want_pos = normalise(name), normalise(position) if position else None
        for lower in ordered:
            if normalise(lower.text) != want_name:
                continue
            centre = (lower.box[0] + lower.box[2]) / 2
            above = [u for u in ordered if u.page == lower.page and u.box[1] > lower.box[3]
                     and abs((u.box[0] + u.box[2]) / 2 - centre) <= MAX_CENTRE_SHIFT
                     and (want_pos is None or _ends_position(want_pos, normalise(u.text)))]
            above.sort(key=lambda u: u.box[1])  # nearest first
            for upper in above:
                if _gap_ok(upper, lower, lines):
                    return _block(upper, lower, sizes)
        raise BlockNotFound(f"Không tìm thấy khối chữ ký (chức vụ '{position}', họ tên '{name}') trong tệp PDF.",
                            f"The signature block (position '{position}', name '{name}') is not in the PDF.",
                            field="signer")
    for i, lower in enumerate(ordered):
        width = sizes[lower.page][0]
        if lower.text.upper() == lower.text or (lower.box[0] + lower.box[2]) / 2 < width / 2:
            continue
        centre = (lower.box[0] + lower.box[2]) / 2
        above = [u for u in ordered[:i] if u.page == lower.page and u.text.upper() == u.text
                 and any(c.isalpha() for c in u.text) and u.box[1] > lower.box[3]
                 and abs((u.box[0] + u.box[2]) / 2 - centre) <= MAX_CENTRE_SHIFT]  # its own column
        above.sort(key=lambda u: u.box[1])
        if above and _gap_ok(above[0], lower, lines):
            return _block(above[0], lower, sizes)
    raise BlockNotFound("Không tìm thấy khối chữ ký (dòng chức vụ và họ tên người ký) trong tệp PDF.",
                        "No signature block (position line and signer's name) found in the PDF.", field="file")


def expected_lines(doc: Any) -> tuple[str, str]:
    """(line above the room, name) as the renderer prints the signature block of a Document (or of a valid JSON
    document: service.compose.context.build_context reads it as one)."""
    from service.compose.context import build_context

    signer = build_context(doc)["d"]["signer"]
    return (signer["position"] or signer["authority"], signer["name"])
