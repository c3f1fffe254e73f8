"""Inviting staff by henkilötunnus (issue 12): a member at once, or at the person's first login.

Rules enforced here:
- the hetu arrives in a POST body only and is validated (outside production only synthetic codes,
  individual number 900-999); it is never stored: an invitation holds the identity vault's blind
  index (with the ring's key id) and its date part sealed by the vault, for the admins' list;
- a person who already has an identity becomes a member at once, through the same service as
  the API's ``PUT /members/{identity_id}`` (:func:`service.put_member`: last-admin and wall rules);
- otherwise a pending invitation is stored (one per person and tenant; inviting again changes it)
  and claimed by :func:`claim_invitations` when the person logs in (a login hook of the auth
  domain), each tenant's claim in its own transaction bound to that tenant;
- processor staff never become members (ground rule 2): a claim by an identity holding a
  processor role grants nothing (and the invitation is dropped); the database refuses it too.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.audit.actions import AuditAction
from alusta.audit.service import AuditEvent, append
from alusta.auth.identifiers import Hetu, parse_hetu
from alusta.auth.identity import IdentityVault, holds_processor_role
from alusta.auth.permissions import TENANT_ROLES
from alusta.crypto.primitives import aad_for
from alusta.db.tenancy import SKIP_OPTION, require_tenant, tenant_session
from alusta.tenants.tenancy import service
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.models import TenantInvitation, TenantMember

INVITEE_SETTING = "app.invitee_index"  # read by the own_invitations policy (migration j10members01)
_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Invited:
    """What an invitation did: a membership now, or a pending invitation."""

    member: TenantMember | None = None
    invitation: TenantInvitation | None = None


def _pairs(vault: IdentityVault, hetu: str) -> list[tuple[str, bytes]]:
    """The hetu's blind index under every key of the ring (an old invitation is still found)."""
    return [(key_id, vault.index(hetu, key_id)) for key_id in vault.keyring.keys]


def _hint_aad(tenant_id: int, invitation_id: int) -> bytes:
    return aad_for("tenant_invitations", tenant_id, invitation_id, "invitee_hint")


def hint_of(vault: IdentityVault, invitation: TenantInvitation) -> str:
    """The invitee's birth-date part (``030516D``): enough for an admin to tell invitations apart."""
    aad = _hint_aad(invitation.tenant_id, invitation.id)
    return vault.unseal(invitation.invitee_hint_key_id, invitation.invitee_hint, aad)


async def invite(ctx: TenantContext, vault: IdentityVault, hetu_text: str, change: service.MemberChange) -> Invited:
    """Raises InvalidIdentifierError (not a valid hetu here), WallError, LastAdminError."""
    if change.role not in TENANT_ROLES:
        raise ValueError("not a tenant role")
    hetu = parse_hetu(hetu_text.strip().upper(), allow_synthetic=ctx.allow_synthetic)
    identity = await vault.find(ctx.session, hetu.value)
    if identity is not None:
        return Invited(member=await service.put_member(ctx, identity.id, change))
    pairs = _pairs(vault, hetu.value)
    statement = select(TenantInvitation).where(
        tuple_(TenantInvitation.invitee_index_key_id, TenantInvitation.invitee_index).in_(pairs)
    )
    invitation = (await ctx.session.execute(statement)).scalars().first()
    if invitation is None:
        primary = vault.keyring.primary_id
        invitation = TenantInvitation(
            tenant_id=require_tenant(ctx.session),
            id=service.new_id(),
            invitee_index=vault.index(hetu.value, primary),
            invitee_index_key_id=primary,
        )
        key_id, hint = vault.seal(hetu.value[:7], _hint_aad(invitation.tenant_id, invitation.id))
        invitation.invitee_hint, invitation.invitee_hint_key_id = hint, key_id
        ctx.session.add(invitation)
    invitation.role = change.role.value
    invitation.registers = sorted(set(change.registers)) if change.registers is not None else None
    invitation.invited_by = ctx.caller.identity_id
    invitation.invited_at = datetime.now(UTC)
    await ctx.session.flush()
    await ctx.audit(AuditAction.TENANT_MEMBER_INVITE, "invitation", invitation.id)
    return Invited(invitation=invitation)


async def list_invitations(session: AsyncSession) -> list[TenantInvitation]:
    statement = select(TenantInvitation).order_by(TenantInvitation.invited_at, TenantInvitation.id)
    return list((await session.execute(statement)).scalars())


async def cancel_invitation(ctx: TenantContext, invitation_id: int) -> bool:
    invitation = await ctx.session.get(TenantInvitation, (require_tenant(ctx.session), invitation_id))
    if invitation is None:
        return False
    await ctx.session.delete(invitation)
    await ctx.session.flush()
    await ctx.audit(AuditAction.TENANT_MEMBER_INVITE_CANCEL, "invitation", invitation_id)
    return True


def invitee_statement(indexes: list[bytes]) -> str:
    """``SET LOCAL app.invitee_index = '<hex>,...'``: only hex digests of our own computing reach the SQL."""
    values = [index.hex() for index in indexes]
    if not values or not all(_HEX.fullmatch(value) for value in values):
        raise ValueError("blind indexes only")
    return f"SET LOCAL {INVITEE_SETTING} = '{','.join(values)}'"


async def _own_invitations(session: AsyncSession, pairs: list[tuple[str, bytes]]) -> list[tuple[int, int]]:
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        # RLS shows a session bound to no tenant only the invitations naming these indexes.
        await session.execute(text(invitee_statement([index for _key, index in pairs])))
    statement = select(TenantInvitation.tenant_id, TenantInvitation.id).where(
        tuple_(TenantInvitation.invitee_index_key_id, TenantInvitation.invitee_index).in_(pairs)
    )
    # Reviewed cross-tenant read: the person's own invitations in every tenant (like own memberships).
    rows = await session.execute(statement, execution_options={SKIP_OPTION: True})
    return [(int(tenant_id), int(invitation_id)) for tenant_id, invitation_id in rows.all()]


async def claim_invitations(
    sessionmaker: async_sessionmaker[AsyncSession], vault: IdentityVault, identity_id: int, hetu: Hetu
) -> None:
    """The login hook: every pending invitation of this person becomes a membership."""
    async with tenant_session(sessionmaker, None) as session:
        found = await _own_invitations(session, _pairs(vault, hetu.value))
    for tenant_id, invitation_id in found:
        async with tenant_session(sessionmaker, tenant_id, identity_id) as session:
            await _claim(session, tenant_id, invitation_id, identity_id)


async def _claim(session: AsyncSession, tenant_id: int, invitation_id: int, identity_id: int) -> None:
    invitation = await session.get(TenantInvitation, (tenant_id, invitation_id))
    if invitation is None:
        return  # claimed or cancelled meanwhile
    await session.delete(invitation)
    if await holds_processor_role(session, identity_id):
        return  # ground rule 2: processor staff never hold a tenant role
    if await session.get(TenantMember, (tenant_id, identity_id)) is not None:
        return  # already a member (made so by an admin after the invitation): their role stands
    session.add(
        TenantMember(
            tenant_id=tenant_id,
            identity_id=identity_id,
            role=invitation.role,
            registers=invitation.registers,
            explicit=[],
            granted_by=invitation.invited_by,
            granted_at=datetime.now(UTC),
        )
    )
    await session.flush()
    event = AuditEvent(identity_id, invitation.role, AuditAction.TENANT_MEMBER_CLAIM, "member", str(identity_id))
    await append(session, event)
