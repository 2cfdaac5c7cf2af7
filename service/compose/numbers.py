"""The number line: `Số: 05/KH-LĐTBXH` (Art.15; App.I §2 ô 3). The number and "number/symbol" themselves are
service.document.numbers'."""
from __future__ import annotations

from service.document.numbers import format_number, number_symbol  # noqa: F401  (format_number re-exported)
from service.rules import nd30
from service.rules.symbols import party_form


def number_line(number: int | None, symbol: str) -> str:
    """`Số: 15/KH-LĐTBXH` — "Số" lower case, `/` between number and symbol."""
    if party_form(symbol):  # Party and youth-union form: `Số 225-KH/TWĐTN` (service/rules/symbols.py)
        return f"{nd30.NUMBER_PREFIX} {format_number(number)}-{symbol}"
    return f"{nd30.NUMBER_PREFIX} {number_symbol(number, symbol)}"
