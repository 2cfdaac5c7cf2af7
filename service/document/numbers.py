"""The document number and the "number/symbol" text (Art.15; App.I §2 ô 3) — written here once for every caller:
the number line, the "(Kèm theo …)" line, the register's first column, batch reports and file names."""
from __future__ import annotations

from service.messages import InvalidValue
from service.rules import nd30


def format_number(number: int | None) -> str:
    """Numbers below 10 get a leading zero (nd30.NUMBER_MIN_DIGITS); a draft (None) leaves the gap the clerk fills
    by hand."""
    if number is None:
        return nd30.DRAFT_BLANK
    if number < 1:
        raise InvalidValue(f"Số văn bản phải từ 1 trở lên: {number}", f"document number must be ≥ 1: {number}")
    return f"{number:0{nd30.NUMBER_MIN_DIGITS}d}"


def number_symbol(number: int | None, symbol: str) -> str:
    """`05/KH-LĐTBXH`: the number (or a draft's gap) and the symbol joined by `/`."""
    return f"{format_number(number)}/{symbol}"
