"""Registers (rekisteri) and their versioned privacy notices and field definitions (design §6)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from alusta.db.base import Base, UtcDateTime
from alusta.db.tenancy import TenantScoped


class Register(TenantScoped, Base):
    __tablename__ = "registers"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    current_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RegisterVersion(TenantScoped, Base):
    """One immutable version: a change makes a new row, old versions stay readable."""

    __tablename__ = "register_versions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "register_id"], ["registers.tenant_id", "registers.id"], ondelete="CASCADE"),
    )

    register_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    notice: Mapped[dict[str, Any]] = mapped_column(JSON)
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[int] = mapped_column(BigInteger)
