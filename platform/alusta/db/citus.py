"""Citus readiness: which tables are distributed by ``tenant_id``, which are reference tables, and the DDL.

Rules (design §2, notes/isolation.md §1.7, Citus "reference DDL"):
- a *tenant table* is any table with a ``tenant_id`` column; it is distributed by ``tenant_id``,
  all of them colocated, so a query with ``tenant_id = :tid`` is routed to one shard;
- except the tables in ``REPLICATED_TENANT_TABLES``: tenant-owned but looked up across tenants
  (``tenant_members`` by ``identity_id`` for every request), so they are reference tables and the
  lookup is answered by one node instead of fanning out to every shard (ADR 0033);
- its primary key, every unique constraint and unique index, every index and every foreign key
  start with ``tenant_id`` (a distributed PK/unique must contain the distribution column; keeping it
  first also makes it the leading index condition under RLS);
- a foreign key to another tenant table joins ``(tenant_id, ...)`` to ``(tenant_id, ...)``;
- the other tables of the default schema become *reference tables* (replicated to every node);
  tenant tables may reference them, but a reference table may not reference a tenant table;
- tables in the ``platform`` schema stay local to the coordinator (back office, design §2).

Nothing here runs unless the ``citus`` extension is installed *and* the schema has reached the
Citus-compatible row-level security policies of revision h8citusrls01 (see :func:`citus_installed`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Index, MetaData, Table, UniqueConstraint, text

DISTRIBUTION_COLUMN = "tenant_id"
LOCAL_SCHEMAS = frozenset({"platform"})
IGNORED_TABLES = frozenset({"alembic_version"})
# Tenant-owned, but read by a key other than tenant_id on every request: replicated (ADR 0033).
REPLICATED_TENANT_TABLES = frozenset({"tenant_members"})
# Created by h8citusrls01; the policies call them instead of a subquery (Citus refuses subqueries).
POLICY_FUNCTIONS = ("app_current_tenant", "app_current_identity")


@dataclass(frozen=True)
class DistributionPlan:
    distributed: tuple[str, ...]  # referenced tables before the tables referencing them
    reference: tuple[str, ...]

    def upgrade_statements(self, done: frozenset[str] = frozenset()) -> list[str]:
        """Reference tables first (distributed tables may point at them), then the colocated tenant tables.

        Tables in ``done`` are already Citus tables and are skipped, so a later revision can run the
        same plan again and only its new tables are distributed.
        """
        statements = [f"SELECT create_reference_table('{name}')" for name in self.reference if name not in done]
        if self.distributed:
            anchor = self.distributed[0]
            if anchor not in done:
                statements.append(f"SELECT create_distributed_table('{anchor}', '{DISTRIBUTION_COLUMN}')")
            statements += [
                f"SELECT create_distributed_table('{name}', '{DISTRIBUTION_COLUMN}', colocate_with => '{anchor}')"
                for name in self.distributed[1:]
                if name not in done
            ]
        return statements


def _tables(metadata: MetaData) -> list[Table]:
    return [
        table
        for table in metadata.sorted_tables
        if table.schema not in LOCAL_SCHEMAS and table.name not in IGNORED_TABLES
    ]


def is_tenant_table(table: Table) -> bool:
    return DISTRIBUTION_COLUMN in table.c


def is_distributed(table: Table) -> bool:
    """Distributed by tenant_id: a tenant table that is not replicated."""
    return is_tenant_table(table) and table.name not in REPLICATED_TENANT_TABLES


def plan(metadata: MetaData) -> DistributionPlan:
    """Split the tables of ``metadata``; ``sorted_tables`` already puts referenced tables first."""
    tables = _tables(metadata)
    return DistributionPlan(
        distributed=tuple(table.name for table in tables if is_distributed(table)),
        reference=tuple(table.name for table in tables if not is_distributed(table)),
    )


def _leading(columns: Iterable[object]) -> str | None:
    first = next(iter(columns), None)
    return getattr(first, "name", None)


def _index_problems(table: Table) -> list[str]:
    problems = [
        f"{table.name}: unique constraint {constraint.name} does not start with tenant_id"
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint) and _leading(constraint.columns) != DISTRIBUTION_COLUMN
    ]
    for index in table.indexes:
        if not isinstance(index, Index):
            continue
        expressions = list(index.expressions)
        first = expressions[0] if expressions else None
        if getattr(first, "name", None) != DISTRIBUTION_COLUMN:
            kind = "unique index" if index.unique else "index"
            problems.append(f"{table.name}: {kind} {index.name} does not start with tenant_id")
    return problems


def _foreign_key_problems(table: Table) -> list[str]:
    problems: list[str] = []
    for fk in table.foreign_key_constraints:
        referred = fk.referred_table
        if not is_tenant_table(referred):
            if referred.schema in LOCAL_SCHEMAS:
                problems.append(f"{table.name}: foreign key {fk.name} points at local table {referred.name}")
            continue  # distributed -> reference is allowed
        pairs = [(element.parent.name, element.column.name) for element in fk.elements]
        if pairs[0] != (DISTRIBUTION_COLUMN, DISTRIBUTION_COLUMN):
            problems.append(
                f"{table.name}: foreign key {fk.name} to tenant table {referred.name} "
                "must join (tenant_id, ...) to (tenant_id, ...)"
            )
    return problems


def problems(metadata: MetaData) -> list[str]:
    """Every reason the schema could not be distributed by ``tenant_id``; empty when it can."""
    found: list[str] = []
    tables = _tables(metadata)
    tenant_types = {
        table.name: type(table.c[DISTRIBUTION_COLUMN].type).__name__ for table in tables if is_tenant_table(table)
    }
    if len(set(tenant_types.values())) > 1:  # Citus: one type for the distribution column everywhere
        found.append(f"tenant_id has different types: {tenant_types}")
    for table in tables:
        if not is_distributed(table):
            found += [
                f"{table.name}: reference table with foreign key {fk.name} to tenant table {fk.referred_table.name}"
                for fk in table.foreign_key_constraints
                if is_distributed(fk.referred_table)
            ]
            if not is_tenant_table(table):
                continue
        primary = list(table.primary_key.columns)
        if not primary:
            found.append(f"{table.name}: no primary key")
        elif primary[0].name != DISTRIBUTION_COLUMN:
            found.append(f"{table.name}: primary key does not start with tenant_id")
        found += _index_problems(table)
        found += _foreign_key_problems(table)
    return found


def citus_extension_present(connection: Connection) -> bool:
    """The ``citus`` extension exists in this database (created by the operator, docs/deploy.md §8)."""
    if connection.dialect.name != "postgresql":
        return False
    return connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'citus'")).first() is not None


def policies_citus_compatible(connection: Connection) -> bool:
    """The policy functions of h8citusrls01 exist, i.e. no policy uses a subquery any more."""
    query = text(
        "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname = ANY(:names)"
    )
    found = connection.execute(query, {"names": list(POLICY_FUNCTIONS)}).scalar_one()
    return bool(found == len(POLICY_FUNCTIONS))


def citus_installed(connection: Connection) -> bool:
    """Whether a revision should distribute its tables: Citus is there and the policies allow it.

    The revisions before h8citusrls01 wrote RLS policies with a subquery, which Citus refuses on
    distributed tables ("Subqueries are not supported in policies"); they are frozen and ask this
    function before distributing. Until h8citusrls01 has rewritten the policies it answers False,
    so those revisions leave their tables local and h8citusrls01 distributes all of them at once.
    """
    return citus_extension_present(connection) and policies_citus_compatible(connection)


def is_citus_table(connection: Connection, name: str) -> bool:
    query = text("SELECT 1 FROM pg_dist_partition WHERE logicalrelid = to_regclass(:name)")
    return connection.execute(query, {"name": name}).first() is not None


def reflect(connection: Connection) -> MetaData:
    """The default schema as it stands in the database (what a migration at this point sees)."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return metadata


