"""auth: identities (blind-indexed henkilötunnus), processor staff roles, server-side store.

Revision ID: a1auth000001
Revises: 903e96af4ad1
Create Date: 2026-11-25 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a1auth000001"
down_revision: str | Sequence[str] | None = "903e96af4ad1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "auth_identities",
        sa.Column("id", ID_TYPE, autoincrement=True, nullable=False),
        sa.Column("hetu_index", sa.LargeBinary(length=32), nullable=False),
        sa.Column("hetu_index_key_id", sa.String(length=64), nullable=False),
        sa.Column("hetu_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("hetu_key_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_identities")),
        sa.UniqueConstraint(
            "hetu_index_key_id", "hetu_index", name=op.f("uq_auth_identities_hetu_index_key_id_hetu_index")
        ),
    )
    op.create_table(
        "auth_staff_roles",
        sa.Column("identity_id", ID_TYPE, nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["auth_identities.id"],
            name=op.f("fk_auth_staff_roles_identity_id_auth_identities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("identity_id", "role", name=op.f("pk_auth_staff_roles")),
    )
    op.create_table(
        "auth_store",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_store")),
    )
    op.create_index(op.f("ix_auth_store_expires_at"), "auth_store", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_auth_store_expires_at"), table_name="auth_store")
    op.drop_table("auth_store")
    op.drop_table("auth_staff_roles")
    op.drop_table("auth_identities")
