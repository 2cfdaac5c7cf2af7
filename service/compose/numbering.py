"""Labels for the body tree, generated — never typed by the user (App.I §3): I. 1. a) -."""
from __future__ import annotations

from service.messages import InvalidValue
from service.rules import nd30

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """Roman numeral for sections, parts and appendices (1 ≤ n ≤ 3999)."""
    if not 1 <= n <= 3999:
        raise InvalidValue(f"không viết được số La Mã cho {n}", f"no Roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def point_letter(n: int) -> str:
    """The n-th point letter (1-based) in Vietnamese alphabet order; past y, letters double (aa, bb …)."""
    if n < 1:
        raise ValueError(n)
    letters = nd30.POINT_LETTERS
    repeat, index = divmod(n - 1, len(letters))
    return letters[index] * (repeat + 1)


def label(style: str, n: int) -> str:
    """The printed label for the n-th node of a level numbered in `style`."""
    if style == "roman":
        return f"{roman(n)}."
    if style == "arabic":
        return f"{n}."
    if style == "letter":
        return f"{point_letter(n)})"
    if style == "dash":
        return nd30.BULLET
    if style == "article":
        return f"Điều {n}."
    if style == "chapter":
        return f"Chương {roman(n)}"
    if style == "part":
        return f"Phần {roman(n)}"
    raise ValueError(f"unknown numbering style {style!r}")
