"""Jinja filters for template authors: the same Vietnamese formatting the composer uses."""
from __future__ import annotations

from service.compose import dates, numbering, numbers, words

FILTERS = {
    **words.FILTERS,  # doc_so, doc_tien: numbers and money read aloud (reference §8)
    "so_van_ban": numbers.format_number,  # 05
    "la_ma": numbering.roman,  # IV
    "chu_cai": numbering.point_letter,  # đ
    "ngay_ban_hanh": lambda value: dates.date_phrase(dates.parse_issue_date(value)),  # ngày 05 tháng 02 năm 2024
}
