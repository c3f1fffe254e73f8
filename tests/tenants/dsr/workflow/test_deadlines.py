"""Art. 12(3) deadlines: one month from receipt, one extension with reasons (the month itself: alusta.calendar)."""

from datetime import datetime

import pytest

from alusta.calendar.periods import HELSINKI, period_end
from alusta.tenants.dsr.workflow.deadlines import Deadline, ExtensionRefusedError


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=HELSINKI)


REASON = "Tens of registers must be searched for this request; the complexity needs more time."


def test_extension_up_to_two_months_with_reasons_inside_the_first_month() -> None:
    deadline = Deadline(at(2026, 1, 31))
    extended = deadline.extend(2, REASON, now=at(2026, 2, 20))
    assert extended.due == period_end(at(2026, 1, 31), 3)  # 30 April 2026 is a Thursday
    assert extended.due == at(2026, 5, 1, 0)
    assert extended.first_due == deadline.first_due


@pytest.mark.parametrize(
    ("months", "reason", "now", "message"),
    [
        (2, REASON, at(2026, 3, 3, 0), "within one month"),  # the first deadline has passed
        (3, REASON, at(2026, 2, 1), "1 to 2 months"),
        (0, REASON, at(2026, 2, 1), "1 to 2 months"),
        (1, "busy", at(2026, 2, 1), "reasons"),
    ],
)
def test_extension_refusals(months: int, reason: str, now: datetime, message: str) -> None:
    with pytest.raises(ExtensionRefusedError, match=message):
        Deadline(at(2026, 1, 31)).extend(months, reason, now=now)


def test_only_one_extension() -> None:
    extended = Deadline(at(2026, 1, 10)).extend(1, REASON, now=at(2026, 1, 20))
    with pytest.raises(ExtensionRefusedError, match="already"):
        extended.extend(1, REASON, now=at(2026, 1, 21))


def test_overdue() -> None:
    deadline = Deadline(at(2026, 10, 12))
    assert not deadline.is_overdue(at(2026, 11, 12, 23))
    assert deadline.is_overdue(at(2026, 11, 13, 0))
