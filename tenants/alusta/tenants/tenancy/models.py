"""Tenants (platform metadata), their staff memberships and their wrapped data keys.

``tenants`` holds a controller's contract metadata (no personal data of data subjects) and is
keyed by its own id. Everything a tenant owns carries ``tenant_id`` first in every key (design §2).
"""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from alusta.db.base import Base, UtcDateTime
from alusta.db.tenancy import TenantScoped


class Tenant(Base):
    __tablename__ = "tenants"
    __table_args__ = (UniqueConstraint("business_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    business_id: Mapped[str] = mapped_column(String(9))  # Y-tunnus NNNNNNN-T, check digit validated
    contact_point: Mapped[str] = mapped_column(String(320))
    dpo_contact: Mapped[str] = mapped_column(String(320))
    locale: Mapped[str] = mapped_column(String(2))
    required_loa: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TenantMember(TenantScoped, Base):
    """A staff member's role in one tenant, bound to the identity id (never to an e-mail)."""

    __tablename__ = "tenant_members"

    identity_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(32))
    registers: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)  # None: every register
    explicit: Mapped[list[str]] = mapped_column(JSON)  # explicitly granted special/non-disclosure reads
    granted_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: processor operator
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TenantKey(TenantScoped, Base):
    """A tenant's data key, wrapped by the KEK; deleting the rows shreds the tenant's data."""

    __tablename__ = "tenant_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kek_id: Mapped[str] = mapped_column(String(64))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TenantInvitation(TenantScoped, Base):
    """A staff invitation for a person who has not logged in yet (claimed at their first login).

    The person is named only by the identity vault's blind index of their henkilötunnus (with the
    ring's key id); ``invitee_hint`` is the hetu's date part sealed by the vault, so admins can tell
    invitations apart. No plaintext hetu is stored. Processor staff are never invited (ground rule 2).
    """

    __tablename__ = "tenant_invitations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "invitee_index_key_id", "invitee_index", name="uq_tenant_invitations_invitee"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    invitee_index: Mapped[bytes] = mapped_column(LargeBinary(32))
    invitee_index_key_id: Mapped[str] = mapped_column(String(64))
    invitee_hint: Mapped[bytes] = mapped_column(LargeBinary)
    invitee_hint_key_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    registers: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)  # None: every register
    invited_by: Mapped[int] = mapped_column(BigInteger)
    invited_at: Mapped[datetime] = mapped_column(UtcDateTime())
