"""Records: values as AES-256-GCM ciphertext under the tenant's data key (design §2 layer 3).

Subjects are found through keyed blind indexes, never through plaintext.
"""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from alusta.db.base import Base, UtcDateTime
from alusta.db.tenancy import TenantScoped


class Record(TenantScoped, Base):
    __tablename__ = "records"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "register_id"], ["registers.tenant_id", "registers.id"], ondelete="CASCADE"),
        Index("ix_records_tenant_register", "tenant_id", "register_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    register_id: Mapped[int] = mapped_column(BigInteger)
    register_version: Mapped[int] = mapped_column(Integer)
    key_id: Mapped[str] = mapped_column(String(64))
    # JSON object {field: base64(nonce || ciphertext || tag)}; AAD (tenant, "records", id, field).
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SubjectIndex(TenantScoped, Base):
    """HMAC-SHA256 of a normalised identifier under the tenant's index key (``key_id``)."""

    __tablename__ = "record_subject_index"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "record_id"], ["records.tenant_id", "records.id"], ondelete="CASCADE"),
        Index("ix_record_subject_index_digest", "tenant_id", "digest"),
    )

    record_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    key_id: Mapped[str] = mapped_column(String(64))
    digest: Mapped[bytes] = mapped_column(LargeBinary(32))


# Flags an answered request places on the subject's records.
RESTRICTED = "restricted"  # Art. 18: storage only; staff may not change or delete the record
OBJECTED = "objected"  # Art. 21(1)
NO_MARKETING = "no_marketing"  # Art. 21(2)-(3), suoramarkkinointikielto


class RecordFlag(TenantScoped, Base):
    """A restriction (Art. 18), objection (Art. 21(1)) or marketing prohibition (Art. 21(2)-(3)).

    Placed on a record by an answered data-subject request; processing of the record must honour
    it. The table keeps the name it was created with (``dsr_record_flags``): no migration.
    """

    __tablename__ = "dsr_record_flags"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "record_id"], ["records.tenant_id", "records.id"], ondelete="CASCADE"),
    )

    record_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    flag: Mapped[str] = mapped_column(String(32), primary_key=True)
    request_id: Mapped[int] = mapped_column(BigInteger)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())
