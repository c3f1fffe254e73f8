"""Finnish public holidays, for the "next working day" rule of deadlines.

Regulation (EEC, Euratom) No 1182/71 art. 3(4): where the last day of a period is a public
holiday, Saturday or Sunday, the period ends with the expiry of the last hour of the following
working day. Holidays are those of the Finnish calendar (Act 1976/1147 on holidays, plus the
ecclesiastical movable feasts and the days off the Working Hours Act treats as holidays).
"""

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(start: date) -> date:
    """The Saturday in the seven days from ``start`` (Midsummer Eve/Day and All Saints' Day)."""
    return start + timedelta(days=(5 - start.weekday()) % 7)


@cache
def finnish_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(date(year, 6, 20))
    return frozenset(
        {
            date(year, 1, 1),  # uudenvuodenpäivä
            date(year, 1, 6),  # loppiainen
            easter - timedelta(days=2),  # pitkäperjantai
            easter,  # pääsiäispäivä
            easter + timedelta(days=1),  # 2. pääsiäispäivä
            date(year, 5, 1),  # vappu
            easter + timedelta(days=39),  # helatorstai
            easter + timedelta(days=49),  # helluntaipäivä
            midsummer_day - timedelta(days=1),  # juhannusaatto (a day off by the Working Hours Act)
            midsummer_day,  # juhannuspäivä
            _saturday_between(date(year, 10, 31)),  # pyhäinpäivä
            date(year, 12, 6),  # itsenäisyyspäivä
            date(year, 12, 24),  # jouluaatto (a day off by the Working Hours Act)
            date(year, 12, 25),  # joulupäivä
            date(year, 12, 26),  # tapaninpäivä
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in finnish_holidays(day.year)


def next_working_day_from(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
