"""GDPR Art. 12(3) deadlines, counted as Regulation 1182/71 counts months.

- The controller answers "without undue delay and in any event within one month of receipt".
- The month is counted by :mod:`alusta.calendar.periods` (1182/71 art. 3(2)(c), 3(4); EDPB
  Guidelines 01/2022 on the right of access, §5.3).
- The clock starts at the first receipt anywhere in alusta, support desk included (design §4).
- One extension "by two further months where necessary", only with reasons told to the subject
  within the first month (Art. 12(3)): refused once the first deadline has passed.
Deadlines are computed in Europe/Helsinki time and expire at the end of that day.
"""

from dataclasses import dataclass
from datetime import datetime

from alusta.calendar.periods import period_end

FIRST_PERIOD_MONTHS = 1
MAX_EXTENSION_MONTHS = 2
MIN_REASON_LENGTH = 20  # a reason must say something, not "busy"


class ExtensionRefusedError(ValueError):
    """The extension breaks Art. 12(3); ``rule`` names which part, for the pages' messages."""

    def __init__(self, rule: str, text: str) -> None:
        super().__init__(text)
        self.rule = rule  # already_extended | length | reasons | too_late


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
            raise ExtensionRefusedError("already_extended", "the deadline has already been extended once")
        if not 1 <= months <= MAX_EXTENSION_MONTHS:
            raise ExtensionRefusedError("length", f"an extension is 1 to {MAX_EXTENSION_MONTHS} months")
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise ExtensionRefusedError("reasons", "the reasons for the extension must be given to the data subject")
        if now >= self.first_due:
            raise ExtensionRefusedError("too_late", "an extension must be notified within one month of receipt")
        return Deadline(self.received_at, months, reason.strip())
