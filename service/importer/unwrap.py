"""Undo the hard line wraps of text copied from a legal-document web page.

Such pages print the header table as cells apart by a line holding only `|`, and wrap every paragraph at the
page's width, even inside a word group (`ỦY` / `BAN NHÂN DÂN`, `Kon Tum, ngày 09` / `tháng 10 năm 2013`). The
header cells are rejoined line by line (the issuer cell is left to the agency-name rules, which join wrapped
names); body lines are joined when the line above is cut mid-sentence and this one does not start a new element.
"""
from __future__ import annotations

import re

from service.reading import (ARCHIVE_WORD, BASIS_WORDS, MOTTO_OPENING, NOI_NHAN_WORDS, TYPE_NAMES, classify,
                             is_national_name, is_upper, key, loose_words)
from service.rules.types import TYPES
from service.rules import nd30
from service.rules.agencies import is_organisation_heading, starts_authority

CELL_BREAK = "|"
TERMINAL = (".", ";", ":", "!", "?", "…", nd30.CLOSING_MARK)
# A decision's action line (`QUYẾT ĐỊNH:`, `QUYẾT NGHỊ:`, service.rules.types), each once.
_ACTION_LINES = "|".join(loose_words(line) + r"\s*:" for line in dict.fromkeys(
    t.action_line for t in TYPES.values() if t.action_line))
OPENS_ELEMENT = re.compile(rf"^({BASIS_WORDS}|theo\s+đề\s+nghị|xét\s+đề\s+nghị|trên\s+cơ\s+sở|{_ACTION_LINES}|"
                           rf"{NOI_NHAN_WORDS}|{loose_words(nd30.KINH_GUI_HEADING)}|{ARCHIVE_WORD}\b|điều\s+\d+|"
                           r"thực\s+hiện\b|\(ban\s+hành)", re.IGNORECASE)
RUNS_TO_PUNCTUATION = re.compile(rf"^({BASIS_WORDS}|theo\s+đề\s+nghị|xét\s+đề\s+nghị|trên\s+cơ\s+sở|"
                                 r"sau\s+khi\s+xem\s+xét|thực\s+hiện)\b", re.IGNORECASE)
WRAP_MIN = 40  # a line this long that ends mid-sentence was cut by the page width
# Words that cannot end a sentence or a title: a line ending with one was cut.
OPEN_WORDS = {"và", "của", "số", "ngày", "tháng", "các", "về", "với", "cho", "tại", "theo", "trong", "được", "là",
              "có", "để", "từ", "đến", "thuộc", "những", "một", "bộ", "sở", "ban", "ủy", "hội", "quy", "hành"}
DASHES = re.compile(r"^[\s\-_–—=*]+$")
PART_HEAD = re.compile(r"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+([IVXLCDM]+|\d+)\.?$")


def is_web_layout(lines: list[str]) -> bool:
    return any(line.strip() == CELL_BREAK for line in lines)


WRAPPED_MIN = 60  # a body line this long, cut mid-sentence, and the next one going on: text copied from a PDF


def is_hard_wrapped(lines: list[str]) -> bool:
    """Text copied out of a PDF keeps the page's line breaks inside paragraphs: at least three long lines end
    mid-sentence and the line after each goes on in lower case or with a figure."""
    lines = [ln.strip() for ln in lines]
    cut = 0
    for line, nxt in zip(lines, lines[1:]):
        if len(line) >= WRAPPED_MIN and not line.endswith(TERMINAL) and nxt[:1] \
                and (nxt[:1].islower() or nxt[:1].isdigit()) and classify(nxt).level == "text":
            cut += 1
    return cut >= 3


def logical_lines(lines: list[str]) -> list[str]:
    """The lines of a pasted text as its author typed them: a web page's cells and wraps undone; a PDF copy's
    paragraphs rejoined below the header (the header's two columns typed side by side are left to the column
    split)."""
    if is_web_layout(lines):
        return unwrap(lines)
    if not is_hard_wrapped(lines):
        return lines
    stripped = [ln.strip() for ln in lines if ln.strip()]
    start = next((i + 1 for i, ln in enumerate(stripped) if key(ln) in TYPE_NAMES), 0)
    end = next((i for i in range(start, len(stripped)) if re.match(rf"^{NOI_NHAN_WORDS}\b", stripped[i], re.I)),
               len(stripped))  # recipients and signature: short lines of their own
    body = [ln for ln in stripped[start:end]]
    joined: list[str] = []
    for part in _numbered_apart(body):
        joined.extend(_join_body(part))
    return stripped[:start] + joined + stripped[end:]


