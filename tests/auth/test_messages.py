from alusta.auth.messages import MESSAGES
from fixtures.texts import assert_translated


def test_every_auth_text_exists_in_three_languages() -> None:
    for msgid in MESSAGES.values():
        assert_translated(msgid)
