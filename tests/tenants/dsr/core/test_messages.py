"""Every text of the request domain exists in Finnish, Swedish and English."""

from alusta.i18n import Lang
from alusta.tenants.dsr.core.messages import MESSAGES


def test_every_message_has_all_three_languages() -> None:
    assert MESSAGES
    for key, texts in MESSAGES.items():
        assert set(texts) == set(Lang), key
        assert all(text.strip() for text in texts.values()), key
