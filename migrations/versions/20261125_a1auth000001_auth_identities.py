"""auth: identities, sessions and login state (filled by the auth issue).

Revision ID: a1auth000001
Revises: 903e96af4ad1
Create Date: 2026-11-25 21:10:00
"""

from collections.abc import Sequence

revision: str = "a1auth000001"
down_revision: str | Sequence[str] | None = "903e96af4ad1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
