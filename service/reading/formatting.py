"""Effective paragraph and run formatting, resolved the way Word does (ECMA-376 §17.7.2 style hierarchy).

A hand-made document rarely sets the font on each run: it comes from the paragraph style, its `basedOn`
chain, the document defaults, or the theme (`minorHAnsi` → Calibri/Times New Roman). The checker judges
what the reader sees, so every property is resolved through:
docDefaults → table style → numbering level (paragraph only) → paragraph style chain → character style chain
→ direct formatting.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from lxml import etree

from service.reading.package import A, w

_FALSE = {"0", "false", "off", "none"}
WORD_DEFAULT_SIZE_PT = 10.0  # size when nothing in the hierarchy sets one (ECMA-376 §17.3.2.38)


def on_off(el: etree._Element | None) -> bool | None:
    """Value of a toggle element (`<w:b/>`, `<w:b w:val="0"/>`); None when absent."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in _FALSE


def twips(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class RunFormat:
    """Resolved run properties; fonts are (kind, name) with kind "font" or "theme" until themes are applied."""

    ascii: tuple[str, str] | None = None
    hansi: tuple[str, str] | None = None
    east_asia: tuple[str, str] | None = None
    hint: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    small_caps: bool | None = None
    underline: str | None = None
    color: str | None = None
    vanish: bool | None = None


@dataclass(frozen=True)
class ParaFormat:
    """Resolved paragraph properties (lengths in twips)."""

    align: str | None = None
    ind_left: int | None = None
    ind_right: int | None = None
    first_line: int | None = None  # positive first-line indent, negative hanging
    first_line_chars: int | None = None
    space_before: int | None = None
    space_after: int | None = None
    before_auto: bool | None = None
    after_auto: bool | None = None
    line: int | None = None
    line_rule: str | None = None
    contextual: bool | None = None
    num_id: str | None = None
    num_level: int | None = None
    border_top: bool | None = None
    border_bottom: bool | None = None


_RUN_TOGGLES = {"b": "bold", "i": "italic", "caps": "caps", "smallCaps": "small_caps", "vanish": "vanish"}
_FONT_SLOTS = (("ascii", "ascii"), ("hAnsi", "hansi"), ("eastAsia", "east_asia"))


_STYLE_TOGGLES = {"bold": "b", "italic": "i"}  # toggle properties a character style flips (ECMA-376 §17.7.3)


def merge_run(base: RunFormat, rpr: etree._Element | None) -> RunFormat:
    """Apply one level's `<w:rPr>` on top of the lower levels."""
    if rpr is None:
        return base
    changes: dict = {}
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        for attr, slot in _FONT_SLOTS:
            theme = fonts.get(w(attr + "Theme")) or (fonts.get(w("eastAsiaTheme")) if attr == "eastAsia" else None)
            if theme:
                changes[slot] = ("theme", theme)
            elif fonts.get(w(attr)):
                changes[slot] = ("font", fonts.get(w(attr)))
        if fonts.get(w("hint")):
            changes["hint"] = fonts.get(w("hint"))
    for tag, name in _RUN_TOGGLES.items():
        value = on_off(rpr.find(w(tag)))
        if value is not None:
            changes[name] = value
    sz = rpr.find(w("sz"))
    if sz is not None and sz.get(w("val")):
        try:
            changes["size"] = int(sz.get(w("val"))) / 2
        except ValueError:
            pass
    u = rpr.find(w("u"))
    if u is not None:
        changes["underline"] = u.get(w("val"), "single")
    color = rpr.find(w("color"))
    if color is not None and color.get(w("val")):
        changes["color"] = color.get(w("val"))
    return replace(base, **changes) if changes else base


def merge_para(base: ParaFormat, ppr: etree._Element | None) -> ParaFormat:
    """Apply one level's `<w:pPr>` on top of the lower levels."""
    if ppr is None:
        return base
    changes: dict = {}
    jc = ppr.find(w("jc"))
    if jc is not None and jc.get(w("val")):
        changes["align"] = jc.get(w("val"))
    ind = ppr.find(w("ind"))
    if ind is not None:
        for attrs, name in ((("left", "start"), "ind_left"), (("right", "end"), "ind_right")):
            for attr in attrs:
                if ind.get(w(attr)) is not None:
                    changes[name] = twips(ind.get(w(attr)))
                    break
        if ind.get(w("hanging")) is not None:
            changes["first_line"] = -(twips(ind.get(w("hanging"))) or 0)
            changes["first_line_chars"] = None
        elif ind.get(w("firstLine")) is not None:
            changes["first_line"] = twips(ind.get(w("firstLine")))
            changes["first_line_chars"] = None
        if ind.get(w("firstLineChars")) is not None:
            changes["first_line_chars"] = twips(ind.get(w("firstLineChars")))
        if ind.get(w("hangingChars")) is not None:
            changes["first_line_chars"] = -(twips(ind.get(w("hangingChars"))) or 0)
    sp = ppr.find(w("spacing"))
    if sp is not None:
        for attr, name in (("before", "space_before"), ("after", "space_after"), ("line", "line")):
            if sp.get(w(attr)) is not None:
                changes[name] = twips(sp.get(w(attr)))
        if sp.get(w("lineRule")) is not None:
            changes["line_rule"] = sp.get(w("lineRule"))
        for attr, name in (("beforeAutospacing", "before_auto"), ("afterAutospacing", "after_auto")):
            if sp.get(w(attr)) is not None:
                changes[name] = sp.get(w(attr)).lower() not in _FALSE
    ctx = on_off(ppr.find(w("contextualSpacing")))
    if ctx is not None:
        changes["contextual"] = ctx
    num = ppr.find(w("numPr"))
    if num is not None:
        num_id = num.find(w("numId"))
        lvl = num.find(w("ilvl"))
        if num_id is not None:
            changes["num_id"] = num_id.get(w("val"))
        if lvl is not None:
            changes["num_level"] = twips(lvl.get(w("val"))) or 0
    bdr = ppr.find(w("pBdr"))
    if bdr is not None:
        for side, name in (("top", "border_top"), ("bottom", "border_bottom")):
            el = bdr.find(w(side))
            if el is not None:
                changes[name] = el.get(w("val"), "nil") not in ("nil", "none")
    return replace(base, **changes) if changes else base


@dataclass
class _Style:
    type: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None
    default: bool


@dataclass
class Styles:
    """The styles part, the document defaults and the theme fonts of one document."""

    styles: dict[str, _Style] = field(default_factory=dict)
    default_run: RunFormat = field(default_factory=RunFormat)
    default_para: ParaFormat = field(default_factory=ParaFormat)
    theme_fonts: dict[str, str] = field(default_factory=dict)

    def default_style(self, kind: str) -> str | None:
        return next((sid for sid, s in self.styles.items() if s.type == kind and s.default), None)

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and its `basedOn` ancestors, base first (cycles cut)."""
        out, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            out.append(style)
            style_id = style.based_on
        return out[::-1]

    def paragraph_run_base(self, para_style: str | None, table_style: str | None) -> RunFormat:
        fmt = self.default_run
        for style in self.chain(table_style):
            fmt = merge_run(fmt, style.rpr)
        for style in self.chain(para_style or self.default_style("paragraph")):
            fmt = merge_run(fmt, style.rpr)
        return fmt

    def run_format(self, base: RunFormat, char_style: str | None, direct: etree._Element | None) -> RunFormat:
        """Character style over the paragraph's run properties, then direct formatting. Bold and italic set by a
        character style toggle (ECMA-376 §17.7.3): on top of a bold paragraph style they turn bold off."""
        fmt = base
        for style in self.chain(char_style):
            fmt = merge_run(fmt, style.rpr)
        toggled = {name: False for name in _STYLE_TOGGLES
                   if getattr(base, name) and any(on_off(s.rpr.find(w(tag))) for s in self.chain(char_style)
                                                  if s.rpr is not None for tag in [_STYLE_TOGGLES[name]])}
        if toggled:
            fmt = replace(fmt, **toggled)
        return merge_run(fmt, direct)

    def para_format(self, para_style: str | None, table_style: str | None, numbering_ppr: etree._Element | None,
                    direct: etree._Element | None, numbering_is_direct: bool) -> ParaFormat:
        fmt = self.default_para
        for style in self.chain(table_style):
            fmt = merge_para(fmt, style.ppr)
        if not numbering_is_direct:
            fmt = merge_para(fmt, numbering_ppr)
        for style in self.chain(para_style or self.default_style("paragraph")):
            fmt = merge_para(fmt, style.ppr)
        if numbering_is_direct:
            fmt = merge_para(fmt, numbering_ppr)
        return merge_para(fmt, direct)

    def font_name(self, slot: tuple[str, str] | None) -> str | None:
        """A concrete font name: theme references (`minorHAnsi`) are looked up in the theme."""
        if slot is None:
            return None
        kind, name = slot
        if kind == "font":
            return name
        return self.theme_fonts.get(name) or None


_THEME_SLOTS = {"Ascii": "latin", "HAnsi": "latin", "EastAsia": "ea", "Bidi": "cs"}


def load_styles(styles_root: etree._Element | None, theme_root: etree._Element | None) -> Styles:
    """Index the styles part and the theme's major/minor fonts."""
    out = Styles()
    if theme_root is not None:
        for scheme in ("major", "minor"):
            font = theme_root.find(f".//{{{A}}}{scheme}Font")
            if font is None:
                continue
            for suffix, child in _THEME_SLOTS.items():
                el = font.find(f"{{{A}}}{child}")
                if el is not None and el.get("typeface"):
                    out.theme_fonts[scheme + suffix] = el.get("typeface")
    if styles_root is None:
        return out
    defaults = styles_root.find(w("docDefaults"))
    if defaults is not None:
        out.default_run = merge_run(out.default_run, defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
        out.default_para = merge_para(out.default_para, defaults.find(f"{w('pPrDefault')}/{w('pPr')}"))
    for el in styles_root.iter(w("style")):
        sid = el.get(w("styleId"))
        if not sid:
            continue
        based = el.find(w("basedOn"))
        out.styles[sid] = _Style(
            type=el.get(w("type"), "paragraph"),
            based_on=based.get(w("val")) if based is not None else None,
            ppr=el.find(w("pPr")),
            rpr=el.find(w("rPr")),
            default=el.get(w("default")) in ("1", "true", "on"),
        )
    return out

