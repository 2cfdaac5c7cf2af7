"""Find the decree's elements in any document by their content, not by the styles our template happens to use.

A hand-made document may put the header in a table or not, break the signer block with manual line breaks,
or number with Word lists; elements are recognised by what they say (the national name, "Số:", the
place–date line, a type name from the rules table, "Nơi nhận:", an authority prefix) and by where they sit
relative to one another (same table column, same cell, before/after).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.reading.reader import Document, Line
from service.reading.sequences import classify
from service.reading.text import has_letters, is_upper, key, loose_words, norm, typed_line
from service.rules import nd30
from service.rules.agencies import split_title_of_issuer, starts_authority

NUMBER_RE = re.compile(r"^s[ốỐoO]\s*[:：.]?\s*", re.IGNORECASE)
PLACE_DATE_RE = re.compile(r"^[^,]{2,80},\s*(ngày|tháng|năm|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4})",
                           re.IGNORECASE)
# Regex sources (compile with re.IGNORECASE) for the decree's headings and opening words however they are spaced,
# shared by the locator and the importer: `Kính gởi` is the heading as the South often spells it.
KINH_GUI_WORDS = "|".join(loose_words(h) for h in nd30.KINH_GUI_SPELLINGS)
NOI_NHAN_WORDS = loose_words(nd30.NOI_NHAN_HEADING)
BASIS_WORDS = loose_words(nd30.BASIS_OPENING)
KINH_GUI_RE = re.compile("^(" + KINH_GUI_WORDS + r")\s*:?", re.IGNORECASE)
NOI_NHAN_KEY = key(nd30.NOI_NHAN_HEADING.rstrip(":"))
ARCHIVE_WORD = nd30.ARCHIVE_PREFIX.rstrip(":")
# The national name and the motto as typed (case kept: compile without IGNORECASE), and the motto's first words.
NATIONAL_NAME_TYPED = typed_line(nd30.NATIONAL_NAME)
MOTTO_TYPED = typed_line(nd30.MOTTO)
# The national name with its second word garbled by an old (TCVN3) font, `CỘNG HỒ XÃ HỘI …` (see is_national_name).
_NATIONAL = nd30.NATIONAL_NAME.split()
NATIONAL_NAME_GARBLED = r"\s+".join([re.escape(_NATIONAL[0]), re.escape(_NATIONAL[1][0]) + r"\S*",
                                     *map(re.escape, _NATIONAL[2:])])
MOTTO_OPENING = nd30.MOTTO.split(" - ")[0]
# The decree's authorities (TM., KT., Q., TL., TUQ.), also as typed with a slash or dots between letters (T/M, K.T).
AUTHORITY_LETTERS = tuple(a.rstrip(".") for a in nd30.AUTHORITIES)
AUTHORITY_RE = re.compile("^(" + "|".join(
    [*AUTHORITY_LETTERS, *(sep.join(letters) for letters in AUTHORITY_LETTERS if len(letters) > 1
                           for sep in ("/", "."))]).replace(".", r"\.") + r")\b\.?", re.IGNORECASE)
DASH_LINE_RE = re.compile(r"^[\s\-_–—=.*]+$")
APPENDIX_RE = re.compile(r"^phụ\s+lục\b", re.IGNORECASE)
DRAFTER_RE = re.compile(r"^[A-ZĐ][A-Za-zĐđ]*\.?\s*\(\d+\)\.?$")
# Marks a copy carries where the signature was (`(Đã ký)`, `(đã ký và đóng dấu)`, `[daky]`): never the name.
SIGNED_MARK_RE = re.compile(r"^[(\[]\s*(đã\s*ký[^)\]]*|daky|ký|đóng\s*dấu[^)\]]*)\s*[)\]]$", re.IGNORECASE)

TYPE_NAMES = {key(name): type_id for type_id, (name, _abbr) in nd30.TYPE_ABBREVIATIONS.items()}
_NATIONAL_WORDS = key(nd30.NATIONAL_NAME).split()


def is_national_name(text: str) -> bool:
    """The national name, also as a PDF set in an old (TCVN3) font gives it back: the vowels of its second word
    garbled (`CỘNG HỒ XÃ HỘI CHỦ NGHĨA VIỆT NAM`), every other word intact."""
    words = key(text).split()
    return words == _NATIONAL_WORDS or (
        len(words) == len(_NATIONAL_WORDS) and words[0] == _NATIONAL_WORDS[0] and words[2:] == _NATIONAL_WORDS[2:]
        and words[1][:1] == _NATIONAL_WORDS[1][:1])


def _run_on_type(line: Line) -> str | None:
    """A type name with the summary run on after it on one line (`BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ`): the type id."""
    text = norm(line.text)
    if not is_upper(text) or text.endswith(":"):
        return None
    return next((type_id for name, type_id in TYPE_NAMES.items() if key(text).startswith(name + " ")), None)
MARKS = {key(m) for m in (*nd30.URGENCY, *nd30.SECRECY, *nd30.CIRCULATION)}
HEADER_SCAN = 40  # the first-page header never runs past this many non-empty lines
HEADER_BOXES = 6  # text boxes anchored before this many lines of the text flow belong to the header


@dataclass
class Elements:
    """Lines of each element (empty list / None when absent) and the body lines between header and signature."""

    national_name: Line | None = None
    motto: Line | None = None
    parent: list[Line] = field(default_factory=list)
    issuer: list[Line] = field(default_factory=list)
    number: Line | None = None
    place_date: Line | None = None
    cv_summary: list[Line] = field(default_factory=list)
    type_name: Line | None = None
    type_id: str | None = None
    type_tail: list[Line] = field(default_factory=list)  # the old title form's issuer wrapped under the type line
    type_run_on: str = ""  # the summary's start printed on the type line after the type name
    summary: list[Line] = field(default_factory=list)
    kinh_gui: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    noi_nhan: Line | None = None
    recipients: list[Line] = field(default_factory=list)
    signer: list[Line] = field(default_factory=list)
    marks: list[Line] = field(default_factory=list)
    trailing: list[Line] = field(default_factory=list)  # appendices and anything after the signature


def _same_cell(a: Line, b: Line) -> bool:
    return a.para.cell is not None and a.para.cell == b.para.cell


def _same_column(a: Line, b: Line) -> bool:
    return (a.para.cell is not None and b.para.cell is not None and a.para.cell[0] == b.para.cell[0]
            and a.para.cell[2] == b.para.cell[2])


# `Nơi nhận: -Phòng GD&ĐT …; -BGH (T/h); - Lưu (VT)`: a web page that runs the recipient list into one line.
INLINE_NOI_NHAN_RE = re.compile(rf"^{NOI_NHAN_WORDS}\s*:\s*[-–+]", re.IGNORECASE)


def is_noi_nhan(line: Line) -> bool:
    return key(line.text).rstrip(":").strip() == NOI_NHAN_KEY or bool(INLINE_NOI_NHAN_RE.match(norm(line.text)))


def locate(doc: Document) -> Elements:
    lines = header_flow([line for line in doc.body_lines() if norm(line.text)])
    boxes = [line for line in doc.body_lines() if norm(line.text) and line.para.textbox]
    el = Elements()
    head = lines[:HEADER_SCAN]

    # Type name (ô 5a): a whole line naming a type from the rules table, without a trailing colon.
    type_idx = None
    for i, line in enumerate(head):
        text = norm(line.text)
        if text.endswith(":"):
            continue
        if key(text) in TYPE_NAMES:
            type_idx, el.type_name, el.type_id = i, line, TYPE_NAMES[key(text)]
            break
        titled = split_title_of_issuer(text)
        if titled is not None and key(titled[0]) in TYPE_NAMES:  # `QUYẾT ĐỊNH CỦA HỘI ĐỒNG QUẢN TRỊ`
            type_idx, el.type_name, el.type_id = i, line, TYPE_NAMES[key(titled[0])]
            el.type_tail = _title_tail(head[i + 1:i + 3])
            break

    for line in head + boxes:
        k = key(line.text)
        if el.national_name is None and is_national_name(line.text):
            el.national_name = line
        elif el.motto is None and re.sub(r"[^A-ZĐÀ-Ỹ]", "", k) == re.sub(r"[^A-ZĐÀ-Ỹ]", "", key(nd30.MOTTO)) \
                and len(k) < 60:
            el.motto = line
        elif k in MARKS:
            el.marks.append(line)

    if type_idx is None:  # `BÁO CÁO TÌNH HÌNH VÀ KẾT QUẢ`: the first line after the header block's lines
        last = max((i for i, line in enumerate(head) if line is el.national_name or line is el.motto
                    or NUMBER_RE.match(norm(line.text)) or PLACE_DATE_RE.match(norm(line.text))), default=None)
        run_on = _run_on_type(head[last + 1]) if last is not None and last + 1 < len(head) else None
        if run_on is not None:
            type_idx, el.type_name, el.type_id = last + 1, head[last + 1], run_on
            el.type_run_on = norm(head[last + 1].text)[len(nd30.TYPE_ABBREVIATIONS[run_on][0]):].strip()
    header_end = type_idx if type_idx is not None else _header_end_without_type(head, el)
    header = lines[:header_end]
    for line in header:
        text = norm(line.text)
        if el.number is None and NUMBER_RE.match(text) and ("/" in text or text.rstrip(":").lower() == "số"
                                                           or re.match(r"^s[ốo]\s*:", text, re.IGNORECASE)):
            el.number = line
        elif el.place_date is None and PLACE_DATE_RE.match(text):
            el.place_date = line

    _issuer_block(header, el)
    if el.type_name is None and el.number is not None:
        after = header[header.index(el.number) + 1:] if el.number in header else []
        el.cv_summary = [ln for ln in after if _same_cell(ln, el.number) and has_letters(ln.text)
                         and not DASH_LINE_RE.match(ln.text)]

    pos = header_end
    if type_idx is not None:
        pos = type_idx + 1 + len(el.type_tail)
        summary: list[Line] = []
        optional = summary_optional(el.type_id)
        while pos < len(lines):
            line = lines[pos]
            text = norm(line.text)
            if KINH_GUI_RE.match(text) or is_noi_nhan(line):
                break
            if not summary and optional and line.para.fmt.align != "center":
                break  # giấy giới thiệu, giấy nghỉ phép: the body follows the type name directly
            if summary and not _continues_summary(summary[0], summary[-1], line):
                break
            summary.append(line)
            pos += 1
        el.summary = summary

    if pos < len(lines) and KINH_GUI_RE.match(norm(lines[pos].text)):
        el.kinh_gui.append(lines[pos])
        pos += 1
        while pos < len(lines) and norm(lines[pos].text).startswith(("-", "+")):
            el.kinh_gui.append(lines[pos])
            pos += 1

    bottom = _bottom(lines, pos, el)
    el.body = [ln for ln in lines[pos:bottom] if not DASH_LINE_RE.match(norm(ln.text))]
    return el


def header_flow(lines: list[Line]) -> list[Line]:
    """The lines in reading order with the text boxes anchored among the first HEADER_BOXES lines kept in place
    (the reader gives them table-cell coordinates): clerks type the agency name, the number and the national
    name in boxes. Boxes further down (a note, a stamp) stay out of the flow, as the checker has always read it."""
    out: list[Line] = []
    flow = 0
    for line in lines:
        if not line.para.textbox:
            flow += 1
            out.append(line)
        elif flow < HEADER_BOXES and line.para.cell is not None:
            out.append(line)
    return out


def summary_optional(type_id: str | None) -> bool:
    """Whether the type's layout may omit the summary line (rules table, service/rules/types.py)."""
    from service.rules.types import TYPES

    doc_type = TYPES.get(type_id or "")
    return doc_type is not None and getattr(doc_type, "summary", "required") != "required"


