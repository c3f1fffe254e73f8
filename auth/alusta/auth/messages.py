"""User-facing texts of the auth domain in fi, sv and en (shaped like ``alusta.i18n.MESSAGES``)."""

from alusta.i18n import Lang

MESSAGES: dict[str, dict[Lang, str]] = {
    "login_refused": {
        Lang.FI: "Tunnistautuminen epäonnistui. Yritä uudelleen.",
        Lang.SV: "Identifieringen misslyckades. Försök igen.",
        Lang.EN: "Identification failed. Please try again.",
    },
    "login_cancelled": {
        Lang.FI: "Tunnistautuminen keskeytettiin.",
        Lang.SV: "Identifieringen avbröts.",
        Lang.EN: "Identification was cancelled.",
    },
    "login_expired": {
        Lang.FI: "Kirjautuminen vanheni tai se on jo käytetty. Aloita kirjautuminen alusta.",
        Lang.SV: "Inloggningen har gått ut eller redan använts. Börja om.",
        Lang.EN: "The login has expired or was already used. Please start again.",
    },
    "provider_unavailable": {
        Lang.FI: "Tunnistuspalveluun ei saatu yhteyttä.",
        Lang.SV: "Identifieringstjänsten kunde inte nås.",
        Lang.EN: "The identification service could not be reached.",
    },
    "not_logged_in": {
        Lang.FI: "Kirjaudu sisään.",
        Lang.SV: "Logga in.",
        Lang.EN: "Please log in.",
    },
    "csrf_failed": {
        Lang.FI: "Pyynnön tarkiste puuttui tai oli väärä. Lataa sivu uudelleen.",
        Lang.SV: "Begärans kontrollvärde saknades eller var fel. Ladda om sidan.",
        Lang.EN: "The request check token was missing or wrong. Reload the page.",
    },
    "logout_confirm": {
        Lang.FI: "Kirjaudu ulos",
        Lang.SV: "Logga ut",
        Lang.EN: "Log out",
    },
    "logged_out": {
        Lang.FI: "Olet kirjautunut ulos.",
        Lang.SV: "Du har loggat ut.",
        Lang.EN: "You have logged out.",
    },
    "idp_pick_identity": {
        Lang.FI: "Testitunnistus: valitse testihenkilö",
        Lang.SV: "Testidentifiering: välj en testperson",
        Lang.EN: "Test identification: pick a test person",
    },
}


def message(key: str, lang: Lang) -> str:
    return MESSAGES[key][lang]
