"""What a body line is by its printed label (App.I §3): part, chapter, mục, article, Roman section, item, sub-item,
point or bullet, with its ordinal value; the checker judges the order of these, the importer rebuilds the tree."""
from __future__ import annotations

import re
from dataclasses import dataclass

from service.compose.numbering import roman
from service.reading.text import norm
from service.rules.nd30 import CLOSING_MARK

# `I.`, also `I/ ĐẶC ĐIỂM …` as older documents number their sections
SECTION_RE = re.compile(r"^(?P<n>[IVXLCDM]+)\s*(?:\.|/(?=\s))\s*(?P<rest>.*)$")
PART_RE = re.compile(r"^(?P<word>Phần|PHẦN|Chương|CHƯƠNG)\s+(?P<n>[IVXLCDM]+|\d+)\b\.?\s*(?P<rest>.*)$")
# "Phần thứ nhất", "PHẦN THỨ HAI": a part numbered by an ordinal word instead of a numeral.
ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
PART_ORDINAL_RE = re.compile(r"^(?P<word>Phần|PHẦN)\s+(?P<n>(thứ|THỨ)\s+(" + "|".join(ORDINALS) + "|"
                             + "|".join(o.upper() for o in ORDINALS) + r"))\b\s*(?P<sep>[.:]?)\s*(?P<rest>.*)$")
MUC_RE = re.compile(r"^(?P<word>Mục|MỤC)\s+(?P<n>\d+)\b\.?\s*(?P<rest>.*)$")
ARTICLE_RE = re.compile(r"^Điều\s+(?P<n>\d+)\s*\.\s*(?P<rest>.*)$")
SUBITEM_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)+)\.?\s+(?P<rest>.*)$")
ITEM_RE = re.compile(r"^(?P<n>\d+)\s*\.(?!\d)\s*(?P<rest>.*)$")
POINT_RE = re.compile(r"^(?P<l>[a-zđ]{1,2})\)\s*(?P<rest>.*)$")
BULLET_RE = re.compile(r"^(?P<b>[-–—+•●▪◦*])\s+(?P<rest>.*)$")
TITLE_MAX = 100  # a numbered line this short, without a closing . or ;, is a title line


@dataclass
class Label:
    """What a body line is: level ("part", "chapter", "mucs", "article", "section", "subitem", "item", "point",
    "bullet" or "text"), its printed label, its ordinal value, and the text after the label."""

    level: str
    label: str
    value: int | str | None
    rest: str


def roman_value(text: str) -> int | None:
    for n in range(1, 400):
        if roman(n) == text:
            return n
    return None


def classify(text: str) -> Label:
    text = norm(text)
    m = PART_RE.match(text)
    if m:
        level = "part" if m.group("word").lower() == "phần" else "chapter"
        n = m.group("n")
        return Label(level, f"{m.group('word')} {n}", int(n) if n.isascii() and n.isdigit() else roman_value(n), m.group("rest"))
    m = PART_ORDINAL_RE.match(text)
    if m and (m.group("sep") or not m.group("rest") or m.group("rest")[0].isupper()):  # not a sentence's words
        return Label("part", f"{m.group('word')} {m.group('n')}", ORDINALS.index(m.group("n").split()[-1].lower()) + 1,
                     m.group("rest"))
    m = MUC_RE.match(text)
    if m:
        return Label("muc", f"{m.group('word')} {m.group('n')}", int(m.group("n")), m.group("rest"))
    m = ARTICLE_RE.match(text)
    if m:
        return Label("article", f"Điều {m.group('n')}.", int(m.group("n")), m.group("rest"))
    m = SECTION_RE.match(text)
    if m and roman_value(m.group("n")) is not None:
        return Label("section", f"{m.group('n')}.", roman_value(m.group("n")), m.group("rest"))
    m = SUBITEM_RE.match(text)
    if m:
        return Label("subitem", m.group("n") + ".", m.group("n"), m.group("rest"))
    m = ITEM_RE.match(text)
    if m:
        return Label("item", f"{m.group('n')}.", int(m.group("n")), m.group("rest"))
    m = POINT_RE.match(text)
    if m:
        return Label("point", f"{m.group('l')})", m.group("l"), m.group("rest"))
    m = BULLET_RE.match(text)
    if m:
        return Label("bullet", m.group("b"), m.group("b"), m.group("rest"))
    return Label("text", "", None, text)


def is_title_line(lab: Label) -> bool:
    rest = lab.rest.strip()
    return lab.level in ("part", "chapter", "muc", "section") or (
        lab.level in ("item", "subitem", "point", "article") and len(rest) <= TITLE_MAX
        and not rest.endswith((".", ";", CLOSING_MARK)))
