"""Validation and normalisation of record values by field type, and blind-index inputs.

Error messages name the field and the rule, never the offending value (it may be personal data).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from alusta.auth.identifiers import InvalidIdentifierError, contains_real_hetu, parse_hetu
from alusta.tenants.registers.schemas import FieldDef, FieldType

MAX_TEXT = 2000
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
_PHONE = re.compile(r"^\+?[0-9]{5,15}$")
_CUSTOMER = re.compile(r"^[A-Za-z0-9-]{1,64}$")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    code: str
    message: str


class ValuesError(ValueError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


def _email(text: str) -> str:
    if not _EMAIL.fullmatch(text):
        raise ValueError("is not an e-mail address")
    return text.lower()


def _phone(text: str) -> str:
    compact = re.sub(r"[\s()-]", "", text)
    if compact.startswith("0"):
        compact = "+358" + compact[1:]  # Finnish national format to E.164
    if not _PHONE.fullmatch(compact):
        raise ValueError("is not a phone number")
    return compact


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError("is not a date (YYYY-MM-DD)") from None


def _customer_number(text: str) -> str:
    if not _CUSTOMER.fullmatch(text):
        raise ValueError("is not a customer number (letters, digits, -)")
    return text.upper()


_TEXT_NORMALIZERS: dict[FieldType, Callable[[str], str]] = {
    FieldType.EMAIL: _email,
    FieldType.PHONE: _phone,
    FieldType.DATE: _date,
    FieldType.CUSTOMER_NUMBER: _customer_number,
    FieldType.TEXT: lambda text: text,
}


# Input of the wrong JSON type is a ValueError like any other invalid value: the caller reports
# all of them together as field problems.
def normalize(item: FieldDef, value: Any, *, allow_synthetic: bool) -> str | float | bool:
    """The canonical form stored (and, for identifiers, indexed); raises ``ValueError`` with a reason."""
    if item.type is FieldType.BOOLEAN:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if item.type is FieldType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number")
        return float(value)
    if not isinstance(value, str):
        raise ValueError("must be a string")  # noqa: TRY004 - reported as a field problem
    text = value.strip()
    if not text or len(text) > MAX_TEXT:
        raise ValueError(f"must be 1-{MAX_TEXT} characters")
    if item.type is FieldType.HETU:
        try:
            return parse_hetu(text.upper(), allow_synthetic=allow_synthetic).value
        except InvalidIdentifierError as exc:
            raise ValueError(str(exc)) from None
    if allow_synthetic and contains_real_hetu(text):  # outside production: synthetic numbers only
        raise ValueError("a real henkilötunnus is not accepted outside production (only 900-999)")
    return _TEXT_NORMALIZERS[item.type](text)


def validate(
    fields: list[FieldDef], values: dict[str, Any], *, allow_synthetic: bool, partial: bool = False
) -> dict[str, str | float | bool | None]:
    """All problems at once: unknown fields, missing required fields, values of the wrong form.

    In a partial update a ``null`` value removes the field (unless it is required).
    """
    by_name = {item.name: item for item in fields}
    problems = [
        FieldProblem(name, "unknown_field", "is not a field of this register") for name in values if name not in by_name
    ]
    clean: dict[str, str | float | bool | None] = {}
    for name, item in by_name.items():
        if name not in values:
            if item.required and not partial:
                problems.append(FieldProblem(name, "required", "is required"))
            continue
        value = values[name]
        if value is None:
            if item.required:
                problems.append(FieldProblem(name, "required", "is required"))
            elif partial:
                clean[name] = None
            continue
        try:
            clean[name] = normalize(item, value, allow_synthetic=allow_synthetic)
        except ValueError as exc:
            problems.append(FieldProblem(name, "invalid_value", str(exc)))
    if problems:
        raise ValuesError(problems)
    return clean
