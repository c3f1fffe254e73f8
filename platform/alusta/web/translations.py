"""Page texts from gettext catalogues (Babel), the language of the current request, dates (ADR 0060).

- The catalogues are ``locale/<lang>/LC_MESSAGES/messages.po`` beside this module, compiled to
  ``.mo`` (``scripts/i18n compile``; the ``.mo`` files are committed and so ship in the wheel; a
  test fails when a ``.mo`` is older than its ``.po`` or any message lacks a translation).
- msgids are English; every language, English included, has its own msgstr, so a missing
  translation is visible instead of silently falling back.
- Plural forms come from each catalogue's ``Plural-Forms`` header (``ngettext``).
- The language lives in a ContextVar set once per request by the web shell: each ASGI request
  runs in its own task, so concurrent requests never see each other's language. Switching with
  ``env.install_gettext_translations`` per request would write into globals shared by all.
- Dates and times are shown in Europe/Helsinki in the reader's locale; a naive datetime is UTC.
"""

from contextvars import ContextVar, Token
from datetime import UTC, date, datetime

from babel import dates as babel_dates

from alusta.calendar.periods import HELSINKI, last_day
from alusta.i18n import DEFAULT_LANG, LOCALE_DIR, N_, Lang, catalogue, mo_path

__all__ = ["LOCALE_DIR", "N_", "catalogue", "mo_path"]  # re-exported for templates and tests
# CLDR locales of Finland: Finnish, Finland-Swedish and English as written in Finland.
BABEL_LOCALES = {Lang.FI: "fi_FI", Lang.SV: "sv_FI", Lang.EN: "en_FI"}

_current: ContextVar[Lang] = ContextVar("alusta_lang", default=DEFAULT_LANG)


def current_lang() -> Lang:
    return _current.get()


def use_lang(lang: Lang) -> Token[Lang]:
    return _current.set(lang)


def reset_lang(token: Token[Lang]) -> None:
    _current.reset(token)


def gettext(message: str) -> str:
    return catalogue(current_lang()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(current_lang()).ngettext(singular, plural, n)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def format_datetime(value: datetime, width: str = "short") -> str:
    """E.g. fi ``15.1.2026 12.05``; Helsinki time with daylight saving applied."""
    return str(babel_dates.format_datetime(_aware(value), width, tzinfo=HELSINKI, locale=BABEL_LOCALES[current_lang()]))


def machine_datetime(value: datetime) -> str:
    """For ``<time datetime>``: ISO 8601 in whole seconds (HTML allows at most 3 fraction digits)."""
    return _aware(value).isoformat(timespec="seconds")


def format_date(value: date | datetime, width: str = "long") -> str:
    """E.g. fi ``15. tammikuuta 2026``, sv ``15 januari 2026``; a datetime is taken in Helsinki."""
    day = _aware(value).astimezone(HELSINKI).date() if isinstance(value, datetime) else value
    return str(babel_dates.format_date(day, width, locale=BABEL_LOCALES[current_lang()]))


def format_deadline(due: datetime, width: str = "long") -> str:
    """The last day to act, from a deadline stored as its exclusive end (the next day's 00:00).

    :func:`alusta.calendar.periods.period_end` gives the instant the period expires; a person
    reads "by 7 January" for a period that ends at 8 January 00:00 in Helsinki.
    """
    return format_date(last_day(_aware(due)), width)
