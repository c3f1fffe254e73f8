"""The workspace's answers that send the subject a letter: extend, "no data", refuse.

Each is two steps on one page (issue 12: every letter is previewed in the subject's language
before it is sent): the member fills in the form and asks for a preview (``step=check``), which
shows the letter exactly as the service will write it (and, for an extension, the new deadline);
"Send" posts the previewed values (``step=send``) and the service checks them again. Nothing is
stored before "Send". The letter's language is the subject's at filing (``letter_lang``).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from alusta.auth.guards import requires
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.dsr.core.outcomes import REFUSALS, Outcome
from alusta.tenants.dsr.core.service import ActionRefusedError
from alusta.tenants.dsr.core.states import RequestState, TransitionRefusedError, is_open
from alusta.tenants.dsr.http import AnyRequest, request_closed
from alusta.tenants.dsr.workflow import actions
from alusta.tenants.dsr.workflow.deadlines import MAX_EXTENSION_MONTHS, MIN_REASON_LENGTH, ExtensionRefusedError
from alusta.tenants.dsr.workspace.pages import load_request, workspace_path
from alusta.tenants.dsr.workspace.words import REFUSAL_CHOICES, WORKSPACE_WORDS
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState, see_other
from alusta.web.translations import gettext

ACT = [requires(Permission.TENANT_REQUESTS_ACT)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
REASONS_TOO_SHORT = N_("Give the reasons in at least 20 characters: the subject reads them in the letter.")
# The deadline rules' refusals (``ExtensionRefusedError.rule``), as the member reads them.
EXTENSION_REFUSALS = {
    "already_extended": N_("The deadline has already been extended once."),
    "too_late": N_("The first month has passed: the deadline can no longer be extended (Article 12(3))."),
    "length": N_("Choose by how many months to extend."),
    "reasons": REASONS_TOO_SHORT,
}
PAGE_TITLES = {
    "extend": N_("Extend the deadline"),
    "no-data": N_("Answer that there is no data"),
    "refuse": N_("Refuse the request"),
}


@dataclass
class LetterStep:
    """One showing of a letter page: the form as filled in and, once asked for, the preview."""

    kind: str  # extend | no-data | refuse
    form: FormState
    letter: str | None = None
    new_deadline: datetime | None = None
    status_code: int = 200


async def _page(ctx: TenantContext, request_id: int, step: LetterStep) -> Template:
    request = await load_request(ctx, request_id)
    if not is_open(RequestState(request.state)):
        raise request_closed()
    context = {
        **WORKSPACE_WORDS,
        "tenant": await get_tenant(ctx.session),
        "r": request,
        "step": step,
        "title": PAGE_TITLES[step.kind],
        "form": step.form,
        "lang": (await actions.letter_lang(ctx, request)).value,
        "refusal_options": [(outcome.value, gettext(label)) for outcome, label in REFUSAL_CHOICES.items()],
    }
    return Template(template_name="dsr/workspace/letter.html", context=context, status_code=step.status_code)


def _months(form: FormState) -> int:
    value = form.values.get("months", "")
    if value not in {str(n) for n in range(1, MAX_EXTENSION_MONTHS + 1)}:
        form.error("months", gettext("Choose by how many months to extend."))
        return 0
    return int(value)


def _reasons(form: FormState, name: str) -> str:
    text = form.values.get(name, "").strip()
    if len(text) < MIN_REASON_LENGTH:
        form.error(name, gettext(REASONS_TOO_SHORT))
    return text


def _outcome(form: FormState) -> Outcome:
    value = form.values.get("outcome", "")
    if value not in {o.value for o in REFUSALS}:
        form.error("outcome", gettext("Choose the ground for refusing."))
        return Outcome.REFUSED_MANIFESTLY_UNFOUNDED
    return Outcome(value)


class LetterPagesController(Controller):
    path = "/t/{tenant_id:int}/requests/{request_id:int}"
    include_in_schema = False
    guards = ACT

    @get(["/extend", "/no-data", "/refuse"], name="workspace_letter_form")
    async def form(
        self, request: AnyRequest, ctx: NamedDependency[TenantContext], request_id: FromPath[int]
    ) -> Template:
        kind = request.url.path.rsplit("/", 1)[-1]
        return await _page(ctx, request_id, LetterStep(kind, FormState()))

    @post("/extend", name="workspace_extend")
    async def extend(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], request_id: FromPath[int], data: FormBody
    ) -> Redirect | Template:
        form = FormState.of(data)
        months, reason = _months(form), _reasons(form, "reason")
        if not form.ok:
            return await _page(ctx, request_id, LetterStep("extend", form, status_code=400))
        request = await load_request(ctx, request_id)
        lang = await actions.letter_lang(ctx, request)
        try:
            plan = actions.plan_extension(request, months, reason, lang)
            if form.values.get("step") != "send":
                return await _page(ctx, request_id, LetterStep("extend", form, plan.letter, plan.deadline.due))
            await actions.extend(ctx, request, months, reason, lang)
        except ExtensionRefusedError as exc:
            form.error("reason" if exc.rule == "reasons" else "months", gettext(EXTENSION_REFUSALS[exc.rule]))
            return await _page(ctx, request_id, LetterStep("extend", form, status_code=422))
        except TransitionRefusedError:
            raise request_closed() from None
        return see_other(workspace_path(tenant_id, request_id))

    @post("/no-data", name="workspace_no_data")
    async def no_data(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], request_id: FromPath[int], data: FormBody
    ) -> Redirect | Template:
        form = FormState.of(data)
        if not form.ok:
            return await _page(ctx, request_id, LetterStep("no-data", form, status_code=400))
        note = form.values.get("note", "").strip()
        request = await load_request(ctx, request_id)
        lang = await actions.letter_lang(ctx, request)
        if form.values.get("step") != "send":
            letter = await actions.no_data_letter(ctx, request, lang, note)
            return await _page(ctx, request_id, LetterStep("no-data", form, letter))
        try:
            await actions.answer_no_data(ctx, request, lang, note)
        except TransitionRefusedError:
            raise request_closed() from None
        return see_other(workspace_path(tenant_id, request_id))

    @post("/refuse", name="workspace_refuse")
    async def refuse(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], request_id: FromPath[int], data: FormBody
    ) -> Redirect | Template:
        form = FormState.of(data)
        outcome, reasons = _outcome(form), _reasons(form, "reasons")
        if not form.ok:
            return await _page(ctx, request_id, LetterStep("refuse", form, status_code=400))
        request = await load_request(ctx, request_id)
        lang = await actions.letter_lang(ctx, request)
        try:
            if form.values.get("step") != "send":
                letter = await actions.refusal_text(ctx, request, outcome, reasons, lang)
                return await _page(ctx, request_id, LetterStep("refuse", form, letter))
            await actions.reject(ctx, request, outcome, reasons, lang)
        except ActionRefusedError:
            form.error("reasons", gettext(REASONS_TOO_SHORT))
            return await _page(ctx, request_id, LetterStep("refuse", form, status_code=422))
        except TransitionRefusedError:
            raise request_closed() from None
        return see_other(workspace_path(tenant_id, request_id))
