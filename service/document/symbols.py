"""The symbol (ký hiệu) of a document: `KH-LĐTBXH` for named types, `UBND-VX` for công văn (App.I §2 ô 3)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.rules.types import get_type


def compose_symbol(type_abbr: str | None, issuer_abbr: str, unit: str | None = None) -> str:
    """Named types: `<type abbr>-<issuer>` (KH-UBND); công văn (no type abbr): `<issuer>-<unit>` (UBND-VX)."""
    issuer_abbr = issuer_abbr.strip()
    if type_abbr is None:
        return f"{issuer_abbr}-{unit.strip()}" if unit else issuer_abbr
    return f"{type_abbr}-{issuer_abbr}"


def symbol_for(doc: Mapping[str, Any]) -> str:
    """The document's symbol: given explicitly, or derived from its type and issuer abbreviation. Works on a JSON
    document that may still be a draft (batch names, the validator's warnings); a parsed Document holds it."""
    if doc.get("symbol"):
        return doc["symbol"]
    t = get_type(doc["type"])
    if t.symbol_kind == "unit":
        return compose_symbol(None, doc["issuer"]["abbr"], doc.get("unit"))
    return compose_symbol(t.abbr_type, doc["issuer"]["abbr"])
