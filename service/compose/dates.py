"""The place–date line (App.I §2 ô 4): `Bắc Giang, ngày 05 tháng 02 năm 2024`.

Day below 10 and months 1–2 get a leading zero, months 3–12 do not; a draft leaves the day (or day and month)
blank for the clerk to write at issue time.
"""
from __future__ import annotations

import datetime as _dt

from service.document.dates import IssueDate, parse_issue_date  # noqa: F401  (re-exported: the one date reading)
from service.rules import nd30


def format_day(day: int) -> str:
    """Days below 10 get a leading zero (App.I §2 ô 4)."""
    return f"{day:02d}"


def format_month(month: int) -> str:
    """Months 1 and 2 get a leading zero, 3–12 do not (App.I §2 ô 4)."""
    return f"{month:02d}" if month in nd30.ZERO_PADDED_MONTHS else str(month)


def date_phrase(date: IssueDate | None, *, blank: str = nd30.DRAFT_BLANK) -> str:
    """`ngày 05 tháng 02 năm 2024`, with blanks where a draft has no day or month yet."""
    if date is None:
        return f"ngày{blank}tháng{blank}năm{blank}"
    day = f" {format_day(date.day)} " if date.day is not None else blank
    month = f" {format_month(date.month)} " if date.month is not None else blank
    return f"ngày{day}tháng{month}năm {date.year}"


def place_date_line(place: str, date: IssueDate | None) -> str:
    """Place first, then a comma, then the date phrase (App.I §2 ô 4)."""
    return f"{place.strip()}, {date_phrase(date)}"


def short_date(date: _dt.date) -> str:
    """`05/02/2024`, the form used inside citations and the register."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"