def _title_tail(after: list[Line]) -> list[Line]:
    """The issuer's name wrapped under an old-form title (`QUYẾT ĐỊNH CỦA HỘI ĐỒNG QUẢN TRỊ` / `NGÂN HÀNG …`):
    the upper-case lines right under it, up to the summary (`VỀ VIỆC …`, `(ban hành …)`) or a body line."""
    tail: list[Line] = []
    for line in after:
        text = norm(line.text)
        if not is_upper(text) or text.startswith(("(", "V/V", "VỀ ")) or classify(text).level != "text" \
                or text.endswith(":"):
            break
        tail.append(line)
    return tail


def _continues_summary(first: Line, prev: Line, line: Line) -> bool:
    """A summary wrapped onto several centred lines follows it directly and looks like its first line; the
    short rule under it ends it, and an upper-case authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:"), a
    chapter heading or a body paragraph is not part of it."""
    if line.para is not prev.para and line.para.index != prev.para.index + 1:
        return False
    text = norm(line.text)
    if classify(text).level != "text":
        return False
    mostly_upper = _mostly_upper(text)
    if _mostly_upper(norm(first.text)) and not mostly_upper:
        return False  # an upper-case title and a sentence-case line under it (`Thời điểm tháng 10 năm 2020`)
    if mostly_upper and _mostly_upper(norm(first.text)) and not starts_authority(text) \
            and not re.match(r"^(PHẦN|CHƯƠNG|MỤC|PHỤ LỤC)\b", text):
        mostly_upper = False  # an upper-case title typed on two centred lines (`TÌNH HÌNH …` / `PHỔ CẬP …`)
    if first.para.fmt.align != "center" or line.para.fmt.align != "center" or mostly_upper or text.endswith(":"):
        return False
    first_runs, runs = first.text_runs(), line.text_runs()
    if not first_runs or not runs:
        return False
    return (all(r.fmt.bold for r in runs) == all(r.fmt.bold for r in first_runs)
            and runs[0].fmt.size == first_runs[0].fmt.size)


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def _header_end_without_type(head: list[Line], el: Elements) -> int:
    """Without a type name (công văn): the header ends with the first table's last line or at Kính gửi."""
    for i, line in enumerate(head):
        if KINH_GUI_RE.match(norm(line.text)):
            return i
    anchor = el.national_name
    if anchor is not None and anchor.para.cell is not None:
        table = anchor.para.cell[0]
        last = max(i for i, line in enumerate(head) if line.para.cell and line.para.cell[0] == table)
        return last + 1
    return 0


