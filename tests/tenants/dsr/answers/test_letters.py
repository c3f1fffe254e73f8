"""Letters in three languages; every refusal names the Ombudsman and the courts."""

from datetime import UTC, date, datetime

import pytest

from alusta.i18n import Lang, localise
from alusta.tenants.dsr.answers.letters import (
    COVER_HEADINGS,
    REFUSAL_REASONS,
    NoticeFacts,
    access_cover_letter,
    extension_notice,
    letter_date,
    months_text,
    refusal_letter,
)
from alusta.tenants.dsr.answers.subject import Period
from alusta.tenants.dsr.core.outcomes import REFUSALS, Outcome
from fixtures.texts import assert_translated

COMPLAINT_WORDS = {Lang.FI: ("Tietosuojavaltuutet", "tuomioistuim"), Lang.SV: ("Dataombudsman", "domstol"),
                   Lang.EN: ("Data Protection Ombudsman", "court")}  # fmt: skip


def test_every_refusal_has_a_reason_in_three_languages() -> None:
    assert set(REFUSAL_REASONS) == set(REFUSALS)
    for msgid in REFUSAL_REASONS.values():
        assert_translated(msgid)


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("outcome", sorted(REFUSALS))
def test_refusal_names_the_right_to_complain_and_to_a_court(lang: Lang, outcome: Outcome) -> None:
    letter = refusal_letter(outcome, lang, "Esimerkki Oy", "ALU-0000-0000-0000-0", "")
    for word in COMPLAINT_WORDS[lang]:
        assert word in letter
    assert "Esimerkki Oy" in letter


def test_completed_is_not_a_refusal() -> None:
    with pytest.raises(ValueError, match="not a refusal"):
        refusal_letter(Outcome.COMPLETED, Lang.FI, "X", "R", "")


@pytest.mark.parametrize("lang", list(Lang))
def test_cover_letter_covers_article_15_1_a_to_h(lang: Lang) -> None:
    facts = NoticeFacts("Esimerkki Oy", "Asiakasrekisteri", "P", "C", "R", "T", "S", "A")
    letter = access_cover_letter(facts, lang)
    assert len(COVER_HEADINGS) == 8
    for heading in COVER_HEADINGS:
        assert localise(heading, lang) in letter
    assert COMPLAINT_WORDS[lang][0] in letter


def test_extension_notice_states_reasons_and_new_deadline() -> None:
    text = extension_notice(Lang.EN, "ALU-1", 2, "2026-05-01", "many registers")
    assert "2026-05-01" in text
    assert "many registers" in text


def test_one_month_is_singular_and_dates_follow_the_letter_language() -> None:
    """Issue 14 point 13: "1 month" (not "1 months"); dates as each language writes them, Helsinki calendar."""
    assert "extended by 1 month." in extension_notice(Lang.EN, "ALU-1", 1, "x", "r")
    assert "förlängts med 1 månad." in extension_notice(Lang.SV, "ALU-1", 1, "x", "r")
    assert months_text(Lang.EN, 2) == "2 months"
    late = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)  # 30 Nov 00:30 in Helsinki
    assert letter_date(late, Lang.FI) == "30.11.2026"
    assert letter_date(late, Lang.SV) == "30.11.2026"
    assert letter_date(late, Lang.EN) == "30 November 2026"


def test_an_open_ended_period_is_told_in_words() -> None:
    """A period with one end says "from" or "up to", not a dash with nothing after it."""
    both = Period(date(2025, 1, 1), date(2025, 12, 31)).note(Lang.EN)
    assert "1 January 2025–31 December 2025" in both
    since = Period(date(2025, 1, 1), None).note(Lang.EN)
    assert "from 1 January 2025 onwards" in since
    assert "–" not in since
    until = Period.of({"period": [None, "2025-06-30"]})
    assert until is not None
    assert "up to 30 June 2025" in until.note(Lang.EN)
    assert "30.6.2025" in until.note(Lang.FI)
    assert "–" not in until.note(Lang.SV)
