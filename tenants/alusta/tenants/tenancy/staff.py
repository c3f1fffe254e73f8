"""The staff list as the members page shows it: names from verified identities, roles, invitations.

Names come from the identity vault (sealed at rest, written at each login); an identity that has
not logged in since names were recorded shows without one. The tenant's registers (for a
member's register limit) come through :data:`REGISTER_CHOICES_STATE_KEY`, which the tenants
plugin fills from the registers domain (tenancy itself sits below registers).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.identity import IdentityVault
from alusta.db.tenancy import require_tenant
from alusta.i18n import N_
from alusta.tenants.tenancy import invitations, service
from alusta.tenants.tenancy.models import TenantMember

REGISTER_CHOICES_STATE_KEY = "register_choices"
RegisterChoices = Callable[[AsyncSession], Awaitable[list[tuple[int, str]]]]

ROLE_NAMES = {
    "tenant_admin": N_("Administrator"),
    "tenant_handler": N_("Handler"),
    "tenant_viewer": N_("Viewer"),
}
ROLE_HINTS = {
    "tenant_admin": N_("Everything, including staff and roles, settings and the audit log."),
    "tenant_handler": N_("Handles requests and records; no staff, settings or audit log."),
    "tenant_viewer": N_("Reads requests, registers and records; changes nothing."),
}


@dataclass(frozen=True)
class StaffRow:
    identity_id: int
    name: str | None
    role: str
    registers: list[int] | None
    granted_by: str | None  # a name, when known
    granted_at: datetime


@dataclass(frozen=True)
class PendingRow:
    id: int
    hint: str
    role: str
    registers: list[int] | None
    invited_by: str | None
    invited_at: datetime


@dataclass(frozen=True)
class Staff:
    members: list[StaffRow]
    pending: list[PendingRow]

    @property
    def admins(self) -> int:
        return sum(1 for m in self.members if m.role == "tenant_admin")


def _row(member: TenantMember, names: dict[int, str]) -> StaffRow:
    granter = names.get(member.granted_by) if member.granted_by is not None else None
    return StaffRow(
        member.identity_id, names.get(member.identity_id), member.role, member.registers, granter, member.granted_at
    )


async def staff(session: AsyncSession, vault: IdentityVault) -> Staff:
    members = await service.list_members(session)
    pending = await invitations.list_invitations(session)
    ids = {m.identity_id for m in members} | {m.granted_by for m in members if m.granted_by is not None}
    names = await vault.names(session, ids | {p.invited_by for p in pending})
    rows = sorted((_row(m, names) for m in members), key=lambda r: ((r.name or "~").casefold(), r.identity_id))
    waiting = [
        PendingRow(p.id, invitations.hint_of(vault, p), p.role, p.registers, names.get(p.invited_by), p.invited_at)
        for p in pending
    ]
    return Staff(rows, waiting)


async def one_member(session: AsyncSession, vault: IdentityVault, identity_id: int) -> StaffRow | None:
    member = await session.get(TenantMember, (require_tenant(session), identity_id))
    if member is None:
        return None
    ids = {member.identity_id} | ({member.granted_by} if member.granted_by is not None else set())
    return _row(member, await vault.names(session, ids))