def _issuer_block(header: list[Line], el: Elements) -> None:
    """Parent agency and issuing agency (ô 2): the upper lines above "Số:" in the issuer column."""
    skip = {id(x) for x in (el.national_name, el.motto, el.place_date, *el.marks) if x is not None}
    if el.number is not None and el.number in header:
        above = header[: header.index(el.number)]
        if el.number.para.cell is not None:
            candidates = [ln for ln in above if _same_column(ln, el.number)]
            if not candidates and el.national_name is not None:
                candidates = [ln for ln in above if ln.para.cell and ln.para.cell[0] == el.number.para.cell[0]
                              and el.national_name.para.cell and ln.para.cell[2] < el.national_name.para.cell[2]]
        elif el.national_name is not None and el.national_name in above and \
                all(ln.para.cell is None for ln in above):  # plain text: columns typed side by side come out
            candidates = above                               # interleaved, the right column's lines are skipped
        elif el.national_name is not None and el.national_name in above:
            candidates = above[: above.index(el.national_name)]
        else:
            candidates = above
    elif el.national_name is not None and el.national_name.para.cell is not None:
        nn = el.national_name.para.cell
        candidates = [ln for ln in header if ln.para.cell and ln.para.cell[0] == nn[0] and ln.para.cell[2] < nn[2]]
    else:
        candidates = []
    names = [ln for ln in candidates if id(ln) not in skip and (has_letters(ln.text) or
             re.fullmatch(r"\d{1,3}", norm(ln.text)))  # `TRƯỜNG TH ĐỒNG KHO` / `1` wrapped in a narrow cell
             and not DASH_LINE_RE.match(ln.text)]
    if len(names) >= 2:
        el.parent, el.issuer = names[:1], names[1:]
    else:
        el.issuer = names


