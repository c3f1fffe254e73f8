"""staff names and invitations: the verified name of an identity, sealed; pending staff invitations.

- ``auth_identities`` gets ``name_ciphertext`` and ``name_key_id`` (nullable): the name of the
  last login (ID token), AES-256-GCM under the identity vault's key ring with an AAD naming the
  row and column, so staff lists show names and a dump shows none in plaintext (issue 12).
- ``tenant_invitations``: an admin's invitation of a person who has not logged in yet, keyed by
  the vault's blind index of their henkilötunnus (never the hetu). A tenant table like the others:
  ``tenant_id`` first in the key and the unique constraint, ENABLE + FORCE ROW LEVEL SECURITY with
  the policy ``tenant_id = app_current_tenant()`` (h8citusrls01), distributed by ``tenant_id``
  where Citus is installed. One more policy, ``own_invitations`` (SELECT only, like
  ``own_memberships``): at a login the person's own invitations in every tenant are visible when
  the transaction names their blind indexes in ``app.invitee_index`` (hex, comma-separated); the
  claim itself (membership insert, invitation delete) runs bound to each tenant in turn.

Revision ID: j10members01
Revises: i9dsrrules01
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from alusta.db import citus

revision: str = "j10members01"
down_revision: str | Sequence[str] | None = "i9dsrrules01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = "tenant_id = app_current_tenant()"
OWN = (
    "encode(invitee_index, 'hex') = ANY "
    "(string_to_array(NULLIF(pg_catalog.current_setting('app.invitee_index', true), ''), ','))"
)


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("auth_identities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_ciphertext", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("name_key_id", sa.String(length=64), nullable=True))
    op.create_table(
        "tenant_invitations",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("invitee_index", sa.LargeBinary(length=32), nullable=False),
        sa.Column("invitee_index_key_id", sa.String(length=64), nullable=False),
        sa.Column("invitee_hint", sa.LargeBinary(), nullable=False),
        sa.Column("invitee_hint_key_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("registers", sa.JSON(), nullable=True),
        sa.Column("invited_by", sa.BigInteger(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_tenant_invitations")),
        sa.UniqueConstraint(
            "tenant_id",
            "invitee_index_key_id",
            "invitee_index",
            name=op.f("uq_tenant_invitations_invitee"),
        ),
    )
    if connection.dialect.name == "postgresql":
        op.execute("ALTER TABLE tenant_invitations ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE tenant_invitations FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON tenant_invitations USING ({POLICY}) WITH CHECK ({POLICY})")
        op.execute(f"CREATE POLICY own_invitations ON tenant_invitations FOR SELECT USING ({OWN})")
    citus.distribute_new_tables(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if citus.citus_installed(connection) and citus.is_citus_table(connection, "tenant_invitations"):
        connection.execute(sa.text("SELECT undistribute_table('tenant_invitations')"))
    op.drop_table("tenant_invitations")
    with op.batch_alter_table("auth_identities", schema=None) as batch_op:
        batch_op.drop_column("name_key_id")
        batch_op.drop_column("name_ciphertext")
