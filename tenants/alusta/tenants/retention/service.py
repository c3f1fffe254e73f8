"""Setting retention rules, and running them: delete expired records, keep anonymous counts.

The run goes tenant by tenant and rule by rule, in keyset batches of one transaction each, with
the tenant fixed for the session (ORM filter and RLS apply as for any request). Deletion removes
the record row and, by cascade, its blind-index rows; its ciphertext is gone with it. Each batch
commits its deletions, the anonymous monthly counts and its audit entry (register id and count
only) together, so a killed run leaves no half-counted batch (ADR 0080).
"""

import asyncio
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.audit.actions import AuditAction
from alusta.audit.service import AuditEvent, append
from alusta.calendar.periods import HELSINKI, add_months
from alusta.db.base import as_utc
from alusta.db.engine import upsert_insert
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
    sessionmaker: async_sessionmaker[AsyncSession],
    now: datetime,
    *,
    dry_run: bool,
    batch_size: int = DELETE_BATCH,
    pause: float = 0.0,
) -> list[RegisterOutcome]:
    """Apply every tenant's rules; kill-safe: each batch is one transaction (delete + counts + audit).

    A process killed mid-run loses at most its open batch (rolled back as a whole), so a rerun
    deletes every remaining due record once and the statistics count each deleted record once.
    ``pause`` (seconds between batches) leaves the database room for the service.
    """
    async with sessionmaker() as session:
        tenant_ids = list(await session.scalars(select(Tenant.id).order_by(Tenant.id)))
    outcomes: list[RegisterOutcome] = []
    for tenant_id in tenant_ids:
        async with tenant_session(sessionmaker, tenant_id) as session:  # ORM filter and RLS from the start
            rules = [
                (rule.register_id, rule.months_after_last_change)
                for rule in await session.scalars(select(RetentionRule).order_by(RetentionRule.register_id))
            ]
        for register_id, months in rules:
            sweep = _Sweep(sessionmaker, tenant_id, register_id, cutoff_for(now, months))
            outcomes.append(await sweep.run(dry_run=dry_run, batch_size=batch_size, pause=pause))
    return outcomes


def _due(tenant_id: int, register_id: int, cutoff: datetime) -> list[ColumnElement[bool]]:
    return [
        Record.tenant_id == tenant_id,
        Record.register_id == register_id,
        Record.updated_at < cutoff,
        # Art. 18: a restricted record is kept (the subject may need it, e.g. for a claim).
        ~exists().where(
            RecordFlag.tenant_id == Record.tenant_id, RecordFlag.record_id == Record.id, RecordFlag.flag == RESTRICTED
        ),
    ]


@dataclass
class _Sweep:
    """One register's rule, applied in keyset batches (``id > last`` in id order, no OFFSET)."""

    sessionmaker: async_sessionmaker[AsyncSession]
    tenant_id: int
    register_id: int
    cutoff: datetime

    async def run(self, *, dry_run: bool, batch_size: int, pause: float) -> RegisterOutcome:
        due = _due(self.tenant_id, self.register_id, self.cutoff)
        if dry_run:
            async with tenant_session(self.sessionmaker, self.tenant_id) as session:
                expired = int(await session.scalar(select(func.count()).select_from(Record).where(*due)) or 0)
            return RegisterOutcome(self.tenant_id, self.register_id, self.cutoff, expired, 0)
        deleted, last = 0, None
        while True:
            async with tenant_session(self.sessionmaker, self.tenant_id) as session:  # one commit per batch
                after: list[ColumnElement[bool]] = [] if last is None else [Record.id > last]
                ids = list(
                    await session.scalars(select(Record.id).where(*due, *after).order_by(Record.id).limit(batch_size))
                )
                if not ids:
                    break
                last = ids[-1]
                deleted += await self._delete(session, ids, due)
            if pause:
                await asyncio.sleep(pause)
        return RegisterOutcome(self.tenant_id, self.register_id, self.cutoff, deleted, deleted)

    async def _delete(self, session: AsyncSession, ids: list[int], due: list[ColumnElement[bool]]) -> int:
        # The rule is checked again in the DELETE itself: a record changed (or restricted) since the
        # select is kept, and only rows this statement removed are counted.
        gone = (
            await session.execute(
                delete(Record).where(*due, Record.id.in_(ids)).returning(Record.created_at),
                execution_options={"synchronize_session": False},
            )
        ).all()
        if not gone:
            return 0
        for month, count in Counter(_month(created) for (created,) in gone).items():
            await add_deleted_count(session, self.tenant_id, self.register_id, month, count)
        await append(
            session,
            AuditEvent(actor_id=None, actor_role=SYSTEM_ROLE, action=f"{AuditAction.RETENTION_DELETE}:{len(gone)}",
                       object_type="register", object_id=str(self.register_id)),
        )  # fmt: skip
        return len(gone)


async def add_deleted_count(session: AsyncSession, tenant_id: int, register_id: int, month: str, count: int) -> None:
    """Add ``count`` to one register's monthly count in one statement.

    An upsert, not read-then-insert: two sweeps of one register overlapping in a month (a manual
    ``kubectl create job --from`` beside the CronJob) must both add their rows; a read-then-insert
    let the second hit the primary key and roll its batch back.
    """
    statement = upsert_insert(session, RetentionStatistic).values(
        tenant_id=tenant_id, register_id=register_id, created_month=month, deleted_records=count
    )
    statement = statement.on_conflict_do_update(
        index_elements=[RetentionStatistic.tenant_id, RetentionStatistic.register_id, RetentionStatistic.created_month],
        set_={"deleted_records": RetentionStatistic.deleted_records + statement.excluded.deleted_records},
    )
    await session.execute(statement)


def _month(moment: datetime) -> str:
    return as_utc(moment).astimezone(HELSINKI).strftime("%Y-%m")


async def due_count(session: AsyncSession, tenant_id: int, register_id: int, months: int, now: datetime) -> int:
    """How many records the next sweep would delete under ``months`` (the rule page's preview).

    The sweep's own condition (``_due``: restricted records are kept), counted, nothing deleted.
    """
    statement = select(func.count()).select_from(Record).where(*_due(tenant_id, register_id, cutoff_for(now, months)))
    return int((await session.execute(statement)).scalar_one())
