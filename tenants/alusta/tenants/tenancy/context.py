"""The per-request tenant context of ``/api/v1/tenants/{tenant_id}/...`` and its provider.

Built only after the tenant guard (:func:`alusta.auth.guards.requires`) passed. The provider fixes
the request-scoped session's tenant from the URL before its first transaction (ORM filter, RLS)
and enforces the processing agreement's state on the tenant's staff.
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.service import AuditEvent, append
from alusta.auth.guards import not_found, tenant_grant_of, tenant_id_of
from alusta.auth.permissions import Caller, Permission, TenantGrant
from alusta.crypto.keys import KeyProvider
from alusta.db.deps import release_on_refusal
from alusta.db.tenancy import set_tenant
from alusta.tenants.tenancy.keys import KEY_PROVIDER_STATE_KEY, KeyStore
from alusta.tenants.tenancy.models import Tenant
from alusta.web.context import current_request_id
from alusta.web.problems import Problem


@dataclass
class TenantContext:
    """Everything a tenant service needs for one request; built only after the guard passed."""

    session: AsyncSession
    tenant_id: int
    caller: Caller
    grant: TenantGrant
    keys: KeyStore
    client_ip: str | None = None
    allow_synthetic: bool = False  # synthetic hetu (900-999) accepted outside production only
    _ip_hash: str | None = field(default=None, init=False)

    def can(self, permission: Permission) -> bool:
        return permission in self.grant.permissions

    def register_allowed(self, register_id: int) -> bool:
        # A member limited to some registers sees nothing of the others (404, not 403).
        return self.grant.registers is None or register_id in self.grant.registers

    async def audit(self, action: str, object_type: str, object_id: int | str) -> None:
        if self.client_ip is not None and self._ip_hash is None:
            key = (await self.keys.primary()).index_key
            self._ip_hash = hmac.new(key, b"ip:" + self.client_ip.encode(), hashlib.sha256).hexdigest()[:32]
        await append(
            self.session,
            AuditEvent(
                actor_id=self.caller.identity_id,
                actor_role=self.grant.role.value,
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                request_id=current_request_id(),
                ip_hash=self._ip_hash,
            ),
        )


READ_METHODS = frozenset({"GET", "HEAD"})


async def _check_status(session: AsyncSession, tenant_id: int, method: str) -> None:
    """Enforce the processing agreement's state on the tenant's staff.

    A suspended tenant's staff are locked out; while a tenant is offboarding its staff may still
    read and export, but change nothing.
    """
    tenant = await session.get(Tenant, tenant_id)
    if tenant is None:
        raise not_found()
    if tenant.status == "suspended":
        raise Problem(403, "tenant_suspended", "the controller's use of the platform is suspended")
    if tenant.status == "offboarding" and method not in READ_METHODS:
        raise Problem(403, "tenant_offboarding", "the controller is leaving the platform: read-only")


async def provide_tenant_context(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> TenantContext:
    caller, grant = tenant_grant_of(request)  # the guard already passed; this re-reads without trusting it
    tenant_id = tenant_id_of(request)
    set_tenant(db_session, tenant_id, caller.identity_id)
    try:
        await _check_status(db_session, tenant_id, request.method)
    except BaseException:
        await release_on_refusal(db_session)
        raise
    provider: KeyProvider = request.app.state[KEY_PROVIDER_STATE_KEY]
    client = request.scope.get("client")
    return TenantContext(
        session=db_session,
        tenant_id=tenant_id,
        caller=caller,
        grant=grant,
        keys=KeyStore(db_session, provider),
        client_ip=client[0] if client else None,
        allow_synthetic=not request.app.state["settings"].is_production,
    )
