"""Every text of the request domain exists in Finnish, Swedish and English."""

from alusta.tenants.dsr.core.messages import MESSAGES
from fixtures.texts import assert_translated


def test_every_message_has_all_three_languages() -> None:
    assert MESSAGES
    for msgid in MESSAGES.values():
        assert_translated(msgid)
