"""The gettext catalogues: complete in fi, sv and en, real plural forms, compiled files up to date."""

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from alusta.i18n import Lang
from alusta.web.translations import (
    LOCALE_DIR,
    format_date,
    format_datetime,
    gettext,
    machine_datetime,
    ngettext,
    reset_lang,
    use_lang,
)

ROOT = Path(__file__).resolve().parents[3]
# Texts that are the same word in two languages by nature (short and explicit, reviewed).
# Words Swedish and English share (the same word in both, not an untranslated text).
SAME_IN = {("sv", "en"): {"Version %(version)s", "Version", "Register", "Text", "Organisation", "Status"}}


def catalogue(lang: str) -> dict[object, object]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=lang) if m.id}


def extracted() -> set[object]:
    """Every text marked in code and templates (what ``scripts/i18n update`` would extract)."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    ids: set[object] = set()
    for root in ("platform", "auth", "tenants"):
        for _file, _line, message, _comments, _context in extract_from_dir(ROOT / root, method_map, options):
            ids.add(message)
    return ids


def test_every_marked_text_is_in_the_catalogues() -> None:
    marked = extracted()
    assert len(marked) > 50
    for lang in ("fi", "sv", "en"):
        missing = marked - set(catalogue(lang))
        assert not missing, f"{lang}: run scripts/i18n update and translate {sorted(map(str, missing))[:5]}"


def test_every_message_has_a_translation_in_each_language_and_they_differ() -> None:
    found = {lang: catalogue(lang) for lang in ("fi", "sv", "en")}
    assert set(found["fi"]) == set(found["sv"]) == set(found["en"])
    for msgid in found["fi"]:
        strings = {lang: found[lang][msgid] for lang in found}
        for lang, value in strings.items():
            parts = value if isinstance(value, tuple) else (value,)
            assert all(parts), f"{lang} lacks a translation of {msgid!r}"
        for first, second in (("fi", "sv"), ("fi", "en"), ("sv", "en")):
            if strings[first] == strings[second]:
                assert msgid in SAME_IN.get((first, second), set()), f"{first} == {second} for {msgid!r}"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as handle:
        source = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, source)
    assert (folder / "messages.mo").read_bytes() == compiled.getvalue(), "run scripts/i18n compile"


@pytest.mark.parametrize(
    ("lang", "one", "three"),
    [
        (Lang.FI, "1 rekisterinpitäjä.", "3 rekisterinpitäjää."),
        (Lang.SV, "1 personuppgiftsansvarig.", "3 personuppgiftsansvariga."),
        (Lang.EN, "1 controller.", "3 controllers."),
    ],
)
def test_plural_forms(lang: Lang, one: str, three: str) -> None:
    token = use_lang(lang)
    try:
        forms = ("%(num)d controller.", "%(num)d controllers.")
        assert ngettext(*forms, 1) % {"num": 1} == one
        assert ngettext(*forms, 3) % {"num": 3} == three
        assert ngettext(*forms, 0) % {"num": 0} == three.replace("3", "0")
    finally:
        reset_lang(token)


def test_gettext_follows_the_request_language() -> None:
    for lang, expected in ((Lang.FI, "Kirjaudu ulos"), (Lang.SV, "Logga ut"), (Lang.EN, "Log out")):
        token = use_lang(lang)
        try:
            assert gettext("Log out") == expected
        finally:
            reset_lang(token)


@pytest.mark.parametrize(
    ("lang", "winter", "summer", "day"),
    [
        (Lang.FI, "15.1.2026 12.05", "15.7.2026 13.05", "15. tammikuuta 2026"),
        (Lang.SV, "15.1.2026 12.05", "15.7.2026 13.05", "15 januari 2026"),
        (Lang.EN, "15/01/2026, 12.05", "15/07/2026, 13.05", "15 January 2026"),
    ],
)
def test_dates_in_helsinki_time_per_locale(lang: Lang, winter: str, summer: str, day: str) -> None:
    token = use_lang(lang)
    try:
        assert format_datetime(datetime(2026, 1, 15, 10, 5, tzinfo=UTC)) == winter  # UTC+2
        assert format_datetime(datetime(2026, 7, 15, 10, 5, tzinfo=UTC)) == summer  # UTC+3 (daylight saving)
        assert format_datetime(datetime(2026, 1, 15, 10, 5)) == winter  # noqa: DTZ001 - naive means UTC
        assert format_date(date(2026, 1, 15)) == day
        # 23.30 UTC on 14 January is already 15 January in Helsinki.
        assert format_date(datetime(2026, 1, 14, 23, 30, tzinfo=UTC)) == day
    finally:
        reset_lang(token)


def test_machine_datetime_has_whole_seconds_and_an_offset() -> None:
    """``<time datetime>`` allows at most three fraction digits (the Nu Html Checker refused six)."""
    assert machine_datetime(datetime(2026, 1, 15, 10, 5, 7, 123456, tzinfo=UTC)) == "2026-01-15T10:05:07+00:00"
    assert machine_datetime(datetime(2026, 1, 15, 10, 5, 7, 999)) == "2026-01-15T10:05:07+00:00"  # noqa: DTZ001
