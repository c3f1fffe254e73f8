"""Permissions and roles: one StrEnum, roles as sets of permissions, the resolved caller.

Handlers and guards check permissions, never role strings. Permission names are
``<scope>:<resource>:<action>`` and kept alphabetised.

Contract with the rest of the app: the auth middleware resolves the caller once per request
and stores it in ``scope["state"]["caller"]`` (a :class:`Caller`); an anonymous request has no
such key. Tenant grants come from a :class:`MembershipSource` that the tenants domain provides.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

CALLER_STATE_KEY = "caller"
# app.state key under which the tenants domain registers its MembershipSource; without one,
# callers have no tenant grants.
MEMBERSHIP_SOURCE_STATE_KEY = "membership_source"


class Permission(StrEnum):
    # Platform (processor side): metadata and routing only, never a tenant's personal data.
    PLATFORM_DIRECTORY_READ = "platform:directory:read"
    PLATFORM_REQUESTS_REGISTER = "platform:requests:register"
    PLATFORM_ROUTING_READ = "platform:routing:read"
    PLATFORM_TENANTS_MANAGE = "platform:tenants:manage"
    # Data subject: their own requests and public notices.
    SUBJECT_REQUESTS_FILE = "subject:requests:file"
    SUBJECT_REQUESTS_READ_OWN = "subject:requests:read-own"
    # Tenant (controller side), always within one tenant.
    TENANT_AUDIT_READ = "tenant:audit:read"
    TENANT_MEMBERS_MANAGE = "tenant:members:manage"
    TENANT_NON_DISCLOSURE_READ = "tenant:non-disclosure:read"
    TENANT_RECORDS_READ = "tenant:records:read"
    TENANT_RECORDS_WRITE = "tenant:records:write"
    TENANT_REGISTERS_MANAGE = "tenant:registers:manage"
    TENANT_REGISTERS_READ = "tenant:registers:read"
    TENANT_REQUESTS_ACT = "tenant:requests:act"
    TENANT_REQUESTS_READ = "tenant:requests:read"
    TENANT_RETENTION_MANAGE = "tenant:retention:manage"
    TENANT_SETTINGS_MANAGE = "tenant:settings:manage"
    TENANT_SPECIAL_CATEGORY_READ = "tenant:special-category:read"


class Role(StrEnum):
    SUBJECT = "subject"
    TENANT_ADMIN = "tenant_admin"
    TENANT_HANDLER = "tenant_handler"
    TENANT_VIEWER = "tenant_viewer"
    SUPPORT_DESK = "support_desk"
    OPERATOR = "operator"


TENANT_ROLES = frozenset({Role.TENANT_ADMIN, Role.TENANT_HANDLER, Role.TENANT_VIEWER})
PROCESSOR_ROLES = frozenset({Role.SUPPORT_DESK, Role.OPERATOR})

_P = Permission
# Special-category and non-disclosure reads are never implied by a role: they are granted
# explicitly per member (design §6: masked for roles without an explicit need).
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.SUBJECT: frozenset({_P.SUBJECT_REQUESTS_FILE, _P.SUBJECT_REQUESTS_READ_OWN}),
    Role.TENANT_VIEWER: frozenset({_P.TENANT_REGISTERS_READ, _P.TENANT_RECORDS_READ, _P.TENANT_REQUESTS_READ}),
    Role.TENANT_HANDLER: frozenset(
        {
            _P.TENANT_REGISTERS_READ,
            _P.TENANT_RECORDS_READ,
            _P.TENANT_RECORDS_WRITE,
            _P.TENANT_REQUESTS_READ,
            _P.TENANT_REQUESTS_ACT,
        }
    ),
    Role.TENANT_ADMIN: frozenset(
        {
            _P.TENANT_AUDIT_READ,
            _P.TENANT_MEMBERS_MANAGE,
            _P.TENANT_RECORDS_READ,
            _P.TENANT_RECORDS_WRITE,
            _P.TENANT_REGISTERS_MANAGE,
            _P.TENANT_REGISTERS_READ,
            _P.TENANT_REQUESTS_ACT,
            _P.TENANT_REQUESTS_READ,
            _P.TENANT_RETENTION_MANAGE,
            _P.TENANT_SETTINGS_MANAGE,
        }
    ),
    Role.SUPPORT_DESK: frozenset({_P.PLATFORM_DIRECTORY_READ, _P.PLATFORM_REQUESTS_REGISTER, _P.PLATFORM_ROUTING_READ}),
    Role.OPERATOR: frozenset({_P.PLATFORM_DIRECTORY_READ, _P.PLATFORM_ROUTING_READ, _P.PLATFORM_TENANTS_MANAGE}),
}
EXPLICIT_ONLY = frozenset({_P.TENANT_SPECIAL_CATEGORY_READ, _P.TENANT_NON_DISCLOSURE_READ})


@dataclass(frozen=True)
class TenantGrant:
    """A member's role in one tenant, optionally limited to some registers, plus explicit grants."""

    role: Role
    registers: frozenset[int] | None = None  # None: every register of the tenant
    explicit: frozenset[Permission] = frozenset()

    @property
    def permissions(self) -> frozenset[Permission]:
        return ROLE_PERMISSIONS[self.role] | (self.explicit & EXPLICIT_ONLY)


@dataclass(frozen=True)
class Caller:
    """Who is calling, resolved once per request. ``identity_id`` is an opaque row id, not a hetu."""

    identity_id: int
    loa: str
    processor_roles: frozenset[Role] = frozenset()
    tenant_grants: Mapping[int, TenantGrant] = field(default_factory=dict)
    is_subject: bool = True

    def __post_init__(self) -> None:
        # Ground rule 2: processor-side (desk, operator) or tenant-side for a request, never both.
        if self.processor_roles & PROCESSOR_ROLES and self.tenant_grants:
            raise ValueError("a caller is processor-side or tenant-side, never both")

    def platform_permissions(self) -> frozenset[Permission]:
        granted: set[Permission] = set(ROLE_PERMISSIONS[Role.SUBJECT]) if self.is_subject else set()
        for role in self.processor_roles & PROCESSOR_ROLES:
            granted |= ROLE_PERMISSIONS[role]
        return frozenset(granted)

    def tenant_permissions(self, tenant_id: int) -> frozenset[Permission]:
        grant = self.tenant_grants.get(tenant_id)
        return grant.permissions if grant is not None else frozenset()

    def has(self, permission: Permission, tenant_id: int | None = None) -> bool:
        if tenant_id is not None:
            return permission in self.tenant_permissions(tenant_id)
        return permission in self.platform_permissions()


class MembershipSource(Protocol):
    """Where tenant grants come from (implemented by the tenants domain)."""

    async def grants_for(self, session: AsyncSession, identity_id: int) -> Mapping[int, TenantGrant]: ...
