"""Document types as data (App.III): name, abbreviation, which parts the layout has, and the example fixture.

The renderer, the schema, the web form and the checker all read this table; a type is a row, not a template copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from service.rules import nd30

# A body scheme names, largest first, how each level of the body tree is numbered (App.I §3).
PLAN_SCHEME = ("roman", "arabic", "letter", "dash")  # sections → items → points → bullets


@dataclass(frozen=True)
class DocType:
    id: str
    name: str  # as printed, e.g. "Kế hoạch"; the type line prints it upper case
    abbr_type: str | None  # App.III abbreviation; None for công văn (its symbol is issuer-unit)
    sample: str  # App.III sample number
    symbol_kind: str = "type"  # "type": KH-UBND; "unit": UBND-VX (công văn)
    type_line: bool = True  # công văn has no type name (App.I §2 ô 5b)
    kinh_gui: str = "optional"  # "none" | "optional" | "required" (App.I §5)
    scheme: tuple[str, ...] = PLAN_SCHEME
    closing_mark: bool = True  # "./." after the last sentence (App.I §3)
    fixture: str | None = None
    parts: tuple[str, ...] = field(default_factory=tuple)  # extra parts this type carries


def _named(type_id: str, sample: str = "1.4", **kw) -> DocType:
    name, abbr = nd30.TYPE_ABBREVIATIONS[type_id]
    return DocType(id=type_id, name=name, abbr_type=abbr, sample=sample, **kw)


TYPES: dict[str, DocType] = {
    t.id: t
    for t in (
        _named("ke_hoach", fixture="ke-hoach-2024.json"),
        _named("bao_cao"),
        _named("chi_thi"),
        _named("quy_che"),
        _named("quy_dinh"),
        _named("thong_cao"),
        _named("thong_bao"),
        _named("huong_dan"),
        _named("chuong_trinh"),
        _named("phuong_an"),
        _named("de_an"),
        _named("du_an"),
        _named("to_trinh", kinh_gui="required"),
    )
}


def get_type(type_id: str) -> DocType:
    try:
        return TYPES[type_id]
    except KeyError:
        raise KeyError(type_id) from None
