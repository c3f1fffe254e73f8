"""Periods counted as Regulation 1182/71 counts months, with Finnish holidays (alusta.calendar.periods)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alusta.calendar.periods import HELSINKI, add_months, period_end


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
    ],
)
def test_add_months_clamps_to_the_last_day(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=HELSINKI)


def test_deadline_is_the_end_of_the_same_date_next_month() -> None:
    # Received Wed 14 Oct 2026 -> 14 Nov 2026 is a Saturday -> Monday 16 Nov, expiring at its end.
    assert period_end(at(2026, 10, 14), 1) == at(2026, 11, 17, 0)
    # Received Thu 15 Oct 2026 -> Sun 15 Nov -> Mon 16 Nov, expiring at its end.
    assert period_end(at(2026, 10, 15), 1) == at(2026, 11, 17, 0)
    # Received Mon 12 Oct 2026 -> Thu 12 Nov, a working day.
    assert period_end(at(2026, 10, 12), 1) == at(2026, 11, 13, 0)


def test_31_january_runs_to_the_end_of_february_then_the_next_working_day() -> None:
    # 28 Feb 2026 is a Saturday: the period ends at the end of Monday 2 March.
    assert period_end(at(2026, 1, 31), 1) == at(2026, 3, 3, 0)
    # 29 Feb 2028 is a Tuesday.
    assert period_end(at(2028, 1, 31), 1) == at(2028, 3, 1, 0)


def test_receipt_is_counted_in_helsinki_time() -> None:
    late_evening_utc = datetime(2026, 1, 30, 22, 30, tzinfo=UTC)  # 31 Jan 00:30 in Helsinki
    assert period_end(late_evening_utc, 1) == period_end(at(2026, 1, 31), 1)


def test_naive_receipt_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        period_end(datetime(2026, 1, 1), 1)  # noqa: DTZ001 - the point of the test


def test_holidays_shift_the_deadline() -> None:
    # 6 Dec 2027 (Independence Day) is a Monday: received 6 Nov 2027 -> Tue 7 Dec.
    assert period_end(at(2027, 11, 6), 1) == at(2027, 12, 8, 0)
    # Christmas 2026: 24 Thu, 25 Fri, 26 Sat, 27 Sun -> Mon 28 Dec.
    assert period_end(at(2026, 11, 24), 1) == at(2026, 12, 29, 0)


# hypothesis takes naive bounds and attaches the zone itself.
NAIVE_MIN = datetime(2000, 1, 1)  # noqa: DTZ001
NAIVE_MAX = datetime(2100, 1, 1)  # noqa: DTZ001


@given(st.datetimes(min_value=NAIVE_MIN, max_value=NAIVE_MAX, timezones=st.just(HELSINKI)))
def test_deadline_is_never_shorter_than_a_calendar_month_nor_much_longer(received: datetime) -> None:
    due = period_end(received, 1).date()
    received_day = received.astimezone(HELSINKI).date()
    assert due > add_months(received_day, 1)  # exclusive end, at least the clamped same date
    assert due - add_months(received_day, 1) <= timedelta(days=6)  # Easter/Christmas runs are the longest
