"""Reading the tenant's audit trail; reading it is itself audited (design §2)."""

from sqlalchemy import select

from alusta.audit.actions import AuditAction
from alusta.audit.models import AuditEntry
from alusta.tenants.tenancy.context import TenantContext


async def list_entries(ctx: TenantContext, *, after: int, limit: int) -> list[AuditEntry]:
    """Entries in chain order after sequence number ``after`` (keyset pagination)."""
    statement = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(limit)
    entries = list((await ctx.session.execute(statement)).scalars())
    await ctx.audit(AuditAction.AUDIT_READ, "audit", after)
    return entries
