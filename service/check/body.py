"""Body text (App.I §3 ô 6): 13–14 pt, justified, first-line indent 1–1.27 cm, ≥ 6 pt between paragraphs,
line spacing from single to 1.5 lines. Title lines (sections, short numbered headings) are exempt from the
justification and indent rules; table cells are not body text."""
from __future__ import annotations

from service.check.emphasis import ALIGN_EN, ALIGN_VI, fmt_pt, range_text, size_of
from service.check.report import Report
from service.reading.reader import Line, Para
from service.reading.sequences import classify, is_title_line
from service.reading.text import is_upper, norm, printed
from service.rules import nd30

RULE = "ND30-I.3.body"
TWIPS_PER_CM = 1440 / 2.54
INDENT_TOLERANCE = 30  # twips (~0.5 mm): Word rounds cm to twips
SPACING_TOLERANCE = 10  # twips (0.5 pt)
LINE_TOLERANCE = 0.02


def _first_line_twips(para: Para, size: float) -> int:
    if para.fmt.first_line_chars is not None:
        return round(para.fmt.first_line_chars / 100 * size * 20)
    return para.fmt.first_line or 0


def _summary(report: Report, problems: list[tuple[Para, str]], found_word: str, required: str, vi: str,
             en: str) -> None:
    """One finding per kind of problem, naming how many paragraphs and the first one."""
    if not problems:
        return
    para, found = problems[0]
    sample = norm(para.text)[:60]
    report.add(RULE, f"body ×{len(problems)}", f"{found_word} {found}: “{sample}”", required,
               f"{vi}: {len(problems)} đoạn, ví dụ “{sample}” ({found})",
               f"{en}: {len(problems)} paragraph(s), e.g. “{sample}” ({found})")


def check_body(lines: list[Line], report: Report) -> None:
    body = [ln for ln in lines if ln.para.cell is None]
    lo, hi = nd30.ELEMENTS["body"].size
    bad_size = []
    for line in body:
        sizes = sorted({size_of(r) for r in line.text_runs() if not lo - 0.01 <= size_of(r) <= hi + 0.01})
        if sizes:
            bad_size.append((line.para, ", ".join(fmt_pt(s) for s in sizes)))
    _summary(report, _unique(bad_size), "size", range_text((lo, hi)),
             f"Cỡ chữ phần nội dung phải {range_text((lo, hi))} (App.I §3)",
             f"body text must be {range_text((lo, hi))} (App.I §3)")

    paras: list[Para] = []
    text_paras: list[Para] = []
    for line in body:
        if paras and paras[-1] is line.para:
            continue
        paras.append(line.para)
        shown = printed(line)
        lab = classify(shown)
        if is_title_line(lab) or (is_upper(shown) and len(shown) <= 80) or line.para.fmt.align == "center":
            continue
        text_paras.append(line.para)

    size = nd30.ELEMENTS["body"].chosen
    bad_align = [(p, ALIGN_EN.get(p.fmt.align, p.fmt.align)) for p in text_paras if p.fmt.align != "both"]
    _summary(report, bad_align, "align", "justified",
             f"Đoạn văn phải {ALIGN_VI['both']} (App.I §3)", "body paragraphs must be justified (App.I §3)")
    lo_cm, hi_cm = nd30.FIRST_LINE_INDENT_CM
    lo_tw, hi_tw = lo_cm * TWIPS_PER_CM - INDENT_TOLERANCE, hi_cm * TWIPS_PER_CM + INDENT_TOLERANCE
    bad_indent = []
    for p in text_paras:
        first = _first_line_twips(p, size)
        if not lo_tw <= first <= hi_tw:
            bad_indent.append((p, f"{first / TWIPS_PER_CM:.2f} cm"))
    _summary(report, bad_indent, "first-line indent", f"{lo_cm:g}–{hi_cm:g} cm",
             f"Lùi đầu dòng phải từ {lo_cm:g} đến {hi_cm:g} cm (App.I §3)",
             f"first-line indent must be {lo_cm:g}–{hi_cm:g} cm (App.I §3)")

    min_gap = nd30.MIN_SPACE_AFTER_PT * 20 - SPACING_TOLERANCE
    bad_gap = []
    for p, nxt in zip(paras, paras[1:]):
        if p.fmt.after_auto or nxt.fmt.before_auto:
            continue
        after, before = p.fmt.space_after or 0, nxt.fmt.space_before or 0
        if p.fmt.contextual and nxt.fmt.contextual and p.style == nxt.style:
            after = before = 0
        if after + before < min_gap:
            bad_gap.append((p, f"{(after + before) / 20:g} pt"))
    _summary(report, bad_gap, "spacing", f"≥ {nd30.MIN_SPACE_AFTER_PT} pt",
             f"Khoảng cách giữa các đoạn văn tối thiểu {nd30.MIN_SPACE_AFTER_PT} pt (App.I §3)",
             f"at least {nd30.MIN_SPACE_AFTER_PT} pt between paragraphs (App.I §3)")

    lo_ls, hi_ls = nd30.LINE_SPACING_RANGE
    bad_line = []
    for p in paras:
        rule, value = p.fmt.line_rule or "auto", p.fmt.line
        if value is None:
            continue
        if rule == "auto":
            ratio = value / 240
            if not lo_ls - LINE_TOLERANCE <= ratio <= hi_ls + LINE_TOLERANCE:
                bad_line.append((p, f"{ratio:.2f} lines"))
        else:
            pts = value / 20
            run_size = max((size_of(r) for r in p.runs if r.text.strip()), default=size)
            # exact/at-least spacing: one line of Times New Roman is about 1.15 × the font size.
            if not run_size * lo_ls - 0.5 <= pts <= run_size * 1.15 * hi_ls + 0.5:
                bad_line.append((p, f"{rule} {pts:g} pt"))
    _summary(report, bad_line, "line spacing", f"{lo_ls:g}–{hi_ls:g} lines",
             f"Khoảng cách dòng từ {lo_ls:g} đến {hi_ls:g} dòng (App.I §3)",
             f"line spacing must be single to {hi_ls:g} lines (App.I §3)")


def _unique(items: list[tuple[Para, str]]) -> list[tuple[Para, str]]:
    seen, out = set(), []
    for para, found in items:
        if id(para) not in seen:
            seen.add(id(para))
            out.append((para, found))
    return out
