"""dsr: data-subject requests, routing receipts, answers and notifications.

- ``dsr_receipts`` and ``dsr_jobs``: platform routing metadata (no ``tenant_id``, no personal
  content); everything else is tenant-owned with ``tenant_id`` first in every key.
- PostgreSQL: DML grants to the application role ``alusta_app`` and ``ENABLE`` + ``FORCE ROW
  LEVEL SECURITY`` with the same fail-closed policy as the tenant data plane (b2tenants0001):
  ``tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)``.
- Citus (only where installed): tenant tables distributed by ``tenant_id`` colocated with the
  data plane, receipts and jobs as reference tables (as c3citus00001 asks of later revisions).

Revision ID: e5dsr0000001
Revises: c3citus00001
Create Date: 2026-11-25 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from alusta.db import citus

revision: str = "e5dsr0000001"
down_revision: str | Sequence[str] | None = "c3citus00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "alusta_app"
TENANT_SETTING = "(SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)"
DML = "SELECT, INSERT, UPDATE, DELETE"
TENANT_TABLES = (
    "dsr_requests",
    "dsr_events",
    "dsr_messages",
    "dsr_attachments",
    "dsr_answers",
    "dsr_inbox",
    "dsr_record_flags",
)
PLATFORM_TABLES = ("dsr_receipts", "dsr_jobs")
COLOCATE_WITH = "registers"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "dsr_inbox",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("request_id", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dedupe", sa.String(length=96), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_dsr_inbox")),
        sa.UniqueConstraint("tenant_id", "dedupe", name=op.f("uq_dsr_inbox_tenant_id_dedupe")),
    )
    op.create_table(
        "dsr_requests",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("register_id", sa.BigInteger(), nullable=True),
        sa.Column("request_type", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extended_months", sa.Integer(), nullable=False),
        sa.Column("identity_verified", sa.Boolean(), nullable=False),
        sa.Column("loa", sa.String(length=8), nullable=True),
        sa.Column("requester_identity_id", sa.BigInteger(), nullable=True),
        sa.Column("subject_index", sa.LargeBinary(length=32), nullable=True),
        sa.Column("subject_key_id", sa.String(length=64), nullable=True),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("free_of_charge", sa.Boolean(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_dsr_requests")),
    )
    with op.batch_alter_table("dsr_requests", schema=None) as batch_op:
        batch_op.create_index("ix_dsr_requests_state_due", ["tenant_id", "state", "due_at"], unique=False)
        batch_op.create_index("ix_dsr_requests_subject", ["tenant_id", "subject_index"], unique=False)

    op.create_table(
        "dsr_answers",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("request_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("instructions", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["dsr_requests.tenant_id", "dsr_requests.id"],
            name=op.f("fk_dsr_answers_tenant_id_request_id_dsr_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_dsr_answers")),
    )
    with op.batch_alter_table("dsr_answers", schema=None) as batch_op:
        batch_op.create_index("ix_dsr_answers_request", ["tenant_id", "request_id"], unique=False)

    op.create_table(
        "dsr_attachments",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("request_id", sa.BigInteger(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["dsr_requests.tenant_id", "dsr_requests.id"],
            name=op.f("fk_dsr_attachments_tenant_id_request_id_dsr_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_dsr_attachments")),
    )
    with op.batch_alter_table("dsr_attachments", schema=None) as batch_op:
        batch_op.create_index("ix_dsr_attachments_request", ["tenant_id", "request_id"], unique=False)

    op.create_table(
        "dsr_events",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("request_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("from_state", sa.String(length=16), nullable=True),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["dsr_requests.tenant_id", "dsr_requests.id"],
            name=op.f("fk_dsr_events_tenant_id_request_id_dsr_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "request_id", "seq", name=op.f("pk_dsr_events")),
    )
    op.create_table(
        "dsr_jobs",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("controller_tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["controller_tenant_id"],
            ["tenants.id"],
            name=op.f("fk_dsr_jobs_controller_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_jobs")),
    )
    with op.batch_alter_table("dsr_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dsr_jobs_controller_tenant_id"), ["controller_tenant_id"], unique=False)

    op.create_table(
        "dsr_messages",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("request_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_kind", sa.String(length=16), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["dsr_requests.tenant_id", "dsr_requests.id"],
            name=op.f("fk_dsr_messages_tenant_id_request_id_dsr_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_dsr_messages")),
    )
    with op.batch_alter_table("dsr_messages", schema=None) as batch_op:
        batch_op.create_index("ix_dsr_messages_request", ["tenant_id", "request_id"], unique=False)

    op.create_table(
        "dsr_receipts",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("controller_tenant_id", sa.BigInteger(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("request_type", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requester_identity_id", sa.BigInteger(), nullable=True),
        sa.Column("registered_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["controller_tenant_id"],
            ["tenants.id"],
            name=op.f("fk_dsr_receipts_controller_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_receipts")),
        sa.UniqueConstraint("reference", name=op.f("uq_dsr_receipts_reference")),
    )
    with op.batch_alter_table("dsr_receipts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dsr_receipts_controller_tenant_id"), ["controller_tenant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dsr_receipts_registered_by"), ["registered_by"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dsr_receipts_requester_identity_id"), ["requester_identity_id"], unique=False
        )
    op.create_table(
        "dsr_record_flags",
        sa.Column("tenant_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("record_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("flag", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.BigInteger(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "record_id"],
            ["records.tenant_id", "records.id"],
            name=op.f("fk_dsr_record_flags_tenant_id_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "record_id", "flag", name=op.f("pk_dsr_record_flags")),
    )
    if _postgres():
        _secure_postgres()
    connection = op.get_bind()
    if citus.citus_installed(connection):
        for table in PLATFORM_TABLES:
            op.execute(f"SELECT create_reference_table('{table}')")
        for table in TENANT_TABLES:
            op.execute(f"SELECT create_distributed_table('{table}', 'tenant_id', colocate_with => '{COLOCATE_WITH}')")


def _secure_postgres() -> None:
    for table in (*TENANT_TABLES, *PLATFORM_TABLES):
        op.execute(f"GRANT {DML} ON {table} TO {APP_ROLE}")
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            f"USING (tenant_id = {TENANT_SETTING}) WITH CHECK (tenant_id = {TENANT_SETTING})"
        )


def downgrade() -> None:
    connection = op.get_bind()
    if citus.citus_installed(connection):
        metadata = sa.MetaData()
        metadata.reflect(bind=connection, only=(*TENANT_TABLES, *PLATFORM_TABLES))
        citus.undistribute(connection, metadata)
    op.drop_table("dsr_record_flags")
    with op.batch_alter_table("dsr_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dsr_receipts_requester_identity_id"))
        batch_op.drop_index(batch_op.f("ix_dsr_receipts_registered_by"))
        batch_op.drop_index(batch_op.f("ix_dsr_receipts_controller_tenant_id"))

    op.drop_table("dsr_receipts")
    with op.batch_alter_table("dsr_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_dsr_messages_request")

    op.drop_table("dsr_messages")
    with op.batch_alter_table("dsr_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dsr_jobs_controller_tenant_id"))

    op.drop_table("dsr_jobs")
    op.drop_table("dsr_events")
    with op.batch_alter_table("dsr_attachments", schema=None) as batch_op:
        batch_op.drop_index("ix_dsr_attachments_request")

    op.drop_table("dsr_attachments")
    with op.batch_alter_table("dsr_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_dsr_answers_request")

    op.drop_table("dsr_answers")
    with op.batch_alter_table("dsr_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_dsr_requests_subject")
        batch_op.drop_index("ix_dsr_requests_state_due")

    op.drop_table("dsr_requests")
    op.drop_table("dsr_inbox")
