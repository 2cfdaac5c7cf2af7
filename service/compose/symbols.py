"""Whether a symbol (ký hiệu, App.I §2 ô 3) can be read, in the validator's and checker's words; the symbol itself
is composed in service.document.symbols."""
from __future__ import annotations

from service.messages import Message
from service.rules.symbols import symbol_findings


def symbol_problem(symbol: str, type_id: str | None = None, issuer_abbr: str | None = None) -> Message | None:
    """Why a symbol cannot be read (the part named), or None; forms agencies really issue are only warnings
    (service/rules/symbols.py)."""
    errors = [f for f in symbol_findings(symbol, type_id, issuer_abbr) if f.severity == "error"]
    if not errors:
        return None
    return Message.join([Message(f.vi, f.en) for f in errors])


def symbol_warnings(symbol: str, type_id: str | None = None) -> list[tuple[str, str]]:
    """(vi, en) for each way the symbol departs from the decree's samples while still being a real form."""
    return [(f.vi, f.en) for f in symbol_findings(symbol, type_id) if f.severity == "warning"]
