"""The Finnish public holidays of the 1182/71 "next working day" rule (alusta.calendar.holidays)."""

from datetime import date

import pytest

from alusta.calendar.holidays import easter_sunday, finnish_holidays, is_working_day


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28))],
)
def test_easter(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_movable_finnish_holidays_2026() -> None:
    holidays = finnish_holidays(2026)
    for day in (
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 14),  # Ascension Day
        date(2026, 6, 19),  # Midsummer Eve
        date(2026, 6, 20),  # Midsummer Day
        date(2026, 10, 31),  # All Saints' Day
    ):
        assert day in holidays
    assert is_working_day(date(2026, 6, 18))
    assert not is_working_day(date(2026, 6, 19))
