"""Lifting a restriction of processing from the workspace (Art. 18(3); issue 12: "restriction (and lifting it)").

The subject is told first, with reasons: the announcement letter is previewed in their language
(``step=check``) before it is sent (``step=send``); only then may the member lift the restriction,
which removes the flags this request placed (same services as the API: ``workflow.restrictions``).
"""

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from alusta.auth.guards import not_found, requires
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.dsr.core.service import ActionRefusedError
from alusta.tenants.dsr.workflow import actions, restrictions
from alusta.tenants.dsr.workflow.deadlines import MIN_REASON_LENGTH
from alusta.tenants.dsr.workspace.pages import load_request, workspace_path
from alusta.tenants.dsr.workspace.words import WORKSPACE_WORDS
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.translations import gettext

ACT = [requires(Permission.TENANT_REQUESTS_ACT)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
REASONS = N_("Say in at least 20 characters why the restriction ends: the subject reads it in the letter.")


async def _restricting(ctx: TenantContext, request_id: int) -> DsrRequest:
    """An answered restriction request (the one that placed the flags), else 404."""
    request = await load_request(ctx, request_id)
    try:
        restrictions.check_restricting(request)
    except ActionRefusedError:
        raise not_found() from None
    return request


async def _page(
    ctx: TenantContext, request: DsrRequest, form: FormState, letter: str | None = None, status_code: int = 200
) -> Template:
    context = {
        **WORKSPACE_WORDS,
        "tenant": await get_tenant(ctx.session),
        "r": request,
        "form": form,
        "letter": letter,
        "announced": await restrictions.is_announced(ctx, request),
        "records": await restrictions.restricted_records(ctx, request),
        "lang": (await actions.letter_lang(ctx, request)).value,
    }
    return Template(template_name="dsr/workspace/restriction.html", context=context, status_code=status_code)


class RestrictionPagesController(Controller):
    path = "/t/{tenant_id:int}/requests/{request_id:int}/restriction"
    include_in_schema = False
    guards = ACT

    @get("/", name="workspace_restriction")
    async def show(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int]) -> Template:
        return await _page(ctx, await _restricting(ctx, request_id), FormState())

    @post("/announce", name="workspace_restriction_announce", status_code=200)
    async def announce(
        self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: FormBody
    ) -> Redirect | Template:
        request = await _restricting(ctx, request_id)
        form = FormState.of(data)
        reason = form.values.get("reason", "").strip()
        if len(reason) < MIN_REASON_LENGTH:
            form.error("reason", gettext(REASONS))
        if not form.ok:
            return await _page(ctx, request, form, status_code=400)
        lang = await actions.letter_lang(ctx, request)
        if form.values.get("step") != "send":
            return await _page(ctx, request, form, letter=restrictions.lift_notice(request, reason, lang))
        try:
            await restrictions.announce_lift(ctx, request, reason, lang)
        except ActionRefusedError:
            raise Problem(409, "already_announced", "the subject has already been told") from None
        return see_other(workspace_path(ctx.tenant_id, request_id) + "/restriction")

    @post("/lift", name="workspace_restriction_lift")
    async def lift(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: FormBody) -> Redirect:
        del data  # the CSRF field only
        request = await _restricting(ctx, request_id)
        try:
            await restrictions.lift(ctx, request, await actions.letter_lang(ctx, request))
        except ActionRefusedError:
            raise Problem(409, "lift_not_announced", "tell the subject before lifting the restriction") from None
        return see_other(workspace_path(ctx.tenant_id, request_id, "answers"))
