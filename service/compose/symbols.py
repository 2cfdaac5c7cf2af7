"""The symbol (ký hiệu): `KH-LĐTBXH` for named types, `UBND-VX` for công văn (App.I §2 ô 3)."""
from __future__ import annotations

from service.rules.symbols import symbol_findings


def compose_symbol(type_abbr: str | None, issuer_abbr: str, unit: str | None = None) -> str:
    """Named types: `<type abbr>-<issuer>` (KH-UBND); công văn (no type abbr): `<issuer>-<unit>` (UBND-VX)."""
    issuer_abbr = issuer_abbr.strip()
    if type_abbr is None:
        return f"{issuer_abbr}-{unit.strip()}" if unit else issuer_abbr
    return f"{type_abbr}-{issuer_abbr}"


def symbol_problem(symbol: str, type_id: str | None = None, issuer_abbr: str | None = None) -> str | None:
    """Why a symbol cannot be read (the part named), or None; forms agencies really issue are only warnings
    (service/rules/symbols.py)."""
    errors = [f for f in symbol_findings(symbol, type_id, issuer_abbr) if f.severity == "error"]
    if not errors:
        return None
    return "; ".join(f.vi for f in errors) + " / " + "; ".join(f.en for f in errors)


def symbol_warnings(symbol: str, type_id: str | None = None) -> list[tuple[str, str]]:
    """(vi, en) for each way the symbol departs from the decree's samples while still being a real form."""
    return [(f.vi, f.en) for f in symbol_findings(symbol, type_id) if f.severity == "warning"]


def symbol_for(doc: dict) -> str:
    """The document's symbol: given explicitly, or derived from its type and issuer abbreviation."""
    if doc.get("symbol"):
        return doc["symbol"]
    from service.rules.types import get_type  # local: types imports compose modules for defaults

    t = get_type(doc["type"])
    if t.symbol_kind == "unit":
        return compose_symbol(None, doc["issuer"]["abbr"], doc.get("unit"))
    return compose_symbol(t.abbr_type, doc["issuer"]["abbr"])
