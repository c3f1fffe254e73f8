"""Reading the tenant's audit trail; reading it is itself audited (design §2).

The API pages through the chain in order (:func:`list_entries`); the workspace's audit log page
filters by actor, action, object type and period, newest first (:func:`search_entries`, keyset
by sequence number), and exports the filtered entries for an auditor (:func:`export_entries`,
audit-logged as an export). Filters are ids and action codes only, never personal data.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, or_, select

from alusta.audit.actions import AuditAction
from alusta.audit.models import AuditEntry
from alusta.tenants.tenancy.context import TenantContext

EXPORT_MAX = 50_000  # one export; an auditor narrows the period for more


@dataclass(frozen=True)
class AuditFilter:
    actor: int | None = None
    action: str | None = None  # an action code; a suffixed one (``tenant.status:<x>``) matches its base
    object_type: str | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive


async def list_entries(ctx: TenantContext, *, after: int, limit: int) -> list[AuditEntry]:
    """Entries in chain order after sequence number ``after`` (keyset pagination)."""
    statement = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(limit)
    entries = list((await ctx.session.execute(statement)).scalars())
    await ctx.audit(AuditAction.AUDIT_READ, "audit", after)
    return entries


def _filtered(wanted: AuditFilter) -> Select[AuditEntry]:
    statement = select(AuditEntry)
    if wanted.actor is not None:
        statement = statement.where(AuditEntry.actor_id == wanted.actor)
    if wanted.action:
        base = wanted.action
        statement = statement.where(
            or_(AuditEntry.action == base, AuditEntry.action.startswith(base + ":", autoescape=True))
        )
    if wanted.object_type:
        statement = statement.where(AuditEntry.object_type == wanted.object_type)
    if wanted.start is not None:
        statement = statement.where(AuditEntry.at >= wanted.start)
    if wanted.end is not None:
        statement = statement.where(AuditEntry.at < wanted.end)
    return statement


async def search_entries(
    ctx: TenantContext, wanted: AuditFilter, *, before: int | None, limit: int
) -> tuple[list[AuditEntry], int | None]:
    """The newest matching entries before sequence number ``before``; and where the next page starts."""
    statement = _filtered(wanted)
    if before is not None:
        statement = statement.where(AuditEntry.seq < before)
    statement = statement.order_by(AuditEntry.seq.desc()).limit(limit + 1)
    entries = list((await ctx.session.execute(statement)).scalars())
    await ctx.audit(AuditAction.AUDIT_READ, "audit", before or 0)
    more = len(entries) > limit
    entries = entries[:limit]
    return entries, (entries[-1].seq if more and entries else None)


async def export_entries(ctx: TenantContext, wanted: AuditFilter) -> list[AuditEntry]:
    """The matching entries in chain order (at most :data:`EXPORT_MAX`); the export is audit-logged."""
    statement = _filtered(wanted).order_by(AuditEntry.seq).limit(EXPORT_MAX)
    entries = list((await ctx.session.execute(statement)).scalars())
    await ctx.audit(AuditAction.AUDIT_EXPORT, "audit", len(entries))
    return entries
