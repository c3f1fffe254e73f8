"""GDPR Art. 12(3) deadlines, counted as Regulation 1182/71 counts months.

- The controller answers "without undue delay and in any event within one month of receipt".
- A month ends on the same date in the next month; if that month has no such date (31 January),
  on its last day (28/29 February) — 1182/71 art. 3(2)(c).
- If the last day is a Saturday, Sunday or public holiday, the period ends at the end of the next
  working day — 1182/71 art. 3(4) (EDPB Guidelines 01/2022 on the right of access, §5.3).
- The clock starts at the first receipt anywhere in alusta, support desk included (design §4).
- One extension "by two further months where necessary", only with reasons told to the subject
  within the first month (Art. 12(3)): refused once the first deadline has passed.
Deadlines are computed in Europe/Helsinki time and expire at the end of that day.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from alusta.calendar.holidays import next_working_day_from

HELSINKI = ZoneInfo("Europe/Helsinki")
FIRST_PERIOD_MONTHS = 1
MAX_EXTENSION_MONTHS = 2
MIN_REASON_LENGTH = 20  # a reason must say something, not "busy"


class ExtensionRefusedError(ValueError):
    """The extension breaks Art. 12(3) (too late, too long, no reasons, or already extended)."""


def add_months(start: date, months: int) -> date:
    """Same date ``months`` later, or the last day of that month when it has no such date."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=HELSINKI)


def period_end(received_at: datetime, months: int) -> datetime:
    """The instant a period of ``months`` from ``received_at`` expires (exclusive)."""
    if received_at.tzinfo is None:
        raise ValueError("receipt time must be timezone-aware")
    local_receipt = received_at.astimezone(HELSINKI).date()
    return _end_of_day(next_working_day_from(add_months(local_receipt, months)))


@dataclass(frozen=True)
class Deadline:
    received_at: datetime
    extended_months: int = 0
    extension_reason: str | None = None

    @property
    def first_due(self) -> datetime:
        return period_end(self.received_at, FIRST_PERIOD_MONTHS)

    @property
    def due(self) -> datetime:
        return period_end(self.received_at, FIRST_PERIOD_MONTHS + self.extended_months)

    def is_overdue(self, now: datetime) -> bool:
        return now >= self.due

    def extend(self, months: int, reason: str, now: datetime) -> "Deadline":
        if self.extended_months:
            raise ExtensionRefusedError("the deadline has already been extended once")
        if not 1 <= months <= MAX_EXTENSION_MONTHS:
            raise ExtensionRefusedError(f"an extension is 1 to {MAX_EXTENSION_MONTHS} months")
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise ExtensionRefusedError("the reasons for the extension must be given to the data subject")
        if now >= self.first_due:
            raise ExtensionRefusedError("an extension must be notified within one month of receipt")
        return Deadline(self.received_at, months, reason.strip())
