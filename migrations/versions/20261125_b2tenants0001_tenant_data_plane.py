"""tenants: tenants, registers, records, audit, row-level security (filled by the tenant data-plane issue).

Revision ID: b2tenants0001
Revises: a1auth000001
Create Date: 2026-11-25 21:10:00
"""

from collections.abc import Sequence

revision: str = "b2tenants0001"
down_revision: str | Sequence[str] | None = "a1auth000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
