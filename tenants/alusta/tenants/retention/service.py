"""Setting retention rules, and running them: delete expired records, keep anonymous counts.

The run goes tenant by tenant, one transaction each, with the tenant fixed for the session (ORM
filter and RLS apply as for any request). Deletion removes the record row and, by cascade, its
blind-index rows; its ciphertext is gone with it. Each deletion batch is audit-logged with the
register id and the count only.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.audit.actions import AuditAction
from alusta.audit.service import AuditEvent, append
from alusta.calendar.periods import HELSINKI, add_months
from alusta.db.base import as_utc
from alusta.db.tenancy import require_tenant, tenant_session
from alusta.tenants.records.models import RESTRICTED, Record, RecordFlag
from alusta.tenants.retention.models import RetentionRule, RetentionStatistic
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.models import Tenant

MIN_MONTHS = 1
MAX_MONTHS = 600  # 50 years: longer rules are legal obligations better kept outside this job
SYSTEM_ROLE = "system:retention"
DELETE_BATCH = 500


class RetentionRuleError(ValueError):
    """The rule is outside the allowed range."""


@dataclass(frozen=True)
class RegisterOutcome:
    tenant_id: int
    register_id: int
    cutoff: datetime
    expired: int
    deleted: int


def cutoff_for(now: datetime, months: int) -> datetime:
    """Records last changed before this instant (UTC) have passed their retention.

    Months are counted on the Helsinki calendar, as the deadlines are (31 Aug - 6 months = 28/29 Feb).
    """
    local = now.astimezone(HELSINKI)
    return datetime.combine(add_months(local.date(), -months), local.timetz()).astimezone(UTC)


async def set_rule(ctx: TenantContext, register_id: int, months: int) -> RetentionRule:
    session, actor = ctx.session, ctx.caller.identity_id
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise RetentionRuleError(f"retention is {MIN_MONTHS} to {MAX_MONTHS} months after the last change")
    rule = await session.get(RetentionRule, (require_tenant(session), register_id))
    if rule is None:
        rule = RetentionRule(register_id=register_id, months_after_last_change=months, set_by=actor, set_at=_now())
        session.add(rule)
    else:
        rule.months_after_last_change, rule.set_by, rule.set_at = months, actor, _now()
    await session.flush()
    await ctx.audit(AuditAction.RETENTION_RULE_SET, "register", register_id)
    return rule


async def get_rule(session: AsyncSession, register_id: int) -> RetentionRule | None:
    return await session.get(RetentionRule, (require_tenant(session), register_id))


async def delete_rule(ctx: TenantContext, register_id: int) -> bool:
    rule = await get_rule(ctx.session, register_id)
    if rule is None:
        return False
    await ctx.session.delete(rule)
    await ctx.session.flush()
    await ctx.audit(AuditAction.RETENTION_RULE_DELETE, "register", register_id)
    return True


async def statistics(session: AsyncSession) -> list[RetentionStatistic]:
    result = await session.scalars(
        select(RetentionStatistic).order_by(RetentionStatistic.register_id, RetentionStatistic.created_month)
    )
    return list(result)


def _now() -> datetime:
    return datetime.now(UTC)


async def run_retention(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime, *, dry_run: bool
) -> list[RegisterOutcome]:
    async with sessionmaker() as session:
        tenant_ids = list(await session.scalars(select(Tenant.id).order_by(Tenant.id)))
    outcomes: list[RegisterOutcome] = []
    for tenant_id in tenant_ids:
        async with tenant_session(sessionmaker, tenant_id) as session:  # ORM filter and RLS from the start
            rules = list(await session.scalars(select(RetentionRule).order_by(RetentionRule.register_id)))
            outcomes.extend([await _apply_rule(session, rule, now, dry_run=dry_run) for rule in rules])
    return outcomes


async def _apply_rule(session: AsyncSession, rule: RetentionRule, now: datetime, *, dry_run: bool) -> RegisterOutcome:
    cutoff = cutoff_for(now, rule.months_after_last_change)
    expired = (
        await session.execute(
            select(Record.id, Record.created_at).where(
                Record.register_id == rule.register_id,
                Record.updated_at < cutoff,
                # Art. 18: a restricted record is kept (the subject may need it, e.g. for a claim).
                ~exists().where(RecordFlag.record_id == Record.id, RecordFlag.flag == RESTRICTED),
            )
        )
    ).all()
    outcome = RegisterOutcome(rule.tenant_id, rule.register_id, cutoff, len(expired), 0)
    if dry_run or not expired:
        return outcome
    months = Counter(_month(created) for _, created in expired)
    ids = [row.id for row in expired]
    for start in range(0, len(ids), DELETE_BATCH):
        batch = ids[start : start + DELETE_BATCH]
        await session.execute(delete(Record).where(Record.register_id == rule.register_id, Record.id.in_(batch)))
    for month, count in months.items():
        stat = await session.get(RetentionStatistic, (rule.tenant_id, rule.register_id, month))
        if stat is None:
            session.add(RetentionStatistic(register_id=rule.register_id, created_month=month, deleted_records=count))
        else:
            stat.deleted_records += count
    await append(
        session,
        AuditEvent(actor_id=None, actor_role=SYSTEM_ROLE, action=f"{AuditAction.RETENTION_DELETE}:{len(expired)}",
                   object_type="register", object_id=str(rule.register_id)),
    )  # fmt: skip
    return RegisterOutcome(rule.tenant_id, rule.register_id, cutoff, len(expired), len(expired))


def _month(moment: datetime) -> str:
    return as_utc(moment).astimezone(HELSINKI).strftime("%Y-%m")
