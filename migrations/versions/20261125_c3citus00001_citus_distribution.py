"""citus: distribute tenant tables when the Citus extension is present (filled by the deployment issue).

Revision ID: c3citus00001
Revises: b2tenants0001
Create Date: 2026-11-25 21:10:00
"""

from collections.abc import Sequence

revision: str = "c3citus00001"
down_revision: str | Sequence[str] | None = "b2tenants0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
