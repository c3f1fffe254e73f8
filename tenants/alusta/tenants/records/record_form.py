"""The records pages' forms: a register's fields as form inputs and back, problems in words.

- A form sends text; :func:`values_of` turns it into the values the API takes (a number as a
  number, yes/no as a boolean), so ``service.create_record``/``update_record`` validate exactly as
  for the API. In an edit an emptied field is removed (``None``); a field the member sees masked
  is never in the form, so it is never sent and stays as stored.
- :func:`problem_text` says a ``values.FieldProblem`` in the reader's language; the offending
  value is never repeated (it may be personal data).
- Every user-visible word is a gettext msgid (``N_``), translated where shown.
"""

from dataclasses import dataclass
from typing import Any

from alusta.i18n import N_
from alusta.tenants.records.models import NO_MARKETING, OBJECTED, RESTRICTED
from alusta.tenants.records.service import MASKED_BY
from alusta.tenants.records.values import MAX_TEXT, FieldProblem
from alusta.tenants.registers.schemas import Classification, FieldDef, FieldType, SubjectKey
from alusta.web.translations import gettext

INPUT_PREFIX = "v_"  # input names never clash with the page's own ids or the CSRF field
YES, NO = "yes", "no"

TYPE_NAMES: dict[FieldType, str] = {
    FieldType.TEXT: N_("Text"),
    FieldType.EMAIL: N_("E-mail address"),
    FieldType.PHONE: N_("Phone number"),
    FieldType.HETU: N_("Personal identity code"),
    FieldType.DATE: N_("Date"),
    FieldType.NUMBER: N_("Number"),
    FieldType.BOOLEAN: N_("Yes or no"),
    FieldType.CUSTOMER_NUMBER: N_("Customer number"),
}
CLASSIFICATION_NAMES: dict[Classification, str] = {
    Classification.IDENTIFIER: N_("Identifier"),
    Classification.CONTACT: N_("Contact details"),
    Classification.ORDINARY: N_("Ordinary personal data"),
    Classification.SPECIAL_CATEGORY: N_("Special category data (Article 9)"),
    Classification.NON_DISCLOSURE: N_("Non-disclosure (e.g. a secret address or phone number)"),
}
KIND_NAMES: dict[SubjectKey, str] = {
    SubjectKey.HETU: N_("Personal identity code"),
    SubjectKey.EMAIL: N_("E-mail address"),
    SubjectKey.PHONE: N_("Phone number"),
    SubjectKey.CUSTOMER_NUMBER: N_("Customer number"),
}
# The flags an answered request places (Art. 18, 21), in words: status never by colour alone.
FLAG_NAMES: dict[str, str] = {
    RESTRICTED: N_("Processing restricted (Article 18): storage only"),
    OBJECTED: N_("The subject has objected to the processing (Article 21(1))"),
    NO_MARKETING: N_("Direct marketing prohibited (Article 21(2)-(3))"),
}
# Why a value is hidden from this member (``service.MASKED_BY``, the hetu rule for viewers).
MASK_REASONS: dict[str, str] = {
    Classification.SPECIAL_CATEGORY: N_("masked: special category data, shown only with the explicit permission"),
    Classification.NON_DISCLOSURE: N_("masked: non-disclosure, shown only with the explicit permission"),
    FieldType.HETU: N_("partly masked: only the date of birth is shown to members who cannot change records"),
}
RESTRICTED_REFUSAL = N_(
    "Processing of this record is restricted (Article 18): it is only stored and cannot be changed or deleted."
)
# values.py's reasons, by the text it gives; anything else falls back to the type's rule.
_REASONS: dict[str, str] = {
    "is required": N_("Fill in this field: it is required."),
    "is not a field of this register": N_("This is not a field of this register."),
    "is not an e-mail address": N_("Enter an e-mail address, like name@example.fi."),
    "is not a phone number": N_("Enter a phone number, like 040 123 4567 or +358 40 123 4567."),
    "is not a date (YYYY-MM-DD)": N_("Enter a date as YYYY-MM-DD."),
    "is not a customer number (letters, digits, -)": N_("A customer number has only letters, digits and hyphens."),
    "must be a number": N_("Enter a number."),
    "must be true or false": N_("Choose yes or no."),
    "must be a string": N_("Enter text."),
    f"must be 1-{MAX_TEXT} characters": N_("Enter at most 2,000 characters."),
    "a real henkilötunnus is not accepted outside production (only 900-999)": N_(
        "A real personal identity code is not accepted outside production: use a synthetic one (900-999)."
    ),
}
_BY_TYPE: dict[FieldType, str] = {
    FieldType.HETU: N_("This is not a valid personal identity code."),
}
INVALID = N_("This value is not valid.")


