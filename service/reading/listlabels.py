"""The labels Word prints for automatically numbered paragraphs (`I.`, `1.`, `a)`, `-`), computed from numbering.xml.

A document made in Word often numbers its sections with a list instead of typed text; the checker and the
importer must see the same "3." the reader sees. Counters follow Word: list instances (`w:num`) that share
an abstract definition continue one another unless a level override restarts them; deeper levels restart
when a shallower level advances.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from service.compose.numbering import roman
from service.reading.package import w

_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "❖", "\uf0d8": "➢", "\uf0fc": "✓", "\uf02d": "-",
                   "\uf0e8": "➔", "o": "o"}


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False
    suffix: str = "tab"
    ppr: etree._Element | None = None


@dataclass
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, Level | int]] = field(default_factory=dict)  # numId → level → Level/start
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        override = self.overrides.get(num_id, {}).get(ilvl)
        if isinstance(override, Level):
            return override
        abstract = self.abstract.get(self.nums.get(num_id, ""), {})
        return abstract.get(ilvl)

    def next_label(self, num_id: str | None, ilvl: int | None) -> str:
        """Advance the counters for one numbered paragraph and return its printed label."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        abstract_id = self.nums[num_id]
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, override in self.overrides.get(num_id, {}).items():
                start = override if isinstance(override, int) else override.start
                counters[lvl] = start - 1
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return ""
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in list(counters):
            if deeper > ilvl:
                deeper_level = self.level(num_id, deeper)
                if deeper_level is None or deeper_level.restart != 0:
                    del counters[deeper]
        if lvl.fmt == "none":
            return ""
        if lvl.fmt == "bullet":
            return "".join(_SYMBOL_BULLETS.get(ch, ch) for ch in lvl.text).strip()
        text = lvl.text
        for k in range(9):
            token = f"%{k + 1}"
            if token in text:
                other = self.level(num_id, k) or Level()
                value = counters.get(k, other.start)
                fmt = "decimal" if (lvl.legal and k != ilvl) else other.fmt
                text = text.replace(token, format_counter(value, fmt))
        return text.strip()


def format_counter(value: int, fmt: str) -> str:
    """One counter in a Word number format."""
    if fmt in ("upperRoman", "lowerRoman"):
        text = roman(value) if 0 < value < 4000 else str(value)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        # Word's letters run a…z, then aa…zz: not the Vietnamese order (that is the checker's business).
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else str(value)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _int(value: str | None, default):
    """An integer attribute; hand-edited files sometimes carry junk, which must not stop the check."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(el: etree._Element) -> Level:
    def val(tag: str) -> str | None:
        child = el.find(w(tag))
        return child.get(w("val")) if child is not None else None

    restart = val("lvlRestart")
    return Level(
        start=_int(val("start"), 1),
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") or "",
        restart=_int(restart, None),
        legal=el.find(w("isLgl")) is not None and (el.find(w("isLgl")).get(w("val"), "1") not in ("0", "false")),
        suffix=val("suff") or "tab",
        ppr=el.find(w("pPr")),
    )


def load_numbering(root: etree._Element | None) -> Numbering:
    out = Numbering()
    if root is None:
        return out
    for absnum in root.iter(w("abstractNum")):
        levels = {}
        for lvl in absnum.iter(w("lvl")):
            try:
                levels[_int(lvl.get(w("ilvl")), 0)] = _level(lvl)
            except ValueError:
                continue
        out.abstract[absnum.get(w("abstractNumId"), "")] = levels
    for num in root.iter(w("num")):
        num_id = num.get(w("numId"), "")
        ref = num.find(w("abstractNumId"))
        out.nums[num_id] = ref.get(w("val"), "") if ref is not None else ""
        for override in num.iter(w("lvlOverride")):
            ilvl = _int(override.get(w("ilvl")), 0)
            lvl = override.find(w("lvl"))
            start = override.find(w("startOverride"))
            if lvl is not None:
                out.overrides.setdefault(num_id, {})[ilvl] = _level(lvl)
            elif start is not None:
                out.overrides.setdefault(num_id, {})[ilvl] = _int(start.get(w("val")), 1)
    return out
