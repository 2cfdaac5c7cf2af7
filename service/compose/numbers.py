"""The document number: `Số: 05/KH-LĐTBXH` (Art.15; App.I §2 ô 3)."""
from __future__ import annotations

from service.rules import nd30
from service.rules.symbols import party_form


def format_number(number: int | None) -> str:
    """Numbers below 10 get a leading zero; a draft (None) leaves the gap the clerk fills by hand."""
    if number is None:
        return nd30.DRAFT_BLANK
    if number < 1:
        raise ValueError(f"Số văn bản phải từ 1 trở lên: {number} / document number must be ≥ 1: {number}")
    return f"{number:0{nd30.NUMBER_MIN_DIGITS}d}"


def number_line(number: int | None, symbol: str) -> str:
    """`Số: 15/KH-LĐTBXH` — "Số" lower case, `/` between number and symbol."""
    if party_form(symbol):  # Party and youth-union form: `Số 225-KH/TWĐTN` (service/rules/symbols.py)
        return f"{nd30.NUMBER_PREFIX} {format_number(number)}-{symbol}"
    return f"{nd30.NUMBER_PREFIX} {format_number(number)}/{symbol}"
