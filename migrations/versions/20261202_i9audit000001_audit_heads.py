"""audit heads: a per-tenant chain head row and an index for the access-log extract.

- ``audit_heads(tenant_id, seq, prev_hash, head_hash)``: the append advances the tenant's row and
  inserts the entry in one statement (issue 15: no global advisory lock, no colliding sequence
  numbers), and ``alusta audit verify`` knows how many entries to expect (issue 16 item 3). A
  tenant table like the others: ``tenant_id`` first, ENABLE + FORCE ROW LEVEL SECURITY with the
  policy ``tenant_id = app_current_tenant()`` (no subquery, h8citusrls01), distributed by
  ``tenant_id`` and colocated where Citus is installed. The app role may SELECT, INSERT and
  UPDATE it (never DELETE or TRUNCATE).
- Backfill: every existing tenant gets its head from its last entry (or seq 0 and the genesis
  hash). Per tenant, with the tenant bound by ``SET LOCAL`` (the migrator may be subject to FORCE
  RLS and would otherwise see no entries).
- ``ix_audit_log_object (tenant_id, object_type, object_id, seq)``: the access-log extract reads
  audit entries by object; with only the primary key its cost grew with the tenant's whole history.

Revision ID: i9audit00001
Revises: h8citusrls01
Create Date: 2026-12-02 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from alusta.db import citus

revision: str = "i9audit00001"
down_revision: str | Sequence[str] | None = "h8citusrls01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "alusta_app"
GENESIS = bytes(32)
POLICY = "tenant_id = app_current_tenant()"
BACKFILL = """
INSERT INTO audit_heads (tenant_id, seq, prev_hash, head_hash)
SELECT t.id,
       COALESCE(last.seq, 0),
       COALESCE(last.prev_hash, :genesis),
       COALESCE(last.entry_hash, :genesis)
FROM tenants AS t
LEFT JOIN (
    SELECT tenant_id, seq, prev_hash, entry_hash FROM audit_log AS a
    WHERE a.tenant_id = :tid AND a.seq = (SELECT max(seq) FROM audit_log WHERE tenant_id = :tid)
) AS last ON last.tenant_id = t.id
WHERE t.id = :tid
"""


def upgrade() -> None:
    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    op.create_table(
        "audit_heads",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("prev_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("head_hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_audit_heads")),
    )
    op.create_index("ix_audit_log_object", "audit_log", ["tenant_id", "object_type", "object_id", "seq"], unique=False)
    if postgres:
        # Default privileges (b2tenants0001) granted full DML: the head is never deleted by the app.
        op.execute(f"REVOKE DELETE, TRUNCATE ON audit_heads FROM {APP_ROLE}")
        op.execute("ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE audit_heads FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON audit_heads USING ({POLICY}) WITH CHECK ({POLICY})")
    for (tenant_id,) in connection.execute(sa.text("SELECT id FROM tenants ORDER BY id")).all():
        if postgres:
            # A validated integer, never input: the migrator is bound to one tenant at a time.
            connection.exec_driver_sql(f"SET LOCAL app.tenant_id = '{int(tenant_id)}'")
        connection.execute(sa.text(BACKFILL), {"tid": int(tenant_id), "genesis": GENESIS})
    if postgres:
        connection.exec_driver_sql("SET LOCAL app.tenant_id = ''")
    citus.distribute_new_tables(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if citus.citus_installed(connection) and citus.is_citus_table(connection, "audit_heads"):
        connection.execute(sa.text("SELECT undistribute_table('audit_heads')"))
    op.drop_index("ix_audit_log_object", table_name="audit_log")
    op.drop_table("audit_heads")
