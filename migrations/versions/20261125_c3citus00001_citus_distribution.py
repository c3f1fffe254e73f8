"""citus: distribute tenant tables by tenant_id and replicate reference tables, only where Citus is installed.

On plain PostgreSQL and on SQLite this revision does nothing. With the ``citus`` extension present
(created by the operator before `alusta db upgrade`, docs/deploy.md §7), every table of this
revision with a ``tenant_id`` column becomes a distributed table colocated with the others, and
the rest of the default schema becomes reference tables (alusta.db.citus). The tables are read
from the database itself, so the revision acts on exactly the schema as it stands at this point.
Tables added by later revisions are distributed by calling
``alusta.db.citus.distribute_new_tables(op.get_bind())`` at the end of their upgrade (idempotent:
tables already distributed are skipped).

Revision ID: c3citus00001
Revises: b2tenants0001
Create Date: 2026-11-25 21:20:00
"""

from collections.abc import Sequence

from alembic import op

from alusta.db import citus

revision: str = "c3citus00001"
down_revision: str | Sequence[str] | None = "b2tenants0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    citus.distribute_new_tables(op.get_bind())


def downgrade() -> None:
    connection = op.get_bind()
    if citus.citus_installed(connection):
        citus.undistribute(connection, citus.reflect(connection))
