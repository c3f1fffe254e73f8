"""``/desk``: the processor's support-desk console as pages (issue 13 point 2).

Same service as the desk API (:func:`.desk_filing.file_for_desk`). The desk finds the controller
(by name or business ID, with its contact points), registers what arrived by phone, letter or
e-mail (received at, in Helsinki time), and reads back the reference and the deadline. Its list
shows routing status only: what it typed is sealed to the controller and never shown again.
"""

from typing import Annotated, Any

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import holds, signed_in
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.dsr.core.outcomes import RequestType
from alusta.tenants.dsr.core.words import RIGHT_NAMES
from alusta.tenants.dsr.http import AnyRequest, desk_receipt, key_provider, tell_controllers
from alusta.tenants.dsr.intake import filing as intake
from alusta.tenants.dsr.intake import portal
from alusta.tenants.dsr.intake.desk_filing import file_for_desk
from alusta.tenants.dsr.schemas import DeskIn
from alusta.tenants.registers.directory import ControllerEntry, directory
from alusta.web.forms import FormState, see_other
from alusta.web.translations import gettext

DESK = [holds(Permission.PLATFORM_REQUESTS_REGISTER)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Query = Annotated[str | None, QueryParameter(name="q", max_length=100)]
Tenant = Annotated[str | None, QueryParameter(name="tenant", max_length=20)]
CHANNELS = {"phone": N_("Phone"), "letter": N_("Letter"), "email": N_("E-mail")}
DESK_STATUS = {
    "forwarded": N_("Forwarded to the controller"),
    "acknowledged": N_("Being handled by the controller"),
    "closed": N_("Closed by the controller"),
}
FIELD_PROBLEMS = {
    "tenant_id": N_("Choose the controller."),
    "channel": N_("Choose how the request arrived."),
    "request_type": N_("Choose what the person asks for."),
    "contact": N_("Write how the controller can reach the person (at most 320 characters)."),
    "received_at": N_("Give the date as YYYY-MM-DD and the time as HH:MM."),
    "text": N_("The text is too long: at most 4,000 characters."),
}
DESK_WORDS = {"channels": CHANNELS, "desk_status": DESK_STATUS, "right_names": RIGHT_NAMES}


def _matches(entry: ControllerEntry, query: str) -> bool:
    text = query.casefold().strip()
    return text in entry.name.casefold() or text.replace(" ", "") in (entry.business_id or "").replace(" ", "")


def _desk_in(form: FormState) -> DeskIn | None:
    """The form as the API's body (``msgspec.convert``: the same limits); a field error otherwise."""
    values = form.values
    day, time = values.get("received_date", "").strip(), values.get("received_time", "").strip()
    body: dict[str, Any] = {
        "tenant_id": int(values["tenant"]) if values.get("tenant", "").isdigit() else None,
        "channel": values.get("channel") or None,
        "request_type": values.get("request_type") or None,
        "contact": values.get("contact", "").strip(),
        "text": values.get("text", "").strip() or None,
    }
    if day or time:
        body["received_at"] = f"{day}T{time or '00:00'}:00"  # no offset: Helsinki time (DeskIn)
    for name, field in (("tenant_id", "tenant"), ("channel", "channel"), ("request_type", "request_type")):
        if body[name] is None:
            form.error(field, gettext(FIELD_PROBLEMS[name]))
    if not body["contact"]:
        form.error("contact", gettext(FIELD_PROBLEMS["contact"]))
    if not form.ok:
        return None
    try:
        return msgspec.convert(body, DeskIn)
    except msgspec.ValidationError as exc:
        field = next((key for key in FIELD_PROBLEMS if f"`$.{key}`" in str(exc)), "text")
        form.error(
            {"tenant_id": "tenant", "received_at": "received_date"}.get(field, field), gettext(FIELD_PROBLEMS[field])
        )
        return None


class DeskPagesController(Controller):
    path = "/desk"
    include_in_schema = False
    guards = DESK

    @get("/", name="desk_home")
    async def home(self, request: AnyRequest, db_session: NamedDependency[AsyncSession], q: Query = None) -> Template:
        receipts, names = await portal.desk_receipts(db_session, signed_in(request).identity_id)
        entries = await directory(db_session, with_registers=False)
        found = [e for e in entries if _matches(e, q)] if q and q.strip() else None
        statuses = {r.reference: portal.desk_status(r.state) for r in receipts}
        context = {
            **DESK_WORDS,
            "receipts": receipts,
            "names": names,
            "found": found,
            "q": q or "",
            "statuses": statuses,
        }
        return Template(template_name="dsr/desk/home.html", context=context)

    @get("/new", name="desk_new")
    async def new(
        self,
        db_session: NamedDependency[AsyncSession],
        tenant: Annotated[str | None, QueryParameter(max_length=20)] = None,
    ) -> Template:
        return await self._form(db_session, FormState(values={"tenant": tenant or ""}))

    async def _form(self, session: AsyncSession, form: FormState, status_code: int = 200) -> Template:
        entries = await directory(session, with_registers=False)
        context = {
            **DESK_WORDS,
            "form": form,
            "controllers": entries,
            "rights": [(t.value, gettext(RIGHT_NAMES[t])) for t in RequestType],
            "channel_options": [(k, gettext(v)) for k, v in CHANNELS.items()],
        }
        return Template(template_name="dsr/desk/new.html", context=context, status_code=status_code)

    @post("/new", name="desk_register", status_code=200)
    async def register(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession], data: FormBody
    ) -> Redirect | Template:
        form = FormState.of(data)
        body = _desk_in(form)
        if body is None:
            return await self._form(db_session, form, 400)
        synthetic_only = not request.app.state["settings"].is_production
        try:
            done = await file_for_desk(
                db_session, key_provider(request), signed_in(request).identity_id, body, synthetic_only=synthetic_only
            )
        except intake.IntakeRefusedError as exc:
            where = {"unknown_controller": "tenant", "received_in_future": "received_date"}
            where["received_too_old"] = "received_date"
            form.error(where.get(exc.code, "text"), gettext(_refusal(exc.code)))
            return await self._form(db_session, form, 422)
        return see_other(f"/desk/sent/{done.reference}", background=tell_controllers(request, [body.tenant_id]))

    @get("/sent/{reference:str}", name="desk_sent")
    async def sent(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession], reference: FromPath[str]
    ) -> Template:
        receipt, names = await desk_receipt(request, db_session, reference)
        return Template(template_name="dsr/desk/sent.html", context={**DESK_WORDS, "r": receipt, "names": names})


DESK_REFUSALS = {
    "unknown_controller": N_("Choose a controller from the list."),
    "synthetic_hetu_only": N_("A real personal identity code is not accepted outside production."),
    "received_in_future": N_("The time of receipt cannot be in the future."),
    "received_too_old": N_("The time of receipt is more than 60 days ago: register it as received today."),
}


def _refusal(code: str) -> str:
    return DESK_REFUSALS.get(code, N_("The request could not be registered: check the details."))
