"""User-facing texts in Finnish (default), Swedish and English, and language negotiation.

Every message the service shows a person exists in all three languages; a test checks the
catalogue is complete. The language comes from ``?lang=``, then the remembered choice (the
``LANG_COOKIE`` set by :mod:`alusta.web.shell`), then ``Accept-Language``, else Finnish. Page
texts (templates) are gettext catalogues, :mod:`alusta.web.translations` (ADR 0060).
"""

from enum import StrEnum


class Lang(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


DEFAULT_LANG = Lang.FI
LANG_COOKIE = "__Host-alusta-lang"  # the language a person chose with ?lang= (no personal data)

MESSAGES: dict[str, dict[Lang, str]] = {
    "tls_required": {
        Lang.FI: "Palvelu toimii vain salatun HTTPS-yhteyden kautta.",
        Lang.SV: "Tjänsten fungerar endast över en krypterad HTTPS-anslutning.",
        Lang.EN: "This service is available over encrypted HTTPS only.",
    },
    "host_not_allowed": {
        Lang.FI: "Pyydetty palvelinnimi ei kuulu tähän palveluun.",
        Lang.SV: "Det begärda värdnamnet hör inte till den här tjänsten.",
        Lang.EN: "The requested host name does not belong to this service.",
    },
    "not_found": {
        Lang.FI: "Pyydettyä sivua tai tietoa ei löytynyt.",
        Lang.SV: "Den begärda sidan eller informationen hittades inte.",
        Lang.EN: "The requested page or resource was not found.",
    },
    "method_not_allowed": {
        Lang.FI: "Tätä toimintoa ei voi tehdä tähän osoitteeseen.",
        Lang.SV: "Den här åtgärden kan inte utföras på den här adressen.",
        Lang.EN: "This method is not allowed on this address.",
    },
    "bad_request": {
        Lang.FI: "Pyyntö oli virheellinen.",
        Lang.SV: "Begäran var felaktig.",
        Lang.EN: "The request was not valid.",
    },
    "unauthorized": {
        Lang.FI: "Kirjaudu sisään vahvalla tunnistautumisella.",
        Lang.SV: "Logga in med stark autentisering.",
        Lang.EN: "Please log in with strong authentication.",
    },
    "forbidden": {
        Lang.FI: "Sinulla ei ole oikeutta tähän toimintoon.",
        Lang.SV: "Du har inte behörighet till den här åtgärden.",
        Lang.EN: "You are not permitted to do this.",
    },
    "payload_too_large": {
        Lang.FI: "Pyynnön sisältö on liian suuri.",
        Lang.SV: "Begärans innehåll är för stort.",
        Lang.EN: "The request body is too large.",
    },
    "rate_limited": {
        Lang.FI: "Liian monta pyyntöä. Yritä hetken kuluttua uudelleen.",
        Lang.SV: "För många förfrågningar. Försök igen om en stund.",
        Lang.EN: "Too many requests. Please try again shortly.",
    },
    "server_error": {
        Lang.FI: "Palvelussa tapahtui virhe. Virhe on kirjattu viitteellä.",
        Lang.SV: "Ett fel inträffade i tjänsten. Felet har loggats med en referens.",
        Lang.EN: "Something went wrong in the service. The error was logged with a reference.",
    },
    "not_ready": {
        Lang.FI: "Palvelu ei ole vielä valmis: tietokannan rakenne ei ole ajan tasalla.",
        Lang.SV: "Tjänsten är inte klar ännu: databasens schema är inte uppdaterat.",
        Lang.EN: "The service is not ready: the database schema is not up to date.",
    },
    "home_title": {
        Lang.FI: "alusta – tietosuojapyynnöt ja rekisterit",
        Lang.SV: "alusta – dataskyddsbegäranden och register",
        Lang.EN: "alusta – data-protection requests and registers",
    },
    "home_intro": {
        Lang.FI: "Täällä voit lukea rekisterinpitäjien tietosuojaselosteita ja käyttää tietosuojaoikeuksiasi.",
        Lang.SV: "Här kan du läsa personuppgiftsansvarigas dataskyddsbeskrivningar och utöva dina rättigheter.",
        Lang.EN: "Here you can read controllers' privacy notices and exercise your data-protection rights.",
    },
}


def negotiate(query_lang: str | None, accept_language: str | None, cookie_lang: str | None = None) -> Lang:
    """``?lang=`` wins; then the remembered choice; then Accept-Language by q-value; else Finnish."""
    supported = {lang.value for lang in Lang}
    for chosen in (query_lang, cookie_lang):
        if chosen is not None and chosen in supported:
            return Lang(chosen)
    if accept_language:
        ranked: list[tuple[float, int, str]] = []
        for index, part in enumerate(accept_language.split(",")):
            tag, _, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            ranked.append((-quality, index, tag.strip().lower().split("-")[0]))
        for negative_quality, _, primary in sorted(ranked):
            if negative_quality < 0 and primary in supported:
                return Lang(primary)
    return DEFAULT_LANG


def text(key: str, lang: Lang) -> str:
    return MESSAGES[key][lang]
