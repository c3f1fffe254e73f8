"""Deadlines are stored as their exclusive end; pages show the last day a person can act."""

from datetime import UTC, datetime

import pytest

from alusta.calendar.periods import period_end
from alusta.i18n import Lang
from alusta.web.translations import format_deadline, reset_lang, use_lang


@pytest.mark.parametrize(
    ("lang", "shown"), [(Lang.FI, "7. tammikuuta 2027"), (Lang.SV, "7 januari 2027"), (Lang.EN, "7 January 2027")]
)
def test_a_month_from_6_december_is_shown_as_7_january(lang: Lang, shown: str) -> None:
    # Received 6 Dec 2026: one month ends 6 Jan 2027, Epiphany, so the period runs to the end of
    # Thursday 7 Jan; the stored instant is 8 Jan 00:00 in Helsinki.
    due = period_end(datetime(2026, 12, 6, 21, 40, tzinfo=UTC), 1)
    assert due == datetime(2027, 1, 7, 22, 0, tzinfo=UTC)
    token = use_lang(lang)
    try:
        assert format_deadline(due) == shown
    finally:
        reset_lang(token)
