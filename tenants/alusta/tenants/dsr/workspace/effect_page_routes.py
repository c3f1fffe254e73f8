"""The workspace's answers that change records: rectification, erasure, restriction, objection.

Issue 12: "show exactly which records and fields change before confirming" and "every letter
is previewed in the subject's language before it is sent". The page lists the subject's records
(the ones the effect touches, found through the blind index as the service finds them); the
member fills in what applies (corrected values; registers kept under an Art. 17(3) ground with
the explanation); ``step=check`` shows the plan (``effects.plan``: records deleted and kept,
old → new values, records flagged) and the report letter; ``step=send`` applies it through the
same service as the API (``effects.apply``), which checks everything again.
"""

from typing import Annotated, Any

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from alusta.auth.guards import requires
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.dsr.core.outcomes import RequestType
from alusta.tenants.dsr.core.service import ActionRefusedError
from alusta.tenants.dsr.core.states import RequestState, TransitionRefusedError, is_open
from alusta.tenants.dsr.http import request_closed
from alusta.tenants.dsr.schemas import EffectIn
from alusta.tenants.dsr.workflow import actions, effects
from alusta.tenants.dsr.workspace.pages import load_request, workspace_path
from alusta.tenants.dsr.workspace.view import EFFECT_TYPES
from alusta.tenants.dsr.workspace.words import ERASURE_GROUND_CHOICES, WORKSPACE_WORDS
from alusta.tenants.records import service as records
from alusta.tenants.registers import service as registers
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.translations import gettext

ACT = [requires(Permission.TENANT_REQUESTS_ACT)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
REFUSALS = {
    "identity_not_verified": N_("Verify the requester's identity before answering."),
    "values_required": N_("Give at least one corrected value."),
    "invalid_values": N_("A corrected value is not valid for its field."),
    "unknown_register": N_("Choose registers of this controller."),
    "reasons_required": N_("Explain in at least 20 characters what is kept, why and for how long."),
}


async def _found(ctx: TenantContext, request: DsrRequest) -> list[records.RecordView]:
    """The subject's records as the member sees them (each read is the records domain's audited read)."""
    return [await records.read_record(ctx, r.id) for r in await effects.subject_records(ctx, request)]


async def _register_names(ctx: TenantContext) -> dict[int, tuple[str, list[str]]]:
    versions = await registers.list_registers(ctx.session, ctx.grant.registers)
    return {v.register_id: (v.name, [f.name for f in registers.fields_of(v)]) for v in versions}


def _effect_in(form: FormState, kind: RequestType) -> EffectIn | None:
    """The form as the API's body (``msgspec.convert``), so the page meets the API's limits and rules."""
    retain = []
    if kind is RequestType.ERASURE:
        for register_id in form.chosen("keep"):
            ground = form.values.get(f"ground-{register_id}", "")
            if not register_id.isdigit() or ground not in ERASURE_GROUND_CHOICES:
                form.error(f"ground-{register_id}", gettext("Choose the Article 17(3) ground."))
                continue
            reason = form.values.get(f"reason-{register_id}", "")
            retain.append({"register_id": int(register_id), "ground": ground, "reason": reason})
    values = None
    if kind is RequestType.RECTIFICATION:
        values = {
            name.removeprefix("value-"): value.strip()
            for name, value in form.values.items()
            if name.startswith("value-") and value.strip()
        }
    try:
        return msgspec.convert({"retain": retain, "values": values, "note": form.values.get("note", "")}, EffectIn)
    except msgspec.ValidationError:
        form.error("effect", gettext(REFUSALS["reasons_required"] if retain else REFUSALS["invalid_values"]))
        return None


class EffectPagesController(Controller):
    path = "/t/{tenant_id:int}/requests/{request_id:int}/effect"
    include_in_schema = False
    guards = ACT

    async def _page(
        self, ctx: TenantContext, request: DsrRequest, form: FormState, planned: Any = None, status_code: int = 200
    ) -> Template:
        if not is_open(RequestState(request.state)):
            raise request_closed()
        kind = RequestType(request.request_type)
        if kind.value not in EFFECT_TYPES:
            raise Problem(404, "not_found", "this request is not answered by changing records")
        try:
            found = await _found(ctx, request)
        except ActionRefusedError:
            found = None  # not verified yet: the page says so
        names = await _register_names(ctx)
        # Every field of the registers holding the subject's records, once, in register order.
        used = {rec.register_id for rec in found or []}
        correctable = list(dict.fromkeys(f for rid, (_, fields) in names.items() if rid in used for f in fields))
        context = {
            **WORKSPACE_WORDS,
            "correctable": correctable,
            "tenant": await get_tenant(ctx.session),
            "r": request,
            "kind": kind.value,
            "form": form,
            "found": found,
            "registers": names,
            "plan": planned,
            "lang": (await actions.letter_lang(ctx, request)).value,
            "ground_options": [(k, gettext(v)) for k, v in ERASURE_GROUND_CHOICES.items()],
        }
        return Template(template_name="dsr/workspace/effect.html", context=context, status_code=status_code)

    @get("/", name="workspace_effect_form")
    async def form(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int]) -> Template:
        return await self._page(ctx, await load_request(ctx, request_id), FormState())

    @post("/", name="workspace_effect", status_code=200)
    async def submit(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: FormBody
    ) -> Redirect | Template:
        request = await load_request(ctx, request_id)
        form = FormState.of(data)
        body = _effect_in(form, RequestType(request.request_type))
        if body is None or not form.ok:
            return await self._page(ctx, request, form, status_code=400)
        lang = await actions.letter_lang(ctx, request)
        try:
            planned = await effects.plan(ctx, request, body, lang, show_current=True)
            if form.values.get("step") != "send":
                return await self._page(ctx, request, form, planned)
            await effects.apply(ctx, request, body, lang)
        except ActionRefusedError as exc:
            form.error("effect", gettext(REFUSALS.get(exc.code, REFUSALS["invalid_values"])))
            return await self._page(ctx, request, form, status_code=422)
        except TransitionRefusedError:
            raise request_closed() from None
        return see_other(workspace_path(ctx.tenant_id, request_id, "answers"))
