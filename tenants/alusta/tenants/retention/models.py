"""Retention rules and the anonymous statistics that outlive deleted records.

The contact-register seed: contact data is kept 18 months after handling, then the personal
data is deleted while anonymous contact statistics stay. A rule says how many months after a
record's last change it is deleted; the statistics keep only counts per register and month.
"""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from alusta.db.base import Base, UtcDateTime
from alusta.db.tenancy import TenantScoped


class RetentionRule(TenantScoped, Base):
    __tablename__ = "retention_rules"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "register_id"], ["registers.tenant_id", "registers.id"], ondelete="CASCADE"),
    )

    register_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    months_after_last_change: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[int] = mapped_column(BigInteger)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RetentionStatistic(TenantScoped, Base):
    """How many records of a register, created in a given month, retention has deleted."""

    __tablename__ = "retention_statistics"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "register_id"], ["registers.tenant_id", "registers.id"], ondelete="CASCADE"),
    )

    register_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    deleted_records: Mapped[int] = mapped_column(Integer)
