"""``/api/v1/tenants/{tenant_id}/audit``: the tenant's own hash-chained log (admins only)."""

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from alusta.audit.models import AuditEntry
from alusta.audit.service import verify_chain
from alusta.auth.guards import requires
from alusta.auth.permissions import Permission
from alusta.tenants.audit import service
from alusta.tenants.audit.schemas import AuditEntryOut, AuditPage, ChainStatus
from alusta.tenants.tenancy.context import TenantContext

MAX_PAGE = 500


def entry_out(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut(
        seq=entry.seq,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_role=entry.actor_role,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        request_id=entry.request_id,
        ip_hash=entry.ip_hash,
        prev_hash=entry.prev_hash.hex(),
        entry_hash=entry.entry_hash.hex(),
    )


class AuditController(Controller):
    path = "/api/v1/tenants/{tenant_id:int}/audit"
    tags = ("audit",)
    guards = [requires(Permission.TENANT_AUDIT_READ)]  # noqa: RUF012 - Litestar layer config

    @get("/", summary="Audit entries in chain order (keyset pagination by sequence number).")
    async def list_entries(
        self,
        ctx: NamedDependency[TenantContext],
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)] = 100,
        after: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> AuditPage:
        entries = await service.list_entries(ctx, after=after, limit=limit)
        return AuditPage(
            items=[entry_out(e) for e in entries], next_after=entries[-1].seq if len(entries) == limit else None
        )

    @get("/verify", summary="Check the tenant's hash chain.")
    async def verify(self, ctx: NamedDependency[TenantContext]) -> ChainStatus:
        result = await verify_chain(ctx.session)
        return ChainStatus(ok=result.ok, entries=result.entries, broken_at=result.broken_at, reason=result.reason)
