"""Retention rules of a tenant's registers and the anonymous statistics left by deletions."""

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from alusta.auth.guards import not_found, requires
from alusta.auth.permissions import Permission
from alusta.tenants.registers import service as registers
from alusta.tenants.retention import service
from alusta.tenants.retention.models import RetentionRule
from alusta.tenants.retention.schemas import RetentionRuleIn, RetentionRuleOut, RetentionStatisticOut
from alusta.tenants.tenancy.context import TenantContext
from alusta.web.problems import Problem

RULE_BODY = 1024


def rule_out(rule: RetentionRule) -> RetentionRuleOut:
    return RetentionRuleOut(rule.register_id, rule.months_after_last_change, rule.set_at)


async def _check_register(ctx: TenantContext, register_id: int) -> None:
    if not ctx.register_allowed(register_id) or await registers.get_register(ctx.session, register_id) is None:
        raise not_found()


class RetentionController(Controller):
    path = "/api/v1/tenants/{tenant_id:int}"
    tags = ("retention",)

    @get(
        "/registers/{register_id:int}/retention",
        guards=[requires(Permission.TENANT_REGISTERS_READ)],
        summary="The register's retention rule (404 when it has none).",
    )
    async def read_rule(self, ctx: NamedDependency[TenantContext], register_id: FromPath[int]) -> RetentionRuleOut:
        await _check_register(ctx, register_id)
        rule = await service.get_rule(ctx.session, register_id)
        if rule is None:
            raise not_found()
        return rule_out(rule)

    @put(
        "/registers/{register_id:int}/retention",
        guards=[requires(Permission.TENANT_RETENTION_MANAGE)],
        request_max_body_size=RULE_BODY,
        summary="Set how many months after its last change a record is deleted.",
    )
    async def set_rule(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], data: JSONBody[RetentionRuleIn]
    ) -> RetentionRuleOut:
        await _check_register(ctx, register_id)
        try:
            rule = await service.set_rule(ctx, register_id, data.months_after_last_change)
        except service.RetentionRuleError as exc:
            raise Problem(400, "invalid_retention_rule", str(exc)) from None
        return rule_out(rule)

    @delete(
        "/registers/{register_id:int}/retention",
        guards=[requires(Permission.TENANT_RETENTION_MANAGE)],
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove the register's retention rule.",
    )
    async def delete_rule(self, ctx: NamedDependency[TenantContext], register_id: FromPath[int]) -> None:
        await _check_register(ctx, register_id)
        if not await service.delete_rule(ctx, register_id):
            raise not_found()

    @get(
        "/retention/statistics",
        guards=[requires(Permission.TENANT_REGISTERS_READ)],
        summary="Anonymous counts of records deleted by retention, per register and creation month.",
    )
    async def statistics(self, ctx: NamedDependency[TenantContext]) -> list[RetentionStatisticOut]:
        return [
            RetentionStatisticOut(s.register_id, s.created_month, s.deleted_records)
            for s in await service.statistics(ctx.session)
            if ctx.register_allowed(s.register_id)
        ]
