"""The records pages' form helpers: text to the API's values and back, problems in words."""

from collections.abc import Iterator

import pytest

from alusta.i18n import Lang
from alusta.tenants.records import record_form
from alusta.tenants.records.values import FieldProblem, ValuesError, validate
from alusta.tenants.registers.schemas import Classification, FieldDef, FieldType
from alusta.web.translations import reset_lang, use_lang

FIELDS = [
    FieldDef(name="customer_number", type=FieldType.CUSTOMER_NUMBER, classification=Classification.IDENTIFIER,
             required=True),
    FieldDef(name="email", type=FieldType.EMAIL, classification=Classification.CONTACT),
    FieldDef(name="visits", type=FieldType.NUMBER, classification=Classification.ORDINARY),
    FieldDef(name="newsletter", type=FieldType.BOOLEAN, classification=Classification.ORDINARY),
    FieldDef(name="health", type=FieldType.TEXT, classification=Classification.SPECIAL_CATEGORY),
]  # fmt: skip


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English unless a test chooses (the default language is Finnish)."""
    token = use_lang(Lang.EN)
    yield
    reset_lang(token)


def test_created_values_leave_empty_fields_out_and_type_numbers_and_booleans() -> None:
    submitted = {"v_customer_number": " jv-1099 ", "v_email": "", "v_visits": "3,5", "v_newsletter": "yes"}
    values = record_form.values_of(FIELDS, submitted, partial=False)
    assert values == {"customer_number": "jv-1099", "visits": 3.5, "newsletter": True}
    assert validate(FIELDS, values, allow_synthetic=True)["customer_number"] == "JV-1099"


def test_an_edit_removes_emptied_fields_and_never_sends_a_left_out_one() -> None:
    editable = [item for item in FIELDS if item.name != "health"]  # masked for this member
    values = record_form.values_of(editable, {"v_customer_number": "JV-1", "v_newsletter": "no"}, partial=True)
    assert values == {"customer_number": "JV-1", "email": None, "visits": None, "newsletter": False}
    assert "health" not in values


def test_text_that_is_not_a_number_is_refused_by_the_same_validation_as_the_api() -> None:
    values = record_form.values_of(FIELDS, {"v_customer_number": "JV-1", "v_visits": "many"}, partial=False)
    with pytest.raises(ValuesError) as caught:
        validate(FIELDS, values, allow_synthetic=True)
    errors = record_form.field_errors(caught.value.problems, FIELDS)
    assert errors == {"v_visits": "visits: Enter a number."}  # the summary names the field


def test_stored_values_fill_the_edit_form() -> None:
    values = {"customer_number": "JV-1", "visits": 4.0, "newsletter": False}
    assert record_form.form_values(FIELDS, values) == {
        "v_customer_number": "JV-1", "v_visits": "4", "v_newsletter": "no"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (Lang.EN, "Fill in this field: it is required."),
        (Lang.FI, None),
        (Lang.SV, None),
    ],
)
def test_problems_are_said_in_the_readers_language_without_the_value(lang: Lang, expected: str | None) -> None:
    token = use_lang(lang)
    try:
        text = record_form.problem_text(FieldProblem("customer_number", "required", "is required"), FIELDS[0])
        other = record_form.problem_text(FieldProblem("email", "invalid_value", "is not an e-mail address"), FIELDS[1])
    finally:
        reset_lang(token)
    if expected is not None:
        assert text == expected
    else:
        assert text != "Fill in this field: it is required."  # translated
    assert "is not an e-mail address" not in other  # the service's reason, said for the reader


def test_an_unknown_reason_falls_back_to_the_types_rule() -> None:
    hetu = FieldDef(name="hetu", type=FieldType.HETU, classification=Classification.IDENTIFIER)
    problem = FieldProblem("hetu", "invalid_value", "henkilötunnus has the wrong format")
    assert record_form.problem_text(problem, hetu) == "This is not a valid personal identity code."
    assert record_form.problem_text(FieldProblem("x", "odd", "odd"), None) == "This value is not valid."


def test_import_report_lists_each_problem_with_its_row() -> None:
    problems = [
        {"row": 2, "field": "email", "code": "invalid_value", "message": "is not an e-mail address"},
        {"row": 3, "field": "shoe", "code": "unknown_field", "message": "is not a field of this register"},
    ]
    report = record_form.import_report(problems, FIELDS)
    assert [(line.row, line.field) for line in report] == [(2, "email"), (3, "shoe")]
    assert report[1].text == "This is not a field of this register."
    assert record_form.mask_reason(FIELDS[4]) == record_form.MASK_REASONS[Classification.SPECIAL_CATEGORY]
