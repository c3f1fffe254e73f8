"""Tenant creation (processor operator), staff memberships (tenant admins) and data keys.

Rules enforced here:
- a tenant is created with its first admin by a processor operator; every later membership
  change is made by the tenant's own admins (``tenant:members:manage``);
- the last admin of a tenant cannot be removed or demoted (a tenant never locks itself out);
- processor staff (support desk, operators) never become members (ground rule 2; the database
  refuses it too, migration g7wall000001);
- each tenant has its own data key, wrapped by the KEK (crypto-shredding by deleting it;
  :mod:`alusta.tenants.tenancy.keys`).
"""

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.audit.actions import AuditAction
from alusta.audit.service import start_chain
from alusta.auth.identifiers import validate_business_id
from alusta.auth.identity import WallError, holds_processor_role
from alusta.auth.permissions import EXPLICIT_ONLY, TENANT_ROLES, Permission, Role, TenantGrant
from alusta.crypto.keys import KeyProvider
from alusta.db.tenancy import IDENTITY_SETTING, SKIP_OPTION, require_tenant, set_local_statement, tenant_session
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.keys import create_key
from alusta.tenants.tenancy.models import Tenant, TenantMember

MAX_ID = 2**53 - 1  # ids stay exact in JSON numbers


def new_id() -> int:
    return secrets.randbelow(MAX_ID) + 1


class LastAdminError(ValueError):
    """The change would leave the tenant without an admin."""


@dataclass(frozen=True)
class NewTenant:
    name: str
    business_id: str
    contact_point: str
    dpo_contact: str
    locale: str = "fi"
    required_loa: str = "loa3"


async def create_tenant(
    sessionmaker: async_sessionmaker[AsyncSession], provider: KeyProvider, data: NewTenant, admin_identity_id: int
) -> Tenant:
    """Create a tenant, its data key and its first admin in one transaction."""
    tenant_id = new_id()
    tenant = Tenant(
        id=tenant_id,
        name=data.name,
        business_id=validate_business_id(data.business_id),
        contact_point=data.contact_point,
        dpo_contact=data.dpo_contact,
        locale=data.locale,
        required_loa=data.required_loa,
        status="active",
        created_at=datetime.now(UTC),
    )
    async with tenant_session(sessionmaker, tenant_id) as session:
        session.add(tenant)
        await session.flush()
        await create_key(session, provider)
        await start_chain(session)  # verification fails closed from the start (issue 16 item 3)
        if await holds_processor_role(session, admin_identity_id):
            raise WallError("processor staff cannot hold a tenant role")
        session.add(
            TenantMember(
                tenant_id=tenant_id,
                identity_id=admin_identity_id,
                role=Role.TENANT_ADMIN.value,
                registers=None,
                explicit=[],
                granted_by=None,
                granted_at=datetime.now(UTC),
            )
        )
    return tenant


def grant_of(member: TenantMember) -> TenantGrant:
    return TenantGrant(
        role=Role(member.role),
        registers=frozenset(member.registers) if member.registers is not None else None,
        explicit=frozenset(Permission(p) for p in member.explicit) & EXPLICIT_ONLY,
    )


class SqlMembershipSource:
    """:class:`alusta.auth.permissions.MembershipSource` over ``tenant_members``.

    The only cross-tenant read of tenant data: an identity's own memberships. On PostgreSQL the
    policy of ``tenant_members`` admits rows whose ``identity_id`` equals ``app.identity_id``,
    which is set here for the current transaction only. On Citus ``tenant_members`` is a
    reference table (``alusta.db.citus.REPLICATED_TENANT_TABLES``), so this lookup by
    ``identity_id`` is answered by one node instead of every shard (ADR 0033).
    """

    async def grants_for(self, session: AsyncSession, identity_id: int) -> Mapping[int, TenantGrant]:
        bind = session.bind
        if bind is not None and bind.dialect.name == "postgresql":
            # SET LOCAL (not set_config) so that Citus forwards it to the node answering the lookup.
            await session.execute(text(set_local_statement(IDENTITY_SETTING, identity_id)))
        statement = select(TenantMember).where(TenantMember.identity_id == identity_id)
        members = (await session.execute(statement, execution_options={SKIP_OPTION: True})).scalars().all()
        return {member.tenant_id: grant_of(member) for member in members if member.role in TENANT_ROLES}


async def get_tenant(session: AsyncSession) -> Tenant:
    tenant = await session.get(Tenant, require_tenant(session))
    if tenant is None:
        raise LookupError("tenant not found")
    return tenant


async def list_members(session: AsyncSession) -> list[TenantMember]:
    return list((await session.execute(select(TenantMember).order_by(TenantMember.identity_id))).scalars())


async def _admin_count(session: AsyncSession) -> int:
    statement = select(func.count()).select_from(TenantMember).where(TenantMember.role == Role.TENANT_ADMIN.value)
    return int((await session.execute(statement)).scalar_one())


@dataclass(frozen=True)
class MemberChange:
    role: Role
    registers: list[int] | None  # None: every register of the tenant
    explicit: list[Permission]


async def update_settings(ctx: TenantContext, changes: Mapping[str, str | None]) -> Tenant:
    """Contact point, DPO contact, locale or required assurance level (``None``: unchanged)."""
    tenant = await get_tenant(ctx.session)
    for name in ("contact_point", "dpo_contact", "locale", "required_loa"):
        value = changes.get(name)
        if value is not None:
            setattr(tenant, name, value)
    await ctx.session.flush()
    await ctx.audit(AuditAction.TENANT_SETTINGS_UPDATE, "tenant", ctx.tenant_id)
    return tenant


async def put_member(ctx: TenantContext, identity_id: int, change: MemberChange) -> TenantMember:
    session, granted_by = ctx.session, ctx.caller.identity_id
    role, registers, explicit = change.role, change.registers, change.explicit
    if role not in TENANT_ROLES:
        raise ValueError("not a tenant role")
    if await holds_processor_role(session, identity_id):
        raise WallError("processor staff cannot hold a tenant role")
    member = await session.get(TenantMember, (require_tenant(session), identity_id))
    demoting = member is not None and member.role == Role.TENANT_ADMIN.value and role is not Role.TENANT_ADMIN
    if demoting and await _admin_count(session) <= 1:
        raise LastAdminError("the last admin cannot be demoted")
    if member is None:
        member = TenantMember(tenant_id=require_tenant(session), identity_id=identity_id)
        session.add(member)
    member.role = role.value
    member.registers = sorted(set(registers)) if registers is not None else None
    member.explicit = sorted({p.value for p in explicit if p in EXPLICIT_ONLY})
    member.granted_by = granted_by
    member.granted_at = datetime.now(UTC)
    await session.flush()
    await ctx.audit(AuditAction.TENANT_MEMBER_PUT, "member", identity_id)
    return member


async def remove_member(ctx: TenantContext, identity_id: int) -> bool:
    session = ctx.session
    member = await session.get(TenantMember, (require_tenant(session), identity_id))
    if member is None:
        return False
    if member.role == Role.TENANT_ADMIN.value and await _admin_count(session) <= 1:
        raise LastAdminError("the last admin cannot be removed")
    await session.delete(member)
    await session.flush()
    await ctx.audit(AuditAction.TENANT_MEMBER_REMOVE, "member", identity_id)
    return True
