"""dsr: data-subject requests, routing receipts, answers and notifications.

Revision ID: e5dsr0000001
Revises: c3citus00001
Create Date: 2026-11-25 21:10:00
"""

from collections.abc import Sequence

revision: str = "e5dsr0000001"
down_revision: str | Sequence[str] | None = "c3citus00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
