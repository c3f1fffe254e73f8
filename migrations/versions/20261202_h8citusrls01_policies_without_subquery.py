"""citus rls: row-level security policies without a subquery, then distribution where Citus is installed.

The revisions before wrote every tenant policy as ``tenant_id = (SELECT NULLIF(current_setting(
'app.tenant_id', true), '')::bigint)``. Citus refuses a subquery in a policy on a distributed
table ("Subqueries are not supported in policies on distributed tables"), so `alusta db upgrade`
failed on a real cluster (issue 16). PostgreSQL only (SQLite: nothing to do):

- two STABLE SQL functions, ``app_current_tenant()`` and ``app_current_identity()``, returning the
  transaction's setting as ``bigint`` or NULL (fail closed). PostgreSQL inlines them, so a policy
  ``tenant_id = app_current_tenant()`` becomes an index condition evaluated once per scan, as the
  old InitPlan was (EXPLAIN in ADR 0033; bench/rls_policy.py measures both forms);
- ``ALTER POLICY`` on every tenant table (names, commands and roles unchanged);
- where the ``citus`` extension exists: the distribution that the earlier revisions skipped
  (``alusta.db.citus.citus_installed`` waits for these functions), i.e. every tenant table
  distributed by ``tenant_id`` and colocated, ``tenant_members`` and the other tables reference
  tables (``alusta.db.citus.plan``).

Downgrade undistributes (Citus), restores the subquery policies and drops the functions.

Revision ID: h8citusrls01
Revises: g7wall000001
Create Date: 2026-12-02 07:30:00
"""

from collections.abc import Sequence

from alembic import op

from alusta.db import citus

revision: str = "h8citusrls01"
down_revision: str | Sequence[str] | None = "g7wall000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table that got a ``tenant_isolation`` policy: b2tenants0001, e5dsr0000001, f6retention01.
TENANT_TABLES = (
    "tenant_members",
    "tenant_keys",
    "registers",
    "register_versions",
    "records",
    "record_subject_index",
    "audit_log",
    "dsr_requests",
    "dsr_events",
    "dsr_messages",
    "dsr_attachments",
    "dsr_answers",
    "dsr_inbox",
    "dsr_record_flags",
    "retention_rules",
    "retention_statistics",
)
# Schema-qualified body: an inlined SQL function is parsed with the caller's search_path.
FUNCTIONS = {
    "app_current_tenant": "app.tenant_id",
    "app_current_identity": "app.identity_id",
}
CREATE_FUNCTION = """CREATE FUNCTION {name}() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT NULLIF(pg_catalog.current_setting('{setting}', true), '')::bigint
$$"""
NEW_TENANT = "app_current_tenant()"
NEW_IDENTITY = "app_current_identity()"
OLD_TENANT = "(SELECT NULLIF(current_setting('app.tenant_id', true), '')::bigint)"
OLD_IDENTITY = "(SELECT NULLIF(current_setting('app.identity_id', true), '')::bigint)"


def _set_policies(tenant: str, identity: str) -> None:
    for table in TENANT_TABLES:
        op.execute(
            f"ALTER POLICY tenant_isolation ON {table} USING (tenant_id = {tenant}) WITH CHECK (tenant_id = {tenant})"
        )
    op.execute(f"ALTER POLICY own_memberships ON tenant_members USING (identity_id = {identity})")


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    for name, setting in FUNCTIONS.items():
        op.execute(CREATE_FUNCTION.format(name=name, setting=setting))
    _set_policies(NEW_TENANT, NEW_IDENTITY)
    # The earlier revisions' distribution steps were skipped (subquery policies): do all of it now.
    citus.distribute_new_tables(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    if citus.citus_installed(connection):
        # Citus refuses the old policies on distributed tables: make every table local first.
        citus.undistribute(connection, citus.reflect(connection))
    _set_policies(OLD_TENANT, OLD_IDENTITY)
    for name in FUNCTIONS:
        op.execute(f"DROP FUNCTION {name}()")
