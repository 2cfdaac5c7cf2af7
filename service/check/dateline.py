"""The place–date line (App.I §2 ô 4): `Bắc Giang, ngày 05 tháng 02 năm 2024`, blanks allowed in drafts."""
from __future__ import annotations

import datetime as dt
import re

from service.check.report import Report
from service.compose.dates import format_day, format_month
from service.reading.dateline import BLANK_RE, DATE_RE
from service.reading.reader import Line
from service.reading.text import printed

RULE = "ND30-I.2.date"
FORM = "<Địa danh>, ngày DD tháng MM năm YYYY"


def check_date_line(line: Line | None, report: Report) -> None:
    if line is None:
        report.add(RULE, "place_date", "không có / missing", FORM,
                   "Không tìm thấy dòng địa danh, ngày tháng năm ban hành (App.I §2 ô 4)",
                   "no place–date line found (App.I §2 ô 4)")
        return
    text = printed(line)
    m = DATE_RE.match(text)
    if not m:
        report.add(RULE, "place_date", text, FORM,
                   f"Ngày tháng phải viết đầy đủ dạng “ngày … tháng … năm …” sau địa danh và dấu phẩy: “{text}” "
                   "(App.I §2 ô 4)",
                   f"the date must be written out as “ngày … tháng … năm …” after the place and a comma: “{text}” "
                   "(App.I §2 ô 4)")
        return
    for word in ("w1", "w2", "w3"):
        if m.group(word) != m.group(word).lower():
            report.add(RULE, "place_date", m.group(word), m.group(word).lower(),
                       f"Chữ “{m.group(word)}” trong dòng ngày tháng phải viết thường",
                       f"“{m.group(word)}” in the date line must be lower case")
    place = m.group("place").strip()
    if place and not place[0].isupper():
        report.warn(RULE, "place_date", place, place[:1].upper() + place[1:],
                    "Địa danh phải viết hoa chữ cái đầu (App.I §2 ô 4)",
                    "the place name must be capitalised (App.I §2 ô 4)")
    d_raw, m_raw, y_raw = m.group("d"), m.group("m"), m.group("y")
    d_blank, m_blank = bool(BLANK_RE.match(d_raw)), bool(BLANK_RE.match(m_raw))
    if not re.fullmatch(r"\d{4}", y_raw):
        report.add(RULE, "place_date", f"năm {y_raw}", "năm YYYY",
                   f"Năm ban hành phải ghi đủ 4 chữ số: “năm {y_raw}”",
                   f"the year must be written with 4 digits: “năm {y_raw}”")
        return
    year = int(y_raw)
    if m_blank and not d_blank:
        report.add(RULE, "place_date", text, "ngày … tháng MM năm YYYY",
                   "Dự thảo chỉ được để trống ngày, hoặc cả ngày và tháng; không để trống tháng khi đã có ngày",
                   "a draft may leave the day (or day and month) blank, not the month alone")
        return
    month = None
    if not m_blank:
        if not m_raw.isascii() or not m_raw.isdigit() or not 1 <= int(m_raw) <= 12:
            report.add(RULE, "place_date", f"tháng {m_raw}", "tháng 1–12",
                       f"Tháng “{m_raw}” không tồn tại", f"there is no month “{m_raw}”")
            return
        month = int(m_raw)
        want = format_month(month)
        if m_raw != want:
            report.add(RULE, "place_date", f"tháng {m_raw}", f"tháng {want}",
                       f"Viết “tháng {want}”, không viết “tháng {m_raw}”: tháng 1, 2 có số 0 phía trước, "
                       "tháng 3–12 thì không (App.I §2 ô 4)",
                       f"write “tháng {want}”, not “tháng {m_raw}”: months 1–2 take a leading zero, 3–12 do not "
                       "(App.I §2 ô 4)")
    if not d_blank:
        if not d_raw.isascii() or not d_raw.isdigit() or not 1 <= int(d_raw) <= 31:
            report.add(RULE, "place_date", f"ngày {d_raw}", "ngày 01–31",
                       f"Ngày “{d_raw}” không hợp lệ", f"“{d_raw}” is not a day of the month")
            return
        day = int(d_raw)
        want = format_day(day)
        if d_raw != want:
            report.add(RULE, "place_date", f"ngày {d_raw}", f"ngày {want}",
                       f"Viết “ngày {want}”, không viết “ngày {d_raw}”: ngày dưới 10 có số 0 phía trước "
                       "(App.I §2 ô 4)",
                       f"write “ngày {want}”, not “ngày {d_raw}”: days below 10 take a leading zero (App.I §2 ô 4)")
        if month is not None:
            try:
                dt.date(year, month, day)
            except ValueError:
                report.add(RULE, "place_date", f"{day}/{month}/{year}", "a calendar date",
                           f"Ngày {day} tháng {month} năm {year} không tồn tại",
                           f"{year}-{month:02d}-{day:02d} is not a calendar date")
