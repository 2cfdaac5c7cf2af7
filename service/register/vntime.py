"""Vietnam time for numbering: registers run per calendar year in Asia/Ho_Chi_Minh
(ND30 Art. 15 §1: numbers start at 01 on 1 January and end on 31 December)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The default clock: an aware UTC datetime."""
    return dt.datetime.now(dt.timezone.utc)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC datetime; naive values (as SQLite returns them) are taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def vietnam_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Vietnam at that moment."""
    return as_utc(moment).astimezone(VIETNAM).date()
