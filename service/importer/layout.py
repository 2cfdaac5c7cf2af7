"""Visual lines (from a PDF's text layer or from OCR) to the paragraphs the locator reads.

A page prints the header as two columns side by side (issuer on the left, national name on the right) and the
bottom as recipients beside the signature. Reading such a page row by row would interleave the columns, so each
run of rows holding two columns becomes a table of two cells, read cell by cell as Word's tables are; the lines of
a body paragraph wrapped at the page width are joined back (a new paragraph starts on an indented line, after a
short line, a wider gap, or a numbered or keyword line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from service.reading import (KINH_GUI_RE, TYPE_NAMES, Document, Para, ParaFormat, Run, RunFormat, classify, key,
                             norm)
from service.importer.unwrap import OPENS_ELEMENT, join_cell


@dataclass
class VisualLine:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page (points or pixels; one unit per document)
    bottom: float
    page: int
    bold: bool = False
    confidence: float | None = None  # OCR word confidence 0–100, None for a text layer


def _rows(lines: list[VisualLine]) -> list[list[VisualLine]]:
    """Lines of one page grouped into rows (overlapping vertically), top to bottom, each row left to right."""
    rows: list[list[VisualLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.page, ln.top, ln.x0)):
        row = rows[-1] if rows else None
        if row and row[0].page == line.page and line.top < min(r.bottom for r in row) - 0.3 * (line.bottom - line.top):
            row.append(line)
        else:
            rows.append([line])
    return [sorted(r, key=lambda ln: ln.x0) for r in rows]


def _is_single_center(row: list[VisualLine], left: float, right: float) -> bool:
    mid = (left + right) / 2
    return len(row) == 1 and abs((row[0].x0 + row[0].x1) / 2 - mid) < 0.08 * (right - left)


def build_document(lines: list[VisualLine]) -> tuple[Document, dict[int, float]]:
    """The paragraphs (two-column blocks as table cells) and the OCR confidence of each paragraph by index."""
    lines = [ln for ln in lines if norm(ln.text)]
    if not lines:
        return Document(paras=[], sections=[], headers={}, footers={}, even_and_odd=False, package=None), {}
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = right - left
    mid = left + width / 2
    rows = _rows(lines)
    paras: list[Para] = []
    confidence: dict[int, float] = {}
    table = 0
    i = 0
    prev: VisualLine | None = None
    while i < len(rows):
        # A two-column block: rows with a line on each side of the middle, and the narrow rows among them.
        j = i
        while j < len(rows) and _narrow(rows[j], width) and not _is_single_center(rows[j], left, right) \
                and not (len(rows[j]) == 1 and key(norm(rows[j][0].text)) in TYPE_NAMES) \
                and not (len(rows[j]) == 1 and KINH_GUI_RE.match(norm(rows[j][0].text))) \
                and not (j == i and len(rows[j]) == 1 and prev is not None and paras and paras[-1].cell is None
                         and _continues(prev, rows[j][0], left, right)):
            # the short last line of a body paragraph (`thực hiện./.`) above the recipients and signature
            # a công văn's Kính gửi opens the body under the header, however short its line
            j += 1
        block = rows[i:j]
        if paras and paras[-1].cell is None and len(block) > 1 and len(block[0]) == 1 \
                and (block[0][0].x0 + block[0][0].x1) / 2 < mid and any(len(r) > 1 for r in block):
            # a short body paragraph (`Trân trọng kính trình`) right above the recipients and the signature
            block = block[:1]
            j = i + 1
        if any(len(r) > 1 for r in block):
            for col in (0, 1):
                cell = [ln for row in block for ln in row if (0 if (ln.x0 + ln.x1) / 2 < mid else 1) == col]
                if table == 0 and col == 1:
                    cell = _joined(cell)  # national name, motto and date line wrapped in a narrow column
                for ln in cell:
                    _add(paras, confidence, ln, (table, 0, col))
            table += 1
            i, prev = j, None
            continue
        for ln in rows[i]:
            if prev is not None and paras and paras[-1].cell is None and _continues(prev, ln, left, right):
                para = paras[-1]
                # A line broken after a hyphen inside a symbol ("Chỉ thị số 37-" / "CT/TW") joins without a space.
                sep = "" if re.search(r"\w-$", para.own_text) else " "
                para.runs.append(Run(sep + norm(ln.text), para.runs[0].fmt, None, None, None))
                if ln.confidence is not None:
                    confidence[para.index] = min(confidence.get(para.index, 100.0), ln.confidence)
            else:
                _add(paras, confidence, ln, None)
            prev = ln
        i += 1
    return Document(paras=paras, sections=[], headers={}, footers={}, even_and_odd=False, package=None), confidence


def _joined(cell: list[VisualLine]) -> list[VisualLine]:
    """The header's right column with its wrapped lines joined (service.importer.unwrap.join_cell's rule)."""
    texts = join_cell([norm(ln.text) for ln in cell])
    out, i = [], 0
    for text in texts:
        first = cell[i]
        n = max(1, len(text.split(" ")) and _count_parts(text, cell[i:]))
        last = cell[i + n - 1]
        conf = [c.confidence for c in cell[i:i + n] if c.confidence is not None]
        out.append(VisualLine(text, min(c.x0 for c in cell[i:i + n]), max(c.x1 for c in cell[i:i + n]), first.top,
                              last.bottom, first.page, first.bold, min(conf) if conf else None))
        i += n
    return out


def _count_parts(text: str, lines: list[VisualLine]) -> int:
    """How many of `lines` were joined into `text`."""
    acc = ""
    for n, ln in enumerate(lines, 1):
        acc = f"{acc} {norm(ln.text)}".strip()
        if acc == text:
            return n
    return 1


def _narrow(row: list[VisualLine], width: float) -> bool:
    return all((ln.x1 - ln.x0) < 0.62 * width for ln in row)


def _add(paras: list[Para], confidence: dict[int, float], ln: VisualLine, cell) -> None:
    fmt = RunFormat(bold=True) if ln.bold else RunFormat()
    para = Para(part="body", index=len(paras), style=None, fmt=ParaFormat(), runs=[Run(norm(ln.text), fmt, None,
                                                                                        None, None)], cell=cell)
    paras.append(para)
    if ln.confidence is not None:
        confidence[para.index] = ln.confidence


def _continues(prev: VisualLine, line: VisualLine, left: float, right: float) -> bool:
    """Whether `line` continues the paragraph `prev` ends: prev ran to the right margin, the gap is a line's, and
    this line is not indented, numbered or a keyword line."""
    height = max(prev.bottom - prev.top, 1.0)
    text = norm(line.text)
    if line.page != prev.page:
        return prev.x1 > right - 0.12 * (right - left) and not prev.text.rstrip().endswith((".", ":", ";"))
    if line.top - prev.bottom > 0.9 * height:
        return False
    if prev.x1 < right - 0.12 * (right - left) or line.x0 > left + 0.04 * (right - left):
        return False
    lab = classify(text)
    if lab.level == "bullet" and (lab.rest[:1].islower() or lab.rest[:1].isdigit()) \
            and not norm(prev.text).endswith((".", ";", ":")):
        return True  # "kinh tế" / "- xã hội": a hyphenated phrase cut at the line's end, not a bullet
    if lab.level != "text" or (OPENS_ELEMENT.match(text) and text[:1].isupper()):
        return False  # a keyword opens a paragraph only when capitalised ("… đánh giá kết quả" / "thực hiện …")
    return True