@dataclass(frozen=True)
class FieldInput:
    """One field of a register as the form shows it."""

    item: FieldDef
    name: str  # the input's name and id
    masked: bool = False  # shown as masked, not editable (the member may not see it)

    @property
    def type_name(self) -> str:
        return TYPE_NAMES[self.item.type]

    @property
    def classification_name(self) -> str:
        return CLASSIFICATION_NAMES[self.item.classification]


def input_name(field: str) -> str:
    return INPUT_PREFIX + field


def inputs(fields: list[FieldDef], masked: list[str] | None = None) -> list[FieldInput]:
    hidden = set(masked or [])
    return [FieldInput(item, input_name(item.name), item.name in hidden) for item in fields]


def mask_reason(item: FieldDef) -> str:
    """Why this member sees the field masked (untranslated msgid)."""
    if item.classification in MASKED_BY:
        return MASK_REASONS[item.classification]
    return MASK_REASONS[FieldType.HETU]


def _number(text: str) -> float | str:
    try:
        return float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return text  # refused by the service as "must be a number", like any invalid value


def _value(item: FieldDef, text: str) -> Any:
    if item.type is FieldType.BOOLEAN:
        return {YES: True, NO: False}.get(text, text)
    if item.type is FieldType.NUMBER:
        return _number(text)
    return text


def values_of(fields: list[FieldDef], submitted: dict[str, str], *, partial: bool) -> dict[str, Any]:
    """The values to create (empty fields left out) or, ``partial``, to change (emptied: ``None``).

    Masked fields are left out of ``fields`` by the caller in an edit, so they are never sent.
    """
    values: dict[str, Any] = {}
    for item in fields:
        text = submitted.get(input_name(item.name), "").strip()
        if text:
            values[item.name] = _value(item, text)
        elif partial:
            values[item.name] = None
    return values


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def form_values(fields: list[FieldDef], values: dict[str, Any]) -> dict[str, str]:
    """A stored record's values as the edit form's text."""
    return {input_name(item.name): _text(values.get(item.name)) for item in fields if item.name in values}


def shown(value: Any) -> str:
    """A value in a table or a page (booleans in words)."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return _text(value)


def problem_text(problem: FieldProblem, item: FieldDef | None) -> str:
    """The problem in the reader's language, without the value."""
    reason = _REASONS.get(problem.message)
    if reason is None and item is not None:
        reason = _BY_TYPE.get(item.type)
    return gettext(reason or INVALID)


def field_errors(problems: list[FieldProblem], fields: list[FieldDef]) -> dict[str, str]:
    """Input name -> message naming the field, for ``FormState.errors`` (the summary links to each input)."""
    by_name = {item.name: item for item in fields}
    return {input_name(p.field): f"{p.field}: {problem_text(p, by_name.get(p.field))}" for p in problems}


@dataclass(frozen=True)
class ReportLine:
    """One refused row of an import: its number (the first data row is 1), the field, the problem."""

    row: int
    field: str
    text: str


def import_report(problems: list[dict[str, Any]], fields: list[FieldDef]) -> list[ReportLine]:
    """``service.ImportRejectedError.problems`` in the reader's language, in row order."""
    by_name = {item.name: item for item in fields}
    return [
        ReportLine(
            int(p["row"]),
            str(p["field"]),
            problem_text(
                FieldProblem(str(p["field"]), str(p["code"]), str(p["message"])), by_name.get(str(p["field"]))
            ),
        )
        for p in problems
    ]
