"""The issue date as a document holds it: a full date, a month of a year, or a year only (a draft)."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from service.messages import InvalidValue

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class IssueDate:
    """A full date, a month of a year (draft with the day blank) or a year only (day and month blank)."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> _dt.date | None:
        return _dt.date(self.year, self.month, self.day) if self.day is not None else None

    def iso(self) -> str:
        """`2024-02-05`, `2024-02` or `2024`: the form the JSON document carries."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_issue_date(value: str | _dt.date | None) -> IssueDate | None:
    """Accept `2024-02-05`, `2024-02`, `2024` or None; raise ValueError (vi / en) for impossible dates."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date):
        return IssueDate(value.year, value.month, value.day)
    m = _DATE_RE.match(str(value).strip())
    if not m:
        raise InvalidValue(f"Ngày không đúng dạng YYYY-MM-DD, YYYY-MM hoặc YYYY: {value!r}",
                           f"date must be YYYY-MM-DD, YYYY-MM or YYYY: {value!r}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if not 1900 <= year <= 2999:
        raise InvalidValue(f"Năm {year} không hợp lệ", f"year {year} out of range")
    if month is not None and not 1 <= month <= 12:
        raise InvalidValue(f"Tháng {month} không tồn tại", f"there is no month {month}")
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            raise InvalidValue(f"Ngày {day} tháng {month} năm {year} không tồn tại",
                               f"{year}-{month:02d}-{day:02d} is not a calendar date") from None
    return IssueDate(year, month, day)

