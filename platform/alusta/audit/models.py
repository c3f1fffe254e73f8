"""The audit log: one append-only hash chain per tenant (design §2, issue 5 item 5).

``audit_heads`` holds each tenant's chain head (last sequence number and hash): the append
advances it in the same statement that inserts the entry (a row lock per tenant, no global
lock, no colliding sequence numbers; issue 15), and verification knows from it how many entries
to expect (issue 16 item 3).
"""

from datetime import datetime

from sqlalchemy import BigInteger, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from alusta.db.base import Base, UtcDateTime
from alusta.db.tenancy import TenantScoped


class AuditEntry(TenantScoped, Base):
    __tablename__ = "audit_log"
    # The access-log extract (C-579/21) reads a subject's records' entries by object, in chain order.
    __table_args__ = (Index("ix_audit_log_object", "tenant_id", "object_type", "object_id", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    actor_role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ip_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditHead(TenantScoped, Base):
    """The tenant's chain head: ``seq`` entries exist, the last one hashes to ``head_hash``."""

    __tablename__ = "audit_heads"

    seq: Mapped[int] = mapped_column(BigInteger)
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32))  # the hash before the last entry
    head_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
