"""``/t/{tenant_id}``: the controller's workspace pages, its dashboard and a request's page.

Thin handlers over the services the staff API uses (``workflow.actions`` through
:mod:`.view` and :mod:`.dashboard`); the request-scoped session is the one unit of work. The
tenant guard runs first: another tenant's staff, the support desk, operators and subjects get
the HTML 404 (the error pages), members without the permission 403. Forms post with the CSRF
field and answer 303 (POST → redirect → GET).
"""

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import require_login, requires, signed_in
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.dsr.core.service import ActionRefusedError
from alusta.tenants.dsr.core.states import TransitionRefusedError
from alusta.tenants.dsr.http import AnyRequest, message_text, request_closed
from alusta.tenants.dsr.intake import portal
from alusta.tenants.dsr.workflow import actions
from alusta.tenants.dsr.workspace import dashboard
from alusta.tenants.dsr.workspace.pages import load_request, request_page, workspace_path
from alusta.tenants.dsr.workspace.words import WORKSPACE_WORDS
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.translations import gettext

READ = [requires(Permission.TENANT_REQUESTS_READ)]
ACT = [requires(Permission.TENANT_REQUESTS_ACT)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Show = Annotated[str | None, QueryParameter(name="show", max_length=16)]
# Why a staff action was refused, as the member reads it next to the form.
REFUSALS = {
    "invalid_hetu": N_("This is not a valid personal identity code."),
    "invalid_identifier": N_("One of the identifiers is not valid."),
    "request_closed": N_("The request is closed."),
}


async def _dashboard_page(ctx: TenantContext, context: dict[str, Any], status_code: int = 200) -> Template:
    context = {**WORKSPACE_WORDS, "tenant": await get_tenant(ctx.session), **context}
    return Template(template_name="dsr/workspace/dashboard.html", context=context, status_code=status_code)


class WorkspacePagesController(Controller):
    path = "/t"
    include_in_schema = False

    @get("/", name="workspaces", guards=[require_login])
    async def index(self, request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template | Redirect:
        """The controllers this person works for (one: straight to its dashboard)."""
        grants = signed_in(request).tenant_grants
        if len(grants) == 1:
            return see_other(f"/t/{next(iter(grants))}")
        names = await portal.tenant_names(db_session, set(grants))
        return Template(template_name="dsr/workspace/index.html", context={"workspaces": sorted(names.items())})

    @get("/{tenant_id:int}", name="workspace", guards=READ)
    async def home(self, ctx: NamedDependency[TenantContext]) -> Template:
        context = {"board": await dashboard.dashboard(ctx, datetime.now(UTC)), "form": FormState()}
        return await _dashboard_page(ctx, context)

    @post("/{tenant_id:int}/search", name="workspace_search", guards=READ, status_code=200)
    async def search(self, ctx: NamedDependency[TenantContext], data: FormBody) -> Template:
        """Find by reference or henkilötunnus: a POST, so no identifier ever sits in a URL or a log."""
        form = FormState.of(data)
        text = form.values.get("q", "").strip()
        if form.ok and not text:
            form.error("q", gettext("Enter a request reference or a personal identity code."))
        if form.ok:
            try:
                return await _dashboard_page(ctx, {"form": form, "found": await dashboard.find_requests(ctx, text)})
            except dashboard.SearchInputError:
                form.error("q", gettext("Enter a request reference or a personal identity code."))
        context = {"board": await dashboard.dashboard(ctx, datetime.now(UTC)), "form": form}
        return await _dashboard_page(ctx, context, status_code=400)

    @get("/{tenant_id:int}/requests/{request_id:int}", name="workspace_request", guards=READ)
    async def one(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], show: Show = None) -> Template:
        return await request_page(ctx, request_id, reveal=show == "identifiers")

    @post("/{tenant_id:int}/requests/{request_id:int}/acknowledge", name="workspace_acknowledge", guards=ACT)
    async def acknowledge(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], request_id: FromPath[int], data: FormBody
    ) -> Redirect:
        del data  # the CSRF field only
        request = await load_request(ctx, request_id)
        try:
            await actions.acknowledge(ctx, request)
        except TransitionRefusedError:
            raise Problem(409, "transition_refused", "the request is not waiting for acknowledgement") from None
        return see_other(workspace_path(tenant_id, request_id))

    @post("/{tenant_id:int}/requests/{request_id:int}/messages", name="workspace_message", guards=ACT)
    async def message(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], request_id: FromPath[int], data: FormBody
    ) -> Redirect | Response[Any]:
        """A message to the requester; ticked "asks for information", the request waits for them."""
        form = FormState.of(data)
        text = message_text(form)
        if not form.ok:
            return await request_page(ctx, request_id, form=form, status_code=400)
        request = await load_request(ctx, request_id)
        try:
            if form.values.get("asks") == "yes":
                await actions.request_information(ctx, request, text)
            else:
                await actions.message_requester(ctx, request, text)
        except (TransitionRefusedError, ActionRefusedError):
            raise request_closed() from None
        return see_other(workspace_path(tenant_id, request_id, "messages"))

    @post("/{tenant_id:int}/requests/{request_id:int}/verify", name="workspace_verify", guards=ACT)
    async def verify(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        tenant_id: FromPath[int],
        request_id: FromPath[int],
        data: FormBody,
    ) -> Redirect | Response[Any]:
        """A desk request's requester identified by the controller (their portal then shows it)."""
        form = FormState.of(data)
        hetu = form.values.get("hetu", "").strip()
        if not hetu:
            form.error("hetu", gettext("Enter the requester's personal identity code."))
        if not form.ok:
            return await request_page(ctx, request_id, form=form, status_code=400)
        dsr_request = await load_request(ctx, request_id)
        try:
            await actions.verify_identity(ctx, dsr_request, hetu, request.app.state["auth"].vault)
        except ActionRefusedError as exc:
            form.error("hetu", gettext(REFUSALS.get(exc.code, REFUSALS["invalid_identifier"])))
            return await request_page(ctx, request_id, form=form, status_code=422)
        return see_other(workspace_path(tenant_id, request_id))