def _bottom(lines: list[Line], start: int, el: Elements) -> int:
    """Locate Nơi nhận, the recipients and the signer; return where the body ends."""
    noi = next((i for i in range(start, len(lines)) if is_noi_nhan(lines[i])), None)
    if noi is not None:
        el.noi_nhan = lines[noi]
        heading = lines[noi]
        after = lines[noi + 1:]
        if heading.para.cell is not None:
            el.recipients = [ln for ln in after if _same_cell(ln, heading)]
            table = heading.para.cell[0]
            el.signer = [ln for ln in lines[start:] if ln.para.cell and ln.para.cell[0] == table
                         and ln.para.cell[2] != heading.para.cell[2]]
            table_lines = [i for i in range(start, len(lines)) if lines[i].para.cell
                           and lines[i].para.cell[0] == table]
            body_end = min(table_lines)
            last = max(table_lines)
        else:
            j = 0
            while j < len(after) and (norm(after[j].text).startswith((nd30.BULLET, "+", ARCHIVE_WORD))
                                      or DRAFTER_RE.match(norm(after[j].text))
                                      or (j > 0 and _wraps_recipient(after[j - 1], after[j]))
                                      or (j > 0 and _inside_list(after, j))):
                j += 1
            el.recipients = after[:j]
            body_end = noi
            rest = after[j:]
            if rest and _signer_like(rest[0]):
                el.signer = _take_signer(rest)
                last = noi + j + len(el.signer)
            else:
                before = _signer_before(lines, start, noi)
                el.signer = before
                body_end = noi - len(before)
                last = noi + j
                if before and all(is_upper(norm(ln.text)) for ln in before) and rest and _name_like(rest[0]):
                    # a PDF read cell by cell: the titles above Nơi nhận, the signer's name after the list
                    el.signer = before + [rest[0]]
                    last += 1
        el.trailing = lines[last + 1:]
        return body_end
    # No "Nơi nhận": the signer is the short block at the end (or the last table with an authority line).
    before = _signer_before(lines, start, len(lines))
    el.signer = before
    return len(lines) - len(before)


