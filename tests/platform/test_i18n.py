"""Every user-facing text exists in Finnish, Swedish and English; negotiation rules."""

import pytest

from alusta.i18n import MESSAGES, Lang, negotiate
from fixtures.texts import assert_translated


def test_catalogue_is_complete_in_three_languages() -> None:
    for msgid in MESSAGES.values():
        assert_translated(msgid)


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        (None, None, Lang.FI),
        ("sv", "en", Lang.SV),
        ("de", None, Lang.FI),
        (None, "en-GB,en;q=0.9", Lang.EN),
        (None, "de;q=1.0, sv;q=0.5, en;q=0.7", Lang.EN),
        (None, "sv;q=0", Lang.FI),
        (None, "fr, garbage;q=x", Lang.FI),
    ],
)
def test_negotiation(query: str | None, header: str | None, expected: Lang) -> None:
    assert negotiate(query, header) is expected
