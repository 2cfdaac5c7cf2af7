"""Numbering of the body (App.I §3): Roman sections in order, Arabic items restarting in each section and never
repeating, points in Vietnamese letter order (a b c d đ e g h …, no f j w z), articles and chapters in order."""
from __future__ import annotations

from service.check.emphasis import check_element
from service.check.report import Report
from service.compose.numbering import point_letter, roman
from service.reading.reader import Line
from service.reading.sequences import classify
from service.reading.text import norm, printed
from service.rules import nd30

RULE = "ND30-I.3.numbering"


def _error(report: Report, element: str, found: str, required: str, vi: str, en: str) -> None:
    report.add(RULE, element, found, required, f"{vi} (App.I §3)", f"{en} (App.I §3)")


def check_sequences(lines: list[Line], report: Report) -> None:
    last: dict[str, object] = {}
    sections: list[Line] = []
    for idx, line in enumerate(lines):
        if line.para.cell is not None:
            continue
        lab = classify(printed(line))
        element = f"body[{idx}]"
        text = norm(printed(line))[:80]
        if lab.level in ("part", "chapter", "section", "article", "muc"):
            want = (last.get(lab.level) or 0) + 1
            if lab.value is None or lab.value != want:
                dup = lab.value is not None and lab.value == last.get(lab.level)
                shown = {"section": f"{roman(want)}.", "article": f"Điều {want}.", "muc": f"Mục {want}"}.get(
                    lab.level, f"{lab.label.split()[0]} {roman(want)}")
                _error(report, element, text, shown,
                       f"{'Trùng số' if dup else 'Sai thứ tự'} “{lab.label}”, phải là “{shown}”",
                       f"{'duplicate' if dup else 'out-of-order'} “{lab.label}”, expected “{shown}”")
            last[lab.level] = lab.value or want
            resets = {"part": ("chapter", "muc", "section", "item", "subitem", "point"),
                      "chapter": ("muc", "section", "item", "subitem", "point"),
                      "muc": ("section", "item", "subitem", "point"),
                      "section": ("item", "subitem", "point"),
                      "article": ("item", "subitem", "point")}[lab.level]
            for level in resets:
                last.pop(level, None)
            if lab.level == "section":
                sections.append(line)
        elif lab.level == "item":
            prev = last.get("item") or 0
            if lab.value == prev:
                _error(report, element, text, f"{prev + 1}.",
                       f"Trùng số mục “{lab.label}”: hai mục liền nhau cùng số, phải là “{prev + 1}.”",
                       f"duplicate item “{lab.label}”: two items share a number, expected “{prev + 1}.”")
            elif lab.value != prev + 1:
                _error(report, element, text, f"{prev + 1}.",
                       f"Sai thứ tự mục “{lab.label}”, phải là “{prev + 1}.” (đánh lại từ 1 trong mỗi phần)",
                       f"item “{lab.label}” out of order, expected “{prev + 1}.” (items restart at 1 in each "
                       "section)")
            last["item"] = lab.value
            last.pop("subitem", None)
            last.pop("point", None)
        elif lab.level == "subitem":
            parts = [int(p) for p in str(lab.value).split(".")]
            parent = last.get("item")
            if parent is not None and parts[0] != parent:
                _error(report, element, text, f"{parent}.…",
                       f"Mục con “{lab.label}” không thuộc mục “{parent}.” đang trình bày",
                       f"sub-item “{lab.label}” does not belong to the current item “{parent}.”")
        elif lab.level == "point":
            letter = str(lab.value)
            prev = last.get("point")
            index = _letter_index(letter)
            want_index = 0 if prev is None else (_letter_index(str(prev)) or 0) + 1
            want = point_letter(want_index + 1)
            if index is None:
                _error(report, element, text, f"{want})",
                       f"Chữ “{letter})” không có trong bảng chữ cái tiếng Việt (không dùng f, j, w, z); "
                       f"điểm tiếp theo phải là “{want})”",
                       f"“{letter})” is not a Vietnamese letter (no f, j, w, z); the next point is “{want})”")
            elif prev is not None and letter == prev:
                _error(report, element, text, f"{want})", f"Trùng điểm “{letter})”, phải là “{want})”",
                       f"duplicate point “{letter})”, expected “{want})”")
            elif index != want_index:
                _error(report, element, text, f"{want})",
                       f"Sai thứ tự điểm “{letter})”, phải là “{want})” (thứ tự a, b, c, d, đ, e, g, h…)",
                       f"point “{letter})” out of order, expected “{want})” (order a b c d đ e g h …)")
            last["point"] = letter if index is not None else want
        elif lab.level == "bullet" and lab.label not in ("-", "+"):
            report.warn(RULE, element, lab.label, nd30.BULLET,
                        f"Gạch đầu dòng dùng dấu “{nd30.BULLET}”, không dùng “{lab.label}” (App.I §3)",
                        f"bullets use “{nd30.BULLET}”, not “{lab.label}” (App.I §3)")
    if sections:
        check_element(report, "ND30-I.3.section", "section", "Tiêu đề phần (I, II, III)", "section heading",
                      sections, "section")


def _letter_index(letter: str) -> int | None:
    letters = nd30.POINT_LETTERS
    if len(letter) > 1:
        if len(set(letter)) != 1 or letter[0] not in letters:
            return None
        return letters.index(letter[0]) + len(letters) * (len(letter) - 1)
    return letters.index(letter) if letter in letters else None
