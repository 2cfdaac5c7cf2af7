"""The symbol (ký hiệu): `KH-LĐTBXH` for named types, `UBND-VX` for công văn (App.I §2 ô 3)."""
from __future__ import annotations

import re


# Groups of upper-case letters (Vietnamese included), digits or the lower-case letters the decree's own
# abbreviations use (QyĐ, CTr, TTr, TrS), joined by "-" without spaces.
_GROUP = r"[0-9A-ZĐÀ-Ỹa-zđ&]+"
SYMBOL_RE = re.compile(rf"^{_GROUP}(?:-{_GROUP})+$")


def compose_symbol(type_abbr: str | None, issuer_abbr: str, unit: str | None = None) -> str:
    """Named types: `<type abbr>-<issuer>` (KH-UBND); công văn (no type abbr): `<issuer>-<unit>` (UBND-VX)."""
    issuer_abbr = issuer_abbr.strip()
    if type_abbr is None:
        return f"{issuer_abbr}-{unit.strip()}" if unit else issuer_abbr
    return f"{type_abbr}-{issuer_abbr}"


def symbol_problem(symbol: str) -> str | None:
    """Why a symbol breaks the form (spaces, empty groups, '&'), or None when it is well formed."""
    if " " in symbol:
        return "ký hiệu không được có dấu cách / a symbol has no spaces"
    if "&" in symbol:
        return "ký hiệu chỉ gồm chữ, số và dấu gạch nối / a symbol is letters, digits and hyphens only"
    if not SYMBOL_RE.match(symbol):
        return "ký hiệu gồm các nhóm chữ nối bằng '-' / a symbol is groups joined by '-'"
    return None


def symbol_for(doc: dict) -> str:
    """The document's symbol: given explicitly, or derived from its type and issuer abbreviation."""
    if doc.get("symbol"):
        return doc["symbol"]
    from service.rules.types import get_type  # local: types imports compose modules for defaults

    t = get_type(doc["type"])
    if t.symbol_kind == "unit":
        return compose_symbol(None, doc["issuer"]["abbr"], doc.get("unit"))
    return compose_symbol(t.abbr_type, doc["issuer"]["abbr"])
