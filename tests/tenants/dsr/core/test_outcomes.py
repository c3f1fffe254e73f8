"""The free-of-charge rule and outcome codes."""

from datetime import datetime

import pytest

from alusta.calendar.periods import HELSINKI
from alusta.tenants.dsr.core.outcomes import CHARGEABLE_OUTCOMES, REFUSALS, Outcome, is_free_of_charge


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("previous", "now", "free"),
    [
        ([], at(2026, 11, 25), True),
        ([at(2025, 11, 25)], at(2026, 11, 25), True),  # exactly a year ago: a new year has begun
        ([at(2025, 11, 26)], at(2026, 11, 25), False),
        ([at(2026, 6, 1)], at(2026, 11, 25), False),
        ([at(2024, 1, 1), at(2025, 1, 1)], at(2026, 11, 25), True),
        ([at(2027, 1, 1)], at(2026, 11, 25), True),  # later requests do not count against an earlier one
    ],
)
def test_access_is_free_once_a_year(previous: list[datetime], now: datetime, free: bool) -> None:
    assert is_free_of_charge(previous, now) is free


def test_refusals_are_exactly_the_refused_codes() -> None:
    assert {o.value for o in REFUSALS} == {o.value for o in Outcome if o.value.startswith("refused_")}
    assert CHARGEABLE_OUTCOMES <= REFUSALS
