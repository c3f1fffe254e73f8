"""Data-subject requests: the processor's routing receipt and the controller's sealed request.

Two halves (design §4):
- ``dsr_receipts`` and ``dsr_jobs`` are platform routing metadata (no ``tenant_id`` column, no
  personal content): reference, owning controller, channel, type, state, times. The support desk
  sees only receipts it registered; a subject lists their own receipts.
- Every other table is tenant-owned (``TenantScoped``, ``tenant_id`` first in every key, RLS on
  PostgreSQL). Whatever the requester or the desk typed is AES-256-GCM ciphertext under the
  tenant's data key with AAD ``(tenant_id, table, row id, field)``: only the controller reads it.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from alusta.db.base import Base, UtcDateTime
from alusta.db.tenancy import TenantScoped


class DsrReceipt(Base):
    """Routing receipt (processor side). ``id`` equals the tenant-side request id."""

    __tablename__ = "dsr_receipts"
    __table_args__ = (UniqueConstraint("reference"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reference: Mapped[str] = mapped_column(String(24))
    controller_tenant_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    request_type: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    requester_identity_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    # A desk request the controller verified for a person who has not logged in yet: the
    # identity vault's blind index of their hetu (the same HMAC ``auth_identities`` stores, never
    # the hetu), so the request joins their portal at their first login (issue 14 point 5).
    requester_index: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True, index=True)
    requester_index_key_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registered_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DsrJob(Base):
    """An export job to run (or resume after a restart); ``id`` equals the answer id."""

    __tablename__ = "dsr_jobs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    controller_tenant_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(16))  # pending | running | done | failed
    attempts: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DsrRequest(TenantScoped, Base):
    __tablename__ = "dsr_requests"
    __table_args__ = (
        Index("ix_dsr_requests_subject", "tenant_id", "subject_index"),
        Index("ix_dsr_requests_state_due", "tenant_id", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reference: Mapped[str] = mapped_column(String(24))
    register_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: the whole tenant
    request_type: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    first_due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    extended_months: Mapped[int] = mapped_column(Integer)
    identity_verified: Mapped[bool] = mapped_column(Boolean)
    loa: Mapped[str | None] = mapped_column(String(8), nullable=True)
    requester_identity_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # HMAC of "hetu:<normalised>" under the tenant's index key (same as records' blind index).
    subject_index: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    subject_key_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)  # sealed JSON (free text, contact, period, format, hetu)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    free_of_charge: Mapped[bool] = mapped_column(Boolean)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


_REQUEST_FK = (["tenant_id", "request_id"], ["dsr_requests.tenant_id", "dsr_requests.id"])


class DsrEvent(TenantScoped, Base):
    """Every state change: who (actor kind + id) and when. Also appended to the audit chain."""

    __tablename__ = "dsr_events"
    __table_args__ = (ForeignKeyConstraint(*_REQUEST_FK, ondelete="CASCADE"),)

    request_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    from_state: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_state: Mapped[str] = mapped_column(String(16))


class DsrMessage(TenantScoped, Base):
    __tablename__ = "dsr_messages"
    __table_args__ = (
        ForeignKeyConstraint(*_REQUEST_FK, ondelete="CASCADE"),
        Index("ix_dsr_messages_request", "tenant_id", "request_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    request_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    author_kind: Mapped[str] = mapped_column(String(16))
    key_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)  # sealed


class DsrAttachment(TenantScoped, Base):
    __tablename__ = "dsr_attachments"
    __table_args__ = (
        ForeignKeyConstraint(*_REQUEST_FK, ondelete="CASCADE"),
        Index("ix_dsr_attachments_request", "tenant_id", "request_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    request_id: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    key_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)  # sealed (a file name may be personal)
    data: Mapped[bytes] = mapped_column(LargeBinary)  # sealed
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DsrAnswer(TenantScoped, Base):
    """A letter, report or export bundle; the subject sees it only once released."""

    __tablename__ = "dsr_answers"
    __table_args__ = (
        ForeignKeyConstraint(*_REQUEST_FK, ondelete="CASCADE"),
        Index("ix_dsr_answers_request", "tenant_id", "request_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    request_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # letter | report | bundle
    status: Mapped[str] = mapped_column(String(16))  # pending | ready | released | failed | expired
    key_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str | None] = mapped_column(Text, nullable=True)  # sealed letter / report text
    instructions: Mapped[dict[str, Any]] = mapped_column(JSON)  # ids only: registers, redactions
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)  # counts only
    created_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class DsrInbox(TenantScoped, Base):
    """In-app notifications for the controller's staff: reference and event only, no content.

    ``dedupe`` makes reminders idempotent; ``emailed_at`` marks rows sent through the Notifier.
    """

    __tablename__ = "dsr_inbox"
    __table_args__ = (UniqueConstraint("tenant_id", "dedupe"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    request_id: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(24))
    event: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    dedupe: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    emailed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
