"""Rebuild the body tree (sections → items → points → bullets) from numbered paragraphs.

Typed labels are stripped — we generate numbering — so a document that numbers two items "3." comes back
with six items, in order. Paragraphs split by a page break ("(trước" / "ngày 10/6)") are joined first.
Title lines are told from paragraphs by emphasis when the source has formatting (our own .docx sets item
titles bold and point titles italic), otherwise by shape: short, no closing punctuation, followed by content.
"""
from __future__ import annotations

import re

from dataclasses import dataclass

from service.reading import Label, classify, is_title_line, is_upper, norm
from service.rules.nd30 import CLOSING_MARK

TERMINAL = (".", ";", ":", "!", "?", "…", ")", "”", "\"", "'")
LONG_LINE = 90  # a line this long that ends mid-sentence was cut by a page break, not a title
CLOSING_STARTS = ("Trên đây", "Trong quá trình thực hiện", "Quá trình thực hiện", "Kế hoạch này", "Quyết định này",
                  "Báo cáo này", "Văn bản này", "Thông báo này", "Hướng dẫn này")
STRUCTURAL = ("part", "chapter", "section", "item", "point")


@dataclass
class BodyLine:
    """One body paragraph: its text (label included) and whether the source set it all in bold or all in italic,
    as title lines are (None if the source has no formatting)."""

    text: str
    bold: bool | None
    ids: list[int]  # source line ids, so the caller knows what was placed


def join_broken(lines: list[BodyLine]) -> list[BodyLine]:
    """Join a paragraph cut in two (page break in the source) back together; linear in the number of lines (the
    pieces of a joined paragraph are collected, then joined once)."""
    out: list[BodyLine] = []
    texts: list[str] = []
    ids: list[int] = []
    bold: bool | None = None
    length = 0
    for line in lines:
        if texts and _continues(texts[-1], length, line):
            texts.append(line.text)
            ids.extend(line.ids)
            bold = bold if bold == line.bold else False
            length += 1 + len(line.text)
            continue
        if texts:
            out.append(BodyLine(" ".join(texts), bold, ids))
        texts, ids, bold, length = [line.text], list(line.ids), line.bold, len(line.text)
    if texts:
        out.append(BodyLine(" ".join(texts), bold, ids))
    return out


def _continues(before: str, length: int, line: BodyLine) -> bool:
    """Whether `line` continues the paragraph whose last piece is `before` and whose joined length is `length`."""
    text = line.text
    if not text or before.endswith(TERMINAL) or classify(text).level != "text":
        return False
    first = text[0]
    if first.islower():
        return True
    return length >= LONG_LINE and first in "“\"(‘'"


def sentence_case(text: str) -> str:
    """Section titles are printed upper case; the model keeps them in sentence case."""
    if not is_upper(text):
        return text
    words = [w if re.fullmatch(r"\(?[IVXLCDM]+\)?[.,;:]?", w) else w.lower() for w in text.split(" ")]
    lower = " ".join(words)  # Roman numerals keep their capitals ("giai đoạn I")
    return lower[:1].upper() + lower[1:]


def _is_title(line: BodyLine, lab: Label, next_lab: Label | None) -> bool:
    if line.bold is not None:
        return bool(line.bold) and not lab.rest.rstrip().endswith((".", ";"))
    followed = next_lab is not None and (next_lab.level in ("text", "bullet")
                                         or (lab.level == "item" and next_lab.level == "point"))
    return is_title_line(lab) and followed


def _node(title: str | None = None) -> dict:
    return {"title": title} if title else {}


def _add(node: dict, key: str, value) -> None:
    node.setdefault(key, []).append(value)


# One level down for each label when a document puts "Phần I" / "Phần thứ nhất" above its I./1./a): the model's
# highest body level (sections, printed I., II.) holds the parts, and each level below moves down one.
_PUSHED_DOWN = {"part": "I.", "section": "1.", "item": "a)", "point": "-"}


