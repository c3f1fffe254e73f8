"""Who may act inside ``/api/v1/tenants/{tenant_id}/...`` and the per-request tenant context.

Rules:
- no caller: 401; a caller without a grant in *this* tenant (other tenants' staff, processor
  roles, data subjects): 404, never 403, so a tenant's existence is not revealed;
- a member lacking the permission: 403 (they already know the tenant exists);
- the session's tenant is fixed from the URL before its first transaction (ORM filter, RLS).
Guards are async: a sync guard runs in a worker thread and loses request context.
"""

import hashlib
import hmac
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.service import AuditEvent, append
from alusta.auth.permissions import CALLER_STATE_KEY, Caller, Permission, TenantGrant
from alusta.crypto.keys import KeyProvider
from alusta.db.tenancy import set_tenant
from alusta.tenants.tenancy.models import Tenant
from alusta.tenants.tenancy.service import KeyStore
from alusta.web.context import current_request_id
from alusta.web.problems import Problem

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Coroutine[Any, Any, None]]
KEY_PROVIDER_STATE_KEY = "key_provider"


def caller_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller | None:
    caller = connection.scope.get("state", {}).get(CALLER_STATE_KEY)
    return caller if isinstance(caller, Caller) else None


def not_found() -> Problem:
    return Problem(404, "not_found", "no such resource")


def _tenant_id(connection: ASGIConnection[Any, Any, Any, Any]) -> int:
    value = connection.path_params.get("tenant_id")
    if not isinstance(value, int):
        raise not_found()
    return value


def _grant(connection: ASGIConnection[Any, Any, Any, Any]) -> tuple[Caller, TenantGrant]:
    caller = caller_of(connection)
    if caller is None:
        raise Problem(401, "unauthorized", "sign in first")
    grant = caller.tenant_grants.get(_tenant_id(connection))
    if grant is None:
        raise not_found()
    return caller, grant


def requires(permission: Permission) -> Guard:
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        _caller, grant = _grant(connection)
        if permission not in grant.permissions:
            raise Problem(403, "forbidden", f"missing permission {permission.value}")

    return guard


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
    caller, grant = _grant(request)  # the guard already passed; this re-reads without trusting it
    tenant_id = _tenant_id(request)
    set_tenant(db_session, tenant_id, caller.identity_id)
    await _check_status(db_session, tenant_id, request.method)
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
