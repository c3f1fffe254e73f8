"""What ``alusta tenant create`` and ``alusta tenant status`` do (the click wiring is in alusta.cli).

Both connect with the service's own database role: tenant data is reached one tenant per
transaction, exactly as the app does, so RLS and the ORM filter apply to operators too.
"""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.audit.actions import AuditAction
from alusta.audit.service import AuditEvent, append
from alusta.auth.identifiers import parse_hetu
from alusta.auth.identity import IdentityVault
from alusta.crypto.keyring import load_keyring
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import install_tenancy, tenant_session
from alusta.settings import Settings
from alusta.tenants.tenancy.keys import build_key_provider
from alusta.tenants.tenancy.models import Tenant
from alusta.tenants.tenancy.service import NewTenant, create_tenant


async def create_tenant_command(
    settings: Settings, data: NewTenant, admin_identity_id: int | None, admin_hetu: str | None = None
) -> int:
    """Create the tenant with its first admin: an identity id, or a henkilötunnus.

    A henkilötunnus is resolved to its identity (created if the person has not logged in yet), so
    the grant is bound to the person, never to an e-mail address.
    """
    install_tenancy()
    engine = build_engine(settings.database_url or "")
    sessionmaker = build_sessionmaker(engine)
    try:
        if admin_hetu is not None:
            admin_identity_id = await _identity_of(settings, sessionmaker, admin_hetu)
        if admin_identity_id is None:
            raise ValueError("an admin identity or henkilötunnus is required")
        tenant = await create_tenant(sessionmaker, build_key_provider(settings), data, admin_identity_id)
    finally:
        await engine.dispose()
    return tenant.id


async def _identity_of(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], hetu: str) -> int:
    if settings.key_file is None:
        raise RuntimeError("settings are not resolved: no ALUSTA_KEY_FILE")
    parsed = parse_hetu(hetu, allow_synthetic=not settings.is_production)
    vault = IdentityVault(load_keyring(settings.key_file, require_private_mode=settings.is_production))
    async with sessionmaker() as session:
        identity = await vault.find(session, parsed.value) or await vault.upsert(session, parsed)
        await session.commit()
        return identity.id


TENANT_STATUSES = ("active", "suspended", "offboarding")


async def set_status_command(settings: Settings, tenant_id: int, status: str) -> bool:
    """An operator changes a tenant's contract status (platform metadata; no personal data read).

    The change is written to the tenant's own audit chain as a platform act.
    """
    if status not in TENANT_STATUSES:
        raise ValueError(f"status is one of {', '.join(TENANT_STATUSES)}")
    install_tenancy()
    engine = build_engine(settings.database_url or "")
    try:
        async with tenant_session(build_sessionmaker(engine), tenant_id) as session:
            tenant = await session.get(Tenant, tenant_id)
            if tenant is None:
                return False
            tenant.status = status
            await append(
                session,
                AuditEvent(actor_id=None, actor_role="platform:operator",
                           action=f"{AuditAction.TENANT_STATUS}:{status}",
                           object_type="tenant", object_id=str(tenant_id)),
            )  # fmt: skip
            return True
    finally:
        await engine.dispose()