def distribute(connection: Connection, metadata: MetaData) -> DistributionPlan:
    """Run the distribution DDL for the tables in ``metadata`` not yet distributed (Citus installed)."""
    distribution = plan(metadata)
    done = frozenset(
        name for name in (*distribution.reference, *distribution.distributed) if is_citus_table(connection, name)
    )
    for statement in distribution.upgrade_statements(done):
        connection.execute(text(statement))
    return distribution


def distribute_new_tables(connection: Connection) -> None:
    """For revisions after c3citus00001: distribute the tables they added, when Citus is installed."""
    if citus_installed(connection):
        distribute(connection, reflect(connection))


def undistribute(connection: Connection, metadata: MetaData) -> None:
    """Turn distributed and reference tables back into plain local tables (children first)."""
    distribution = plan(metadata)
    # Citus 13.2: several undistribute_table calls in one transaction (Alembic runs a downgrade in
    # one) fail after the first parallel shard operation unless shard commands run sequentially.
    connection.execute(text("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'"))
    for name in (*reversed(distribution.distributed), *reversed(distribution.reference)):
        # cascade_via_foreign_keys undistributes a whole FK-connected group at once; skip the rest.
        if is_citus_table(connection, name):
            connection.execute(text(f"SELECT undistribute_table('{name}', cascade_via_foreign_keys => true)"))
