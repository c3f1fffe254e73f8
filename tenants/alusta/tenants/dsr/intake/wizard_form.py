"""The request wizard's form, read and checked: chosen controllers, the right, the details.

The result is the API's :class:`FileIn`, converted by msgspec with the API's own limits, so a
page can never file what the API would refuse; a mistake is one message per field, shown by
the form macros (error summary and next to the field), in the page's language.
"""

from datetime import date, datetime

import msgspec

from alusta.calendar.periods import HELSINKI
from alusta.tenants.dsr.core.outcomes import RequestType
from alusta.tenants.dsr.intake.filing import IntakeRefusedError, normalized_identifiers
from alusta.tenants.dsr.schemas import FREE_TEXT_MAX, FileIn
from alusta.tenants.registers.directory import ControllerEntry
from alusta.web.forms import FormState
from alusta.web.translations import gettext

# The details carried from the details page to the check page as hidden fields, in page order.
DETAIL_FIELDS = ("period_from", "period_to", "delivery_format", "include_access_log", "correction", "text", "email")


def chosen_controllers(entries: list[ControllerEntry], form: FormState) -> list[ControllerEntry]:
    """The active controllers among the ``tenant`` values (unknown or inactive ids are dropped)."""
    wanted = set(form.chosen("tenant"))
    return [e for e in entries if str(e.tenant_id) in wanted]


def chosen_right(form: FormState) -> RequestType | None:
    try:
        return RequestType(form.values.get("right") or (form.chosen("right") or [""])[0])
    except ValueError:
        return None


def _day(form: FormState, name: str) -> date | None:
    text = form.values.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        form.error(name, gettext("Enter the date as year-month-day, for example 2026-01-31."))
        return None


def _text(form: FormState, name: str, *, required_message: str | None = None) -> str | None:
    text = form.values.get(name, "").strip()
    if not text:
        if required_message:
            form.error(name, required_message)
        return None
    if len(text) > FREE_TEXT_MAX:  # control characters: FormState.of has refused them already
        form.error(name, gettext("The text is too long: at most 4,000 characters."))
    return text


def _details(form: FormState, right: RequestType) -> dict[str, object]:
    body: dict[str, object] = {}
    if right in (RequestType.ACCESS, RequestType.ACCESS_LOG):
        first, last = _day(form, "period_from"), _day(form, "period_to")
        if first and last and first > last:
            form.error("period_from", gettext("The period cannot start after it ends."))
        if first and first > datetime.now(HELSINKI).date():
            form.error("period_from", gettext("The period cannot start in the future."))
        body |= {"period_from": first, "period_to": last}
    if right is RequestType.ACCESS:
        delivery = form.values.get("delivery_format") or "electronic"
        if delivery not in ("electronic", "paper"):
            form.error("delivery_format", gettext("Choose how you want the answer."))
        body |= {"delivery_format": delivery, "include_access_log": form.values.get("include_access_log") == "yes"}
    if right is RequestType.RECTIFICATION:
        wrong = gettext("Tell what is wrong and what is right.")
        body["correction"] = _text(form, "correction", required_message=wrong)
    # Art. 21(1): an objection rests on grounds relating to the person's particular situation.
    grounds = gettext("Tell why you object, given your particular situation.")
    body["text"] = _text(form, "text", required_message=grounds if right is RequestType.OBJECTION else None)
    email = form.values.get("email", "").strip()
    if email:
        try:
            normalized_identifiers({"email": email})
            body["identifiers"] = {"email": email}
        except IntakeRefusedError:
            form.error("email", gettext("Enter an e-mail address like name@example.fi."))
    return body


def to_filing(form: FormState, chosen: list[ControllerEntry]) -> FileIn | None:
    """The filing the form describes, or None with the form's errors set."""
    right = chosen_right(form)
    if not chosen:
        form.error("tenant", gettext("Choose at least one controller."))
    if right is None:
        form.error("right", gettext("Choose what you want to ask for."))
        return None
    body = {"tenant_ids": [e.tenant_id for e in chosen], "request_type": right.value, **_details(form, right)}
    if not form.ok:
        return None
    try:
        return msgspec.convert({k: v for k, v in body.items() if v is not None}, FileIn)
    except msgspec.ValidationError:  # the checks above mirror the schema; this is the backstop
        form.error("text", gettext("Check the details you entered."))
        return None
