"""Times New Roman, black, everywhere — body, tables, text boxes, headers, footers, notes (App.I §1)."""
from __future__ import annotations

from collections import defaultdict

from service.check.report import Report
from service.reading.reader import Document, Run
from service.rules import nd30

PART_VI = {"body": "nội dung", "header": "đầu trang", "footer": "chân trang", "footnotes": "chú thích",
           "endnotes": "chú thích cuối"}


def _fonts_used(run: Run) -> set[str | None]:
    """The fonts that actually draw this run's characters (ASCII, other Latin incl. Vietnamese, East Asian hint)."""
    used = set()
    if any(ord(ch) < 0x80 for ch in run.text if not ch.isspace()):
        used.add(run.ascii_font)
    if any(ord(ch) >= 0x80 for ch in run.text if not ch.isspace()):
        used.add(run.hansi_font)
    if run.fmt.hint == "eastAsia":
        used.add(run.east_asia_font)
    return used


def check_fonts(doc: Document, report: Report) -> None:
    bad_fonts: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    bad_colors: dict[tuple[str, str], list[str]] = defaultdict(list)
    for para in doc.paras:
        part = para.part.split(":", 1)[0]
        for run in para.runs:
            if not run.text.strip() or run.fmt.vanish:
                continue
            for font in _fonts_used(run):
                if (font or "").strip().lower() != nd30.FONT.lower():
                    bad_fonts[(font, part)].append(run.text.strip())
            color = (run.fmt.color or "auto").lower()
            if color not in {c.lower() for c in nd30.TEXT_COLORS}:
                bad_colors[(color, part)].append(run.text.strip())
    for (font, part), texts in bad_fonts.items():
        shown = font or "(không đặt phông / no font named)"
        sample = texts[0][:60]
        report.add("ND30-I.1.font", part, f"{shown} ×{len(texts)}: “{sample}”", nd30.FONT,
                   f"Phông chữ {shown} ở {PART_VI.get(part, part)} ({len(texts)} đoạn chữ, ví dụ “{sample}”); "
                   f"phải dùng {nd30.FONT} (App.I §1)",
                   f"font {shown} in the {part} ({len(texts)} runs, e.g. “{sample}”); must be {nd30.FONT} "
                   "(App.I §1)")
    for (color, part), texts in bad_colors.items():
        sample = texts[0][:60]
        report.add("ND30-I.1.color", part, f"#{color} ×{len(texts)}: “{sample}”", "black",
                   f"Chữ màu #{color} ở {PART_VI.get(part, part)} (ví dụ “{sample}”); chữ phải màu đen (App.I §1)",
                   f"text coloured #{color} in the {part} (e.g. “{sample}”); text must be black (App.I §1)")
