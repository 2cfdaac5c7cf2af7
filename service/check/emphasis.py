"""Size, bold, italic, case and alignment of one element against its row in the rules table (nd30.ELEMENTS)."""
from __future__ import annotations

from service.check.report import Report
from service.reading.formatting import WORD_DEFAULT_SIZE_PT
from service.reading.reader import Line, Run
from service.reading.text import is_upper, printed
from service.rules import nd30

ALIGN_VI = {"center": "căn giữa", "both": "căn đều hai bên", "left": "căn trái", "start": "căn trái",
            "right": "căn phải", "end": "căn phải", None: "căn trái (mặc định)"}
ALIGN_EN = {"center": "centred", "both": "justified", "left": "left", "start": "left", "right": "right",
            "end": "right", None: "left (default)"}


def size_of(run: Run) -> float:
    return run.fmt.size if run.fmt.size is not None else WORD_DEFAULT_SIZE_PT


def fmt_pt(value: float) -> str:
    return f"{value:g} pt"


def range_text(rng: tuple[float, float]) -> str:
    return fmt_pt(rng[0]) if rng[0] == rng[1] else f"{rng[0]:g}–{rng[1]:g} pt"


def check_element(report: Report, rule: str, element: str, name_vi: str, name_en: str, lines: list[Line],
                  style_key: str, *, emphasis: bool = True, case: bool = True, align: str | None = None,
                  align_severity: str = "error") -> None:
    """Report every way the element's lines depart from the style the decree gives it."""
    style: nd30.TextStyle = nd30.ELEMENTS[style_key]
    runs = [r for line in lines for r in line.text_runs()]
    if not runs:
        return
    text = " / ".join(printed(line) for line in lines)
    report.elements.setdefault(element, text)
    lo, hi = style.size
    bad_sizes = sorted({size_of(r) for r in runs if not lo - 0.01 <= size_of(r) <= hi + 0.01})
    if bad_sizes:
        found = ", ".join(fmt_pt(s) for s in bad_sizes)
        report.add(rule, element, f"{found}: {text}", range_text(style.size),
                   f"{name_vi}: cỡ chữ {found}, phải là {range_text(style.size)} ({style.rule})",
                   f"{name_en}: font size {found}, must be {range_text(style.size)} ({style.rule})")
    if emphasis:
        for attr, want, vi_yes, vi_no, en_word in (("bold", style.bold, "in đậm", "không in đậm", "bold"),
                                                   ("italic", style.italic, "in nghiêng", "không in nghiêng",
                                                    "italic")):
            wrong = [r for r in runs if bool(getattr(r.fmt, attr)) != want]
            if wrong:
                sample = "".join(r.text for r in wrong).strip()[:60]
                report.add(rule, element, f"{en_word}={not want}: {sample}", f"{en_word}={want}",
                           f"{name_vi} phải {vi_yes if want else vi_no} ({style.rule}): “{sample}”",
                           f"{name_en} must {'be' if want else 'not be'} {en_word} ({style.rule}): “{sample}”")
    if case and style.upper:
        shown = " ".join(printed(line) for line in lines)
        if not is_upper(shown):
            report.add(rule, element, shown, shown.upper(),
                       f"{name_vi} phải viết in hoa ({style.rule})", f"{name_en} must be upper case ({style.rule})")
    if align is not None:
        paras = {id(line.para): line.para for line in lines}.values()
        wrong_align = [p.fmt.align for p in paras if (p.fmt.align or "left") != align
                       and not (align == "left" and p.fmt.align in ("start", "both"))]
        if wrong_align:
            found = wrong_align[0]
            report.add(rule, element, ALIGN_EN.get(found, found), ALIGN_EN[align],
                       f"{name_vi} phải {ALIGN_VI[align]}, đang {ALIGN_VI.get(found, found)}",
                       f"{name_en} must be {ALIGN_EN[align]}, found {ALIGN_EN.get(found, found)}", align_severity)
