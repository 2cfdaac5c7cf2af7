"""A PDF with a text layer (exported from Word, printed to PDF) read with pdfminer.six: its text lines with their
positions, so the two-column header and the recipients/signature block keep their reading order."""
from __future__ import annotations

import io

from service.importer.layout import VisualLine


def has_text(lines: list[VisualLine]) -> bool:
    return sum(len(ln.text.strip()) for ln in lines) >= 40


def pdf_lines(data: bytes, max_pages: int) -> list[VisualLine]:
    """Every text line of the first `max_pages` pages, `top` measured from the top of its page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    out: list[VisualLine] = []
    params = LAParams(line_margin=0.3, char_margin=2.0, boxes_flow=None)
    for page_no, page in enumerate(extract_pages(io.BytesIO(data), laparams=params, maxpages=max_pages)):
        height = page.height
        for element in page:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                if not isinstance(line, LTTextLine):
                    continue
                text = line.get_text().strip()
                if not text:
                    continue
                chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                bold = bool(chars) and all("bold" in c.fontname.lower() for c in chars)
                out.append(VisualLine(text, line.x0, line.x1, height - line.y1, height - line.y0, page_no, bold))
    return out
