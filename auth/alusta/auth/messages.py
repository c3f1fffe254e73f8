"""User-facing texts of the auth domain: gettext msgids by key, translated with ``localise`` (ADR 0060)."""

from alusta.i18n import N_, Lang, localise

MESSAGES: dict[str, str] = {
    "login_refused": N_("Identification failed. Please try again."),
    "login_cancelled": N_("Identification was cancelled."),
    "login_expired": N_("The login has expired or was already used. Please start again."),
    "provider_unavailable": N_("The identification service could not be reached."),
    "not_logged_in": N_("Please log in."),
    "csrf_failed": N_("The request check token was missing or wrong. Reload the page."),
    "logout_confirm": N_("Log out"),
    "logged_out": N_("You have logged out."),
    "idp_pick_identity": N_("Test identification: pick a test person"),
}


def message(key: str, lang: Lang) -> str:
    return localise(MESSAGES[key], lang)