_NUMBER_GLUED = re.compile(r"^\d+(\.\d+)*\.\S")  # `1.1.Vị trí địa lý`: a numbered heading typed without a space


def _numbered_apart(lines: list[str]) -> list[list[str]]:
    """Runs of lines split before each numbered heading typed without a space after its label, so no wrapped
    line is joined across it."""
    parts: list[list[str]] = [[]]
    for line in lines:
        if _NUMBER_GLUED.match(line) and parts[-1]:
            parts.append([])
        parts[-1].append(line)
    return parts


def unwrap(lines: list[str]) -> list[str]:
    """The logical lines of a web-copied text (cells and paragraphs rejoined)."""
    lines = [ln.strip() for ln in lines if ln.strip()]
    breaks = [i for i, ln in enumerate(lines) if ln == CELL_BREAK]
    if not breaks:
        return lines
    # The header is the run of cells before the type name; the first cell is the issuer's.
    header_end = _header_end(lines, breaks)
    out: list[str] = []
    cell: list[str] = []
    first_cell = True
    for i, line in enumerate(lines[:header_end]):
        if line == CELL_BREAK:
            out.extend(cell if first_cell else join_cell(cell))
            cell, first_cell = [], False
        else:
            cell.append(line)
    out.extend(cell if first_cell else join_cell(cell))
    out.extend(_join_body([ln for ln in lines[header_end:]]))
    return out


def _header_end(lines: list[str], breaks: list[int]) -> int:
    for i, line in enumerate(lines):
        if i > breaks[0] and line != CELL_BREAK and key(line) in TYPE_NAMES:
            return i
    return breaks[0] + 1


_MOTTO_OPENS = MOTTO_OPENING.lower()


def join_cell(cell: list[str]) -> list[str]:
    """Lines of one header cell joined, except a dash rule and the motto, which stand on their own."""
    out: list[str] = []
    for line in cell:
        starts_own = DASHES.match(line) or line.lower().startswith(_MOTTO_OPENS) or not out \
            or DASHES.match(out[-1]) or is_national_name(out[-1]) \
            or out[-1].lower().startswith(_MOTTO_OPENS) \
            or is_organisation_heading(out[-1])
        if starts_own:
            out.append(line)
        else:
            out[-1] = f"{out[-1]} {line}"
    return out


def _join_body(lines: list[str]) -> list[str]:
    out: list[str] = []
    for i, line in enumerate(lines):
        if line == CELL_BREAK:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if out and _continues(out[-1], line, nxt):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _continues(prev: str, line: str, nxt: str) -> bool:
    if prev == CELL_BREAK or DASHES.match(line) or DASHES.match(prev) or prev.endswith(TERMINAL) \
            or key(prev) in TYPE_NAMES:
        return False
    if classify(line).level != "text" or (OPENS_ELEMENT.match(line) and line[:1].isupper()):
        return False
    if line.startswith(("-", "+", "–")):
        first = line[1:].strip()[:1]  # "kinh tế" / "- xã hội": a phrase cut at the line's end, not a bullet
        return (first.islower() or first.isdigit()) and not prev.endswith(",")
    if is_upper(line) and starts_authority(line) and OPENS_ELEMENT.match(nxt or ""):
        return False  # a decision's authority line right before its first Căn cứ
    if is_upper(line) and len(line.split()) == 1 and is_upper(prev):
        return True  # `TM. ỦY BAN NHÂN` / `DÂN`
    if RUNS_TO_PUNCTUATION.match(prev) and not prev.endswith(","):
        return True  # a `Căn cứ …` / `Xét đề nghị …` line runs to its punctuation
    if PART_HEAD.match(prev) and is_upper(line):
        return True  # `Phần I` / `TÌNH HÌNH CHUNG …`: the heading's title on the next line
    first = line[0]
    last_word = prev.split()[-1]
    if is_upper(last_word) and is_upper(line) and len(last_word) > 1:
        return True  # an upper-case title wrapped: `… VÀ KẾT` / `QUẢ TRIỂN KHAI …`
    last_word = last_word.lower()
    if first.islower() or first.isdigit() or prev.endswith((",", "-", "–")) or last_word in OPEN_WORDS:
        return True
    if is_upper(prev) and len(prev.split()) == 1 and is_upper(line):
        return True  # `BAN` / `HÀNH QUY ĐỊNH …`
    return len(prev) >= WRAP_MIN and is_upper(prev) == is_upper(line)
