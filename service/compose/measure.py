"""Approximate printed widths in Times New Roman, for the short lines the decree sizes relative to a text.

The decree wants the line under the issuer and the summary to be 1/3–1/2 of the text's length and the line
under the motto as long as the motto (App.I §2 ô 1, 2, 5a). Word has no "line as long as this text" feature,
so we estimate the text's width from average glyph widths (em fractions measured on Liberation Serif,
metric-compatible with Times New Roman) and draw a bordered empty paragraph of the wanted width.
"""
from __future__ import annotations

import unicodedata

TWIPS_PER_PT = 20

_NARROW = set("iljtfrI.,;:'!|()[]-/ ")
_WIDE = set("mwMWĐDHNOQGUCK")


def _em(ch: str, bold: bool) -> float:
    base = unicodedata.normalize("NFD", ch)[0]
    if base == " ":
        w = 0.25
    elif base in _NARROW:
        w = 0.30
    elif base in _WIDE:
        w = 0.80 if base.isupper() else 0.75
    elif base.isupper():
        w = 0.68
    elif base.isdigit():
        w = 0.50
    else:
        w = 0.47
    return w * (1.06 if bold else 1.0)


def text_width_twips(text: str, size_pt: float, bold: bool = False) -> int:
    """Estimated width of `text` on one line."""
    return round(sum(_em(c, bold) for c in text) * size_pt * TWIPS_PER_PT)


def rule_indents(text: str, size_pt: float, bold: bool, column_twips: int, ratio: float) -> tuple[int, int]:
    """Left/right indents (twips) of a centred line `ratio` × the text's printed length (wrapped at the column)."""
    width = min(text_width_twips(text, size_pt, bold), column_twips)
    line = max(round(width * ratio), 200)
    side = max((column_twips - line) // 2, 0)
    return side, side
