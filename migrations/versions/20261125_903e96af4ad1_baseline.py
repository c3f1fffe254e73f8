"""baseline: the empty schema every later revision builds on.

It creates only Alembic's version table, so readiness can tell "never migrated" from "at head".

Revision ID: 903e96af4ad1
Revises:
Create Date: 2026-11-25 21:02:20.269594
"""

from collections.abc import Sequence

revision: str = "903e96af4ad1"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
