"""retention: per-register retention rules and the anonymous statistics left by deletions.

Both tables are tenant-owned: ``tenant_id`` leads every key, and on PostgreSQL they get
ENABLE + FORCE row-level security with the same fail-closed policy as the other tenant tables
(b2tenants0001); the app role's DML grants come from the default privileges set there. On Citus
they are distributed like every tenant table (c3citus00001).

Revision ID: f6retention01
Revises: e5dsr0000001
Create Date: 2026-11-25 22:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from alusta.db.citus import distribute_new_tables

revision: str = "f6retention01"
down_revision: str | Sequence[str] | None = "e5dsr0000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_SETTING = "(SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)"
TABLES = ("retention_rules", "retention_statistics")


def upgrade() -> None:
    op.create_table(
        "retention_rules",
        sa.Column("register_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("months_after_last_change", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.BigInteger(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "register_id"],
            ["registers.tenant_id", "registers.id"],
            name=op.f("fk_retention_rules_tenant_id_register_id_registers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "register_id", name=op.f("pk_retention_rules")),
    )
    op.create_table(
        "retention_statistics",
        sa.Column("register_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_month", sa.String(length=7), nullable=False),
        sa.Column("deleted_records", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "register_id"],
            ["registers.tenant_id", "registers.id"],
            name=op.f("fk_retention_statistics_tenant_id_register_id_registers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "register_id", "created_month", name=op.f("pk_retention_statistics")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY tenant_isolation ON {table} "
                f"USING (tenant_id = {TENANT_SETTING}) WITH CHECK (tenant_id = {TENANT_SETTING})"
            )
        distribute_new_tables(bind)


def downgrade() -> None:
    op.drop_table("retention_statistics")
    op.drop_table("retention_rules")