def _wraps_recipient(prev: Line, line: Line) -> bool:
    """A recipient item wrapped onto the next line: the item above is not finished (no ; or .) and this line
    is not a signature title."""
    before, text = norm(prev.text), norm(line.text)
    return not before.endswith((";", ".")) and not _signer_like(line) and not is_upper(text)


def _inside_list(after: list[Line], j: int) -> bool:
    """A line without a dash between two recipient items (`- VPCP: BTCN;` / `Vụ TH; Cổng TTĐT;` / `- Lưu: VT`):
    the item above went on over the line break although it ended with a semicolon."""
    text = norm(after[j].text)
    nxt = norm(after[j + 1].text) if j + 1 < len(after) else ""
    return not _signer_like(after[j]) and not is_upper(text) and nxt.startswith(("-", "+", "–", "Lưu"))


def _signer_like(line: Line) -> bool:
    text = norm(line.text)
    return len(text) <= 70 and (is_upper(text) or AUTHORITY_RE.match(text) is not None)


def _take_signer(rest: list[Line]) -> list[Line]:
    out = []
    for line in rest:
        if APPENDIX_RE.match(norm(line.text)):
            break
        out.append(line)
        if not is_upper(norm(line.text)) and len(out) > 1 and not SIGNED_MARK_RE.match(norm(line.text)):
            break
    return out


def _signer_before(lines: list[Line], start: int, end: int) -> list[Line]:
    """Short lines right before `end` that form a signature block (upper-case titles, then a name)."""
    i = end
    while i > start:
        text = norm(lines[i - 1].text)
        if len(text) > 70 or text.endswith((".", ";", ":")) or not has_letters(text):
            break
        i -= 1
    block = lines[i:end]
    while block and not is_upper(norm(block[0].text)):  # a signature opens with its title: a short closing line
        block = block[1:]                                # above it (`Trân trọng kính trình`) is the body's
    if block and any(_signer_like(ln) for ln in block):
        return block
    return []


def _name_like(line: Line) -> bool:
    """A person's name: two to five capitalised words, no closing punctuation."""
    text = norm(line.text)
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not is_upper(text) \
        and not text.endswith((".", ";", ":", ","))
