"""Periods counted as Regulation (EEC, Euratom) No 1182/71 counts them, in Finnish local time.

- A period of months ends on the same date in the last month; if that month has no such date
  (31 January + 1 month), on its last day (28/29 February) — art. 3(2)(c).
- If the last day is a Saturday, Sunday or public holiday, the period ends at the end of the
  next working day — art. 3(4) (holidays: :mod:`alusta.calendar.holidays`).
- Days are Europe/Helsinki days; a period expires at the end of its last day.
"""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from alusta.calendar.holidays import next_working_day_from

HELSINKI = ZoneInfo("Europe/Helsinki")


def add_months(start: date, months: int) -> date:
    """Same date ``months`` later, or the last day of that month when it has no such date."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=HELSINKI)


def last_day(end: datetime) -> date:
    """The last Helsinki day of a period whose end (as :func:`period_end` gives it) is exclusive."""
    return (end.astimezone(HELSINKI) - timedelta(microseconds=1)).date()


def period_end(start: datetime, months: int) -> datetime:
    """The instant a period of ``months`` from ``start`` expires (exclusive)."""
    if start.tzinfo is None:
        raise ValueError("receipt time must be timezone-aware")
    local_start = start.astimezone(HELSINKI).date()
    return end_of_day(next_working_day_from(add_months(local_start, months)))