def lift_parts(lines: list[BodyLine]) -> tuple[list[BodyLine], bool]:
    """The body lines relabelled one level down when parts ("Phần I", "PHẦN THỨ HAI") stand above Roman sections
    (the model has no level above sections), with a part's title on the line after a bare "PHẦN I" joined to it;
    whether anything was moved. Labels only are rewritten (the renderer numbers anyway); no text is added."""
    labels = [classify(norm(ln.text)) for ln in lines]
    levels = {lab.level for lab in labels}
    if "part" not in levels:
        return lines, False
    push = "section" in levels
    out: list[BodyLine] = []
    skip = False
    for i, (line, lab) in enumerate(zip(lines, labels)):
        if skip:
            skip = False
            continue
        rest = lab.rest.strip()
        ids = list(line.ids)
        if lab.level == "part" and not rest and i + 1 < len(lines) and labels[i + 1].level == "text" \
                and is_upper(norm(lines[i + 1].text)) and not norm(lines[i + 1].text).endswith(TERMINAL):
            rest, skip = norm(lines[i + 1].text), True  # "PHẦN I" / "ĐÁNH GIÁ TÌNH HÌNH": the title below
            ids += lines[i + 1].ids
        if lab.level == "part" or (push and lab.level in _PUSHED_DOWN):
            label = _PUSHED_DOWN["part"] if lab.level == "part" else _PUSHED_DOWN[lab.level]
            out.append(BodyLine(f"{label} {rest}".strip(), line.bold, ids))
        else:
            out.append(line)
    return out, push


def build_tree(lines: list[BodyLine]) -> tuple[list[str], list[dict], list[str], list[int]]:
    """(opening paragraphs, sections, closing paragraphs, ids of lines placed)."""
    normed = ((norm(ln.text), ln) for ln in lines)
    lines = join_broken([BodyLine(text, ln.bold, ln.ids) for text, ln in normed if text])
    labels = [classify(ln.text) for ln in lines]
    closing_from = _closing_start(lines, labels)
    opening: list[str] = []
    sections: list[dict] = []
    section = item = point = None
    placed: list[int] = []
    for idx, (line, lab) in enumerate(zip(lines, labels)):
        if idx >= closing_from:
            break
        placed.extend(line.ids)
        nxt = labels[idx + 1] if idx + 1 < len(labels) else None
        rest = lab.rest.strip()
        if lab.level in ("part", "chapter", "section"):
            section = _node(sentence_case(rest))
            section.setdefault("items", [])
            sections.append(section)
            item = point = None
        elif lab.level == "item":
            if section is None:
                section = {"items": []}
                sections.append(section)
            title = _is_title(line, lab, nxt)
            item = _node(rest if title else None)
            if not title and rest:
                _add(item, "paragraphs", rest)
            section.setdefault("items", []).append(item)
            point = None
        elif lab.level == "point":
            if item is None:
                if section is None:
                    section = {"items": []}
                    sections.append(section)
                item = {}
                section.setdefault("items", []).append(item)
            title = _is_title(line, lab, nxt)
            point = _node(rest if title else None)
            if not title and rest:
                _add(point, "paragraphs", rest)
            _add(item, "points", point)
        elif lab.level == "bullet" and lab.label in ("-", "+", "–", "—", "•") and (point or item):
            _add(point if point is not None else item, "bullets", rest)
        else:
            text = line.text
            target = point if point is not None else item if item is not None else section
            if target is None:
                opening.append(text)
            else:
                _add(target, "paragraphs", text)
    closing = [ln.text for ln in lines[closing_from:]]
    for ln in lines[closing_from:]:
        placed.extend(ln.ids)
    for sec in sections:
        if not sec.get("items"):
            sec.pop("items", None)
    return opening, sections, closing, placed


def _closing_start(lines: list[BodyLine], labels: list[Label]) -> int:
    """Where the closing paragraphs begin: within the unnumbered paragraphs after the last numbered line, from
    the first that reads like a closing ("Trên đây là …"), or the last one when it carries the ./. mark."""
    last_label = max((i for i, lab in enumerate(labels) if lab.level in STRUCTURAL), default=-1)
    if last_label < 0:
        return len(lines)
    trailing = range(last_label + 1, len(lines))
    for i in trailing:
        if labels[i].level == "text" and lines[i].text.startswith(CLOSING_STARTS):
            return i
    last = len(lines) - 1
    # A title line ("6. Chế độ báo cáo") owns the paragraph after it; a numbered paragraph owns nothing more.
    first_free = last_label + (2 if is_title_line(labels[last_label]) else 1)
    if last >= first_free and labels[last].level == "text" and lines[last].text.endswith(CLOSING_MARK):
        return last
    return len(lines)
