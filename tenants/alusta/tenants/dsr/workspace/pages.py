"""What the workspace's page handlers share: a visible request or 404, its page, its address."""

from litestar.response import Template

from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.dsr.core.service import RequestNotFoundError
from alusta.tenants.dsr.schemas import FREE_TEXT_MAX
from alusta.tenants.dsr.workflow import actions
from alusta.tenants.dsr.workspace.view import staff_page
from alusta.tenants.dsr.workspace.words import WORKSPACE_WORDS
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState
from alusta.web.problems import Problem


def workspace_path(tenant_id: int, request_id: int, anchor: str = "") -> str:
    return f"/t/{tenant_id}/requests/{request_id}" + (f"#{anchor}" if anchor else "")


async def load_request(ctx: TenantContext, request_id: int) -> DsrRequest:
    """The request if this member may see it; otherwise the same 404 as a missing one."""
    try:
        return await actions.get_request(ctx, request_id)
    except RequestNotFoundError:
        raise Problem(404, "not_found", "no such request") from None


async def request_page(
    ctx: TenantContext, request_id: int, *, reveal: bool = False, form: FormState | None = None, status_code: int = 200
) -> Template:
    request = await load_request(ctx, request_id)
    tenant = await get_tenant(ctx.session)
    context = {
        **WORKSPACE_WORDS,
        "tenant": tenant,
        "page": await staff_page(ctx, request, reveal=reveal),
        "r": request,
        "form": form or FormState(),
        "text_max": FREE_TEXT_MAX,
    }
    return Template(template_name="dsr/workspace/request.html", context=context, status_code=status_code)
