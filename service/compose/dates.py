"""The place–date line (App.I §2 ô 4): `Bắc Giang, ngày 05 tháng 02 năm 2024`.

Day below 10 and months 1–2 get a leading zero, months 3–12 do not; a draft leaves the day (or day and month)
blank for the clerk to write at issue time.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from service.rules import nd30

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class IssueDate:
    """A full date, a month of a year (draft with the day blank) or a year only (day and month blank)."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> _dt.date | None:
        return _dt.date(self.year, self.month, self.day) if self.day is not None else None


def parse_issue_date(value: str | _dt.date | None) -> IssueDate | None:
    """Accept `2024-02-05`, `2024-02`, `2024` or None; raise ValueError (vi / en) for impossible dates."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date):
        return IssueDate(value.year, value.month, value.day)
    m = _DATE_RE.match(str(value).strip())
    if not m:
        raise ValueError(f"Ngày không đúng dạng YYYY-MM-DD, YYYY-MM hoặc YYYY: {value!r} / "
                         f"date must be YYYY-MM-DD, YYYY-MM or YYYY: {value!r}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if not 1900 <= year <= 2999:
        raise ValueError(f"Năm {year} không hợp lệ / year {year} out of range")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"Tháng {month} không tồn tại / there is no month {month}")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"Ngày {day} tháng {month} năm {year} không tồn tại / "
                             f"{year}-{month:02d}-{day:02d} is not a calendar date") from None
    return IssueDate(year, month, day)


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
