"""Page rules (App.I §1): A4 portrait, margins inside the legal ranges, page number centred in the header, not on page 1."""
from __future__ import annotations

from service.check.emphasis import ALIGN_EN, ALIGN_VI, fmt_pt, range_text, size_of
from service.check.report import Report
from service.reading.reader import Document, Para
from service.rules import nd30

TWIPS_PER_MM = 1440 / 25.4
TOLERANCE_MM = 0.5  # Word stores margins in whole twips and page sizes rounded to the nearest twip
SIDES_VI = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}


def _mm(twips: int) -> float:
    return twips / TWIPS_PER_MM


def check_page(doc: Document, report: Report) -> None:
    if not doc.sections:
        report.add("ND30-I.1.paper", "page", "—", "A4 210 × 297 mm",
                   "Không có thông tin khổ giấy (sectPr); phải đặt khổ A4",
                   "no page setup (sectPr) in the document; A4 must be set")
        return
    a4_w, a4_h = nd30.PAGE_A4_MM
    for n, sec in enumerate(doc.sections):
        where = "page" if len(doc.sections) == 1 else f"section[{n + 1}]"
        if sec.width is None or sec.height is None:
            report.add("ND30-I.1.paper", where, "—", "A4 210 × 297 mm", "Không khai báo khổ giấy; phải là A4",
                       "page size not set; must be A4")
            continue
        w_mm, h_mm = _mm(sec.width), _mm(sec.height)
        short, long_ = sorted((w_mm, h_mm))
        found = f"{w_mm:.1f} × {h_mm:.1f} mm"
        if abs(short - a4_w) > TOLERANCE_MM or abs(long_ - a4_h) > TOLERANCE_MM:
            report.add("ND30-I.1.paper", where, found, f"A4 {a4_w} × {a4_h} mm",
                       f"Khổ giấy {found}, phải là A4 ({a4_w} × {a4_h} mm) (App.I §1)",
                       f"paper size {found}, must be A4 ({a4_w} × {a4_h} mm) (App.I §1)")
        landscape = w_mm > h_mm or sec.orient == "landscape"
        if landscape and n == 0:
            report.add("ND30-I.1.orientation", where, "landscape", "portrait",
                       "Trang đầu phải đặt khổ dọc (khổ ngang chỉ dùng cho bảng rộng, phụ lục) (App.I §1)",
                       "the first pages must be portrait (landscape only for wide tables/appendices) (App.I §1)")
        for side, (lo, hi) in nd30.MARGINS_MM.items():
            value = sec.margins.get(side)
            if value is None:
                report.add("ND30-I.1.margins", where, "—", f"{lo}–{hi} mm", f"Không khai báo {SIDES_VI[side]}",
                           f"{side} margin not set")
                continue
            mm = _mm(value)
            if not lo - TOLERANCE_MM <= mm <= hi + TOLERANCE_MM:
                report.add("ND30-I.1.margins", where, f"{side} {mm:.1f} mm", f"{side} {lo}–{hi} mm",
                           f"{SIDES_VI[side].capitalize()} {mm:.1f} mm, phải từ {lo} đến {hi} mm (App.I §1)",
                           f"{side} margin {mm:.1f} mm, must be {lo}–{hi} mm (App.I §1)")
    _check_page_numbers(doc, report)


def _page_paras(paras: list[Para]) -> list[Para]:
    return [p for p in paras if "PAGE" in p.fields]


def _check_page_numbers(doc: Document, report: Report) -> None:
    rule, element = "ND30-I.1.page_number", "header"
    sec = doc.sections[0]
    default = doc.headers.get(sec.headers.get("default", ""), [])
    numbered = _page_paras(default)
    if not numbered:
        in_footer = any(_page_paras(doc.footers.get(rid, [])) for rid in sec.footers.values())
        found = "trong chân trang / in the footer" if in_footer else "không có / none"
        report.add(rule, element, found, "PAGE field in the header",
                   "Số trang phải đặt giữa lề trên (đầu trang) bằng trường PAGE (App.I §1)"
                   + (", không đặt ở chân trang" if in_footer else ""),
                   "page numbers must be a PAGE field centred in the header (top margin) (App.I §1)"
                   + (", not in the footer" if in_footer else ""))
    else:
        para = numbered[0]
        if para.fmt.align != "center":
            found = para.fmt.align
            report.add(rule, element, ALIGN_EN.get(found, found), "centred",
                       f"Số trang phải căn giữa, đang {ALIGN_VI.get(found, found)} (App.I §1)",
                       f"the page number must be centred, found {ALIGN_EN.get(found, found)} (App.I §1)")
        runs = [r for r in para.runs if r.field == "PAGE"] or para.runs
        lo, hi = nd30.PAGE_NUMBER_SIZE
        sizes = sorted({size_of(r) for r in runs if not lo - 0.01 <= size_of(r) <= hi + 0.01})
        if sizes:
            found = ", ".join(fmt_pt(s) for s in sizes)
            report.add(rule, element, found, range_text((lo, hi)),
                       f"Số trang cỡ {found}, phải {range_text((lo, hi))} (App.I §1)",
                       f"page number size {found}, must be {range_text((lo, hi))} (App.I §1)")
        if any(r.fmt.italic or r.fmt.bold for r in runs):
            report.add(rule, element, "bold/italic", "upright, regular",
                       "Số trang phải in đứng, không đậm (App.I §1)", "the page number must be upright (App.I §1)")
        if doc.even_and_odd:
            even = doc.headers.get(sec.headers.get("even", ""), [])
            if not _page_paras(even):
                report.add(rule, "header(even)", "không có / none", "PAGE field",
                           "Văn bản dùng đầu trang chẵn/lẻ khác nhau nhưng trang chẵn không có số trang",
                           "odd and even headers differ but the even-page header has no page number")
    if not sec.title_page:
        report.add(rule, element, "titlePg off", "titlePg on (different first page)",
                   "Không được đánh số trang thứ nhất: bật “trang đầu khác” (titlePg) (App.I §1)",
                   "page 1 must not show a number: set a different first page (titlePg) (App.I §1)")
    else:
        first = doc.headers.get(sec.headers.get("first", ""), [])
        if _page_paras(first):
            report.add(rule, "header(first)", "PAGE on page 1", "no number on page 1",
                       "Đầu trang của trang 1 có số trang; trang 1 không được đánh số (App.I §1)",
                       "the first-page header shows a page number; page 1 must not be numbered (App.I §1)")
