"""User-facing texts in Finnish (default), Swedish and English, and language negotiation.

One translation mechanism (issue 11, ADR 0060): every text a person reads — pages, problem
titles, letters, notifications — is a gettext message (English msgid) in the Babel catalogues
``web/locale/<lang>/LC_MESSAGES/messages.po``; code marks a text with ``N_`` where it is defined
and translates it with ``localise`` (or ``alusta.web.translations.gettext`` in a request) where
it is shown. A test fails when any message lacks a fi, sv or en translation. The language comes
from ``?lang=``, then the remembered choice (the ``LANG_COOKIE`` set by :mod:`alusta.web.shell`),
then ``Accept-Language``, else Finnish.
"""

from enum import StrEnum
from functools import cache
from pathlib import Path

from babel.support import Translations


class Lang(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


DEFAULT_LANG = Lang.FI
LANG_COOKIE = "__Host-alusta-lang"  # the language a person chose with ?lang= (no personal data)
LOCALE_DIR = Path(__file__).parent / "web" / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention Babel extracts
    """Marks a text for the catalogue; it is translated where it is shown (``localise``)."""
    return message


def mo_path(lang: Lang) -> Path:
    return LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def catalogue(lang: Lang) -> Translations:
    """The compiled catalogue; a missing file is an error (never a silent English fallback)."""
    with mo_path(lang).open("rb") as handle:
        return Translations(handle, domain=DOMAIN)


def localise(message: str, lang: Lang) -> str:
    """A marked text (its English msgid) in ``lang``, from the compiled catalogue."""
    return catalogue(lang).gettext(message)


def localise_plural(singular: str, plural: str, n: int, lang: Lang) -> str:
    """The plural form for ``n`` in ``lang`` (each catalogue's ``Plural-Forms``)."""
    return str(catalogue(lang).ngettext(singular, plural, n))


MESSAGES: dict[str, str] = {
    "tls_required": N_("This service is available over encrypted HTTPS only."),
    "host_not_allowed": N_("The requested host name does not belong to this service."),
    "not_found": N_("The requested page or resource was not found."),
    "method_not_allowed": N_("This method is not allowed on this address."),
    "bad_request": N_("The request was not valid."),
    "unauthorized": N_("Please log in with strong authentication."),
    "forbidden": N_("You are not permitted to do this."),
    "payload_too_large": N_("The request body is too large."),
    "rate_limited": N_("Too many requests. Please try again shortly."),
    "server_error": N_("Something went wrong in the service. The error was logged with a reference."),
    "not_ready": N_("The service is not ready: the database schema is not up to date."),
    "home_title": N_("alusta – data-protection requests and registers"),
    "home_intro": N_("Here you can read controllers' privacy notices and exercise your data-protection rights."),
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
    return localise(MESSAGES[key], lang)
