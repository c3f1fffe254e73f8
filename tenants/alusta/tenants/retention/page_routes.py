"""``/t/{tenant_id}/retention``: the controller's retention rules as a page (issue 12).

Per register: the rule (months after a record's last change), how many records the next
nightly sweep would delete under it (the sweep's own condition: restricted records are kept),
a form to set or change it with a preview of that count before saving, and removal. Below, the
anonymous monthly counts the sweeps left. Same services as the API (``retention.service``).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from alusta.auth.guards import not_found, requires
from alusta.auth.permissions import Permission
from alusta.tenants.registers import service as registers
from alusta.tenants.retention import service
from alusta.tenants.retention.models import RetentionRule
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState, see_other
from alusta.web.translations import gettext

MANAGE = [requires(Permission.TENANT_RETENTION_MANAGE)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


@dataclass(frozen=True)
class RegisterRetention:
    register_id: int
    name: str
    rule: RetentionRule | None
    due_now: int | None  # under the current rule, at the next sweep


async def _rows(ctx: TenantContext, now: datetime) -> list[RegisterRetention]:
    rows = []
    for version in await registers.list_registers(ctx.session, ctx.grant.registers):
        rule = await service.get_rule(ctx.session, version.register_id)
        due = None
        if rule is not None:
            due = await service.due_count(
                ctx.session, ctx.tenant_id, version.register_id, rule.months_after_last_change, now
            )
        rows.append(RegisterRetention(version.register_id, version.name, rule, due))
    return rows


async def _page(
    ctx: TenantContext, form: FormState, preview: dict[str, Any] | None = None, status: int = 200
) -> Template:
    names = {v.register_id: v.name for v in await registers.list_registers(ctx.session, ctx.grant.registers)}
    context = {
        "tenant": await get_tenant(ctx.session),
        "rows": await _rows(ctx, datetime.now(UTC)),
        "statistics": [s for s in await service.statistics(ctx.session) if s.register_id in names],
        "names": names,
        "form": form,
        "preview": preview,
        "min_months": service.MIN_MONTHS,
        "max_months": service.MAX_MONTHS,
    }
    return Template(template_name="retention/rules.html", context=context, status_code=status)


def _months(form: FormState) -> int | None:
    text = form.values.get("months", "").strip()
    if not text.isdigit() or not service.MIN_MONTHS <= int(text) <= service.MAX_MONTHS:
        form.error(
            "months",
            gettext("Give the months as a whole number from %(min)d to %(max)d.")
            % {"min": service.MIN_MONTHS, "max": service.MAX_MONTHS},
        )
        return None
    return int(text)


class RetentionPagesController(Controller):
    path = "/t/{tenant_id:int}/retention"
    include_in_schema = False
    guards = MANAGE

    @get("/", name="workspace_retention")
    async def rules(self, ctx: NamedDependency[TenantContext]) -> Template:
        return await _page(ctx, FormState())

    @post("/{register_id:int}", name="workspace_retention_set", status_code=200)
    async def set_rule(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], register_id: FromPath[int], data: FormBody
    ) -> Redirect | Template:
        """``step=check`` shows how many records the new rule makes due; ``step=save`` saves it."""
        names = {v.register_id: v.name for v in await registers.list_registers(ctx.session, ctx.grant.registers)}
        if register_id not in names:
            raise not_found()
        form = FormState.of(data)
        form.values["register"] = str(register_id)
        months = _months(form)
        if months is None or not form.ok:
            return await _page(ctx, form, status=400)
        if form.values.get("step") != "save":
            due = await service.due_count(ctx.session, ctx.tenant_id, register_id, months, datetime.now(UTC))
            preview = {"register_id": register_id, "name": names[register_id], "months": months, "due": due}
            return await _page(ctx, form, preview)
        await service.set_rule(ctx, register_id, months)
        return see_other(f"/t/{tenant_id}/retention")

    @post("/{register_id:int}/remove", name="workspace_retention_remove")
    async def remove(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], register_id: FromPath[int], data: FormBody
    ) -> Redirect:
        del data  # the CSRF field only
        if not ctx.register_allowed(register_id) or not await service.delete_rule(ctx, register_id):
            raise not_found()
        return see_other(f"/t/{tenant_id}/retention")
