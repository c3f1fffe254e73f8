"""Which language a request is answered in: ``?lang=`` → remembered cookie → Accept-Language → fi.

The web shell decides once per request (:func:`lang_of_scope`) and sets the ContextVar read by
templates, problem documents and error pages; a valid ``?lang=`` on a page is remembered in
``LANG_COOKIE`` (Secure, HttpOnly, SameSite=Lax, a year) so the next page keeps the choice.
"""

from typing import Any
from urllib.parse import parse_qs

from litestar.connection import ASGIConnection

from alusta.i18n import LANG_COOKIE, Lang, negotiate

COOKIE_MAX_AGE = 365 * 24 * 3600


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _cookie(scope: dict[str, Any], name: str) -> str | None:
    for part in (_header(scope, b"cookie") or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def query_lang(scope: dict[str, Any]) -> str | None:
    """The ``?lang=`` value when it names a supported language (anything else is ignored)."""
    raw = scope.get("query_string", b"").decode("latin-1")
    values = parse_qs(raw).get("lang")
    supported = {lang.value for lang in Lang}
    return values[0] if values and values[0] in supported else None


def lang_of_scope(scope: dict[str, Any]) -> Lang:
    return negotiate(query_lang(scope), _header(scope, b"accept-language"), _cookie(scope, LANG_COOKIE))


def lang_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Lang:
    return lang_of_scope(dict(connection.scope))


def remembered(scope: dict[str, Any]) -> str | None:
    return _cookie(scope, LANG_COOKIE)


def lang_set_cookie(lang: Lang) -> bytes:
    # __Host- prefix: Secure, Path=/, no Domain. Lax: a link from another site keeps the language.
    return f"{LANG_COOKIE}={lang.value}; Max-Age={COOKIE_MAX_AGE}; Path=/; Secure; HttpOnly; SameSite=Lax".encode()
