from alusta.auth.messages import MESSAGES
from alusta.i18n import Lang


def test_every_auth_text_exists_in_three_languages() -> None:
    for key, translations in MESSAGES.items():
        assert set(translations) == set(Lang), key
        assert all(value.strip() for value in translations.values()), key
