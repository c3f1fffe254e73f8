"""dsr rules: a desk request verified by the controller joins the person's portal.

``dsr_receipts`` (platform routing metadata, a Citus reference table) gets the identity vault's
blind index of the verified requester's henkilötunnus (``requester_index``, HMAC-SHA256 under the
key ring's index key, with its ``requester_index_key_id``; never the hetu). When that person logs
in, the receipt is linked to their identity and the index cleared (issue 14 point 5). No new
tenant table; ``ALTER TABLE ... ADD COLUMN`` propagates to every node of a reference table.

Revision ID: i9dsrrules01
Revises: i9audit00001
Create Date: 2026-12-02 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i9dsrrules01"
down_revision: str | Sequence[str] | None = "i9audit00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dsr_receipts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requester_index", sa.LargeBinary(length=32), nullable=True))
        batch_op.add_column(sa.Column("requester_index_key_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_dsr_receipts_requester_index"), ["requester_index"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dsr_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dsr_receipts_requester_index"))
        batch_op.drop_column("requester_index_key_id")
        batch_op.drop_column("requester_index")
