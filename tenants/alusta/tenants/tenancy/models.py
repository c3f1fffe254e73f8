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
