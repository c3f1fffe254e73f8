"""The notice editor's form rules (no database): values ↔ Notice, one message per section."""

import msgspec
import pytest

from alusta.i18n import Lang
from alusta.tenants.registers.notice_form import (
    BLANK_RECIPIENT_ROWS,
    Change,
    changes,
    read_notice,
    recipient_rows,
    values_of,
)
from alusta.tenants.registers.schemas import Notice
from fixtures.tenancy import notice_body


def notice(**changes_: object) -> Notice:
    return msgspec.convert({**notice_body(), **changes_}, Notice)


def values(**changes_: str) -> dict[str, str]:
    return {**values_of(notice()), **changes_}


def test_a_notice_survives_the_form_both_ways() -> None:
    automated = {"fi": "Luottopäätös", "sv": "Kreditbeslut", "en": "Credit decision"}
    original = notice(special_category_basis="h", automated_decisions=automated)
    checked = read_notice(values_of(original), Lang.EN)
    assert checked.errors == {}
    assert checked.notice == original


def test_each_section_lacking_a_translation_gets_one_message_at_its_first_empty_input() -> None:
    checked = read_notice(
        values(**{"retention-sv": " ", "retention-en": "", "purpose-fi": "", "security-en": ""}), Lang.EN
    )
    assert checked.notice is None
    assert checked.errors == {
        "purpose-fi": "Purpose and legal basis of processing: write the text in every language (missing: Finnish).",
        "retention-sv": "Retention period: write the text in every language (missing: Swedish, English).",
        "security-en": "Security principles: write the text in every language (missing: English).",
    }
    assert list(checked.errors) == ["purpose-fi", "retention-sv", "security-en"]  # the page's order


def test_messages_are_in_the_pages_language() -> None:
    checked = read_notice(values(**{"retention-sv": ""}), Lang.SV)
    assert checked.errors == {"retention-sv": "Lagringstid: skriv texten på alla språk (saknas: svenska)."}


def test_texts_are_trimmed_with_lf_line_ends_and_limited_in_length() -> None:
    checked = read_notice(values(**{"retention-fi": "  Rivi 1\r\nRivi 2  "}), Lang.EN)
    assert checked.notice is not None
    assert checked.notice.retention.fi == "Rivi 1\nRivi 2"
    too_long = read_notice(values(**{"sources-sv": "x" * 4001, "register_name-en": "y" * 201}), Lang.EN)
    assert too_long.errors == {
        "register_name-en": "Name of the register (English): at most 200 characters.",
        "sources-sv": "Regular sources of data (Swedish): at most 4000 characters.",
    }


def test_automated_decisions_are_optional_as_a_whole_but_need_all_three_once_begun() -> None:
    empty = read_notice(values(), Lang.EN)
    assert empty.notice is not None
    assert empty.notice.automated_decisions is None
    begun = read_notice(values(**{"automated_decisions-fi": "Luottopäätös tehdään automaattisesti."}), Lang.EN)
    assert list(begun.errors) == ["automated_decisions-sv"]
    assert "missing: Swedish, English" in begun.errors["automated_decisions-sv"]


def test_recipient_rows_empty_ones_are_dropped_begun_ones_need_everything() -> None:
    rows = values(
        **{"recipient-1-name": "", "recipient-1-fi": "", "recipient-1-sv": "", "recipient-1-en": ""},
        **{
            "recipient-2-name": "",
            "recipient-2-fi": "Perintä",
            "recipient-2-sv": "Indrivning",
            "recipient-2-en": "Debt",
        },
        **{"recipient-3-name": "Perintä Oy", "recipient-3-fi": "Perintä"},
    )
    checked = read_notice(rows, Lang.EN)
    assert checked.errors == {
        "recipient-2-name": "Recipient 3: give the recipient's name.",
        "recipient-3-sv": "Recipient 4: write the text in every language (missing: Swedish, English).",
    }
    removed = read_notice(
        values(**{"recipient-0-name": "", "recipient-0-fi": "", "recipient-0-sv": "", "recipient-0-en": ""}), Lang.EN
    )
    assert removed.notice is not None
    assert removed.notice.recipients == []


def test_recipient_rows_shown_are_those_in_use_and_a_few_empty_ones() -> None:
    assert recipient_rows(values()) == 1 + BLANK_RECIPIENT_ROWS
    assert recipient_rows(values(**{"recipient-4-name": "Oy"})) == 5 + BLANK_RECIPIENT_ROWS
    assert (
        recipient_rows(
            values(**{"recipient-0-name": "", "recipient-0-fi": "", "recipient-0-sv": "", "recipient-0-en": ""})
        )
        == BLANK_RECIPIENT_ROWS
    )


@pytest.mark.parametrize(
    ("change", "name", "message"),
    [
        ({"contact_person": " "}, "contact_person", "Name the contact person"),
        ({"contact_person": "x" * 201}, "contact_person", "at most 200 characters"),
        ({"legal_basis": "whim"}, "legal_basis", "Choose the legal basis of processing."),
        ({"legal_basis": ""}, "legal_basis", "Choose the legal basis of processing."),
        ({"special_category_basis": "k"}, "special_category_basis", "Choose a condition from the list"),
    ],
)
def test_the_other_parts_are_checked(change: dict[str, str], name: str, message: str) -> None:
    checked = read_notice(values(**change), Lang.EN)
    assert list(checked.errors) == [name]
    assert message in checked.errors[name]


def test_no_special_category_condition_is_none() -> None:
    checked = read_notice(values(special_category_basis=""), Lang.EN)
    assert checked.notice is not None
    assert checked.notice.special_category_basis is None


def test_changes_name_the_parts_and_the_languages_in_the_pages_order() -> None:
    old = notice()
    new = notice(
        retention={"fi": "24 kk", "sv": "Asiakkuuden ajan (sv)", "en": "24 months"},
        legal_basis="consent",
        automated_decisions={"fi": "a", "sv": "b", "en": "c"},
        recipients=[],
    )
    assert changes(old, new) == [
        Change("legal_basis"),
        Change("recipients"),
        Change("retention", ("fi", "en")),
        Change("automated_decisions"),
    ]
    assert changes(old, old) == []
