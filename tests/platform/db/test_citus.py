"""Citus readiness: every tenant table can be distributed by tenant_id (design §2, isolation notes §1.7).

The first test runs over the live metadata (every models module in models_registry), so tables
that other domains add are checked as soon as they are registered. The synthetic schemas below
show that the checker finds each kind of violation.
"""

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from alusta.db import citus, migrate
from alusta.models_registry import load_all_models
from fixtures.database import run_sync_on

CITUS_REVISION = "c3citus00001"
POLICY_REVISION = "h8citusrls01"


def test_every_tenant_table_is_distributable() -> None:
    metadata = load_all_models()
    assert citus.problems(metadata) == []


def test_live_plan_covers_every_table_once() -> None:
    metadata = load_all_models()
    distribution = citus.plan(metadata)
    names = {table.name for table in metadata.sorted_tables if table.schema not in citus.LOCAL_SCHEMAS}
    assert set(distribution.distributed) | set(distribution.reference) == names
    assert not set(distribution.distributed) & set(distribution.reference)
    for name in distribution.distributed:
        assert "tenant_id" in metadata.tables[name].c
    # Memberships are looked up by identity across tenants on every request: replicated (ADR 0033).
    assert set(distribution.reference) >= citus.REPLICATED_TENANT_TABLES


def _tenants(metadata: sa.MetaData) -> sa.Table:
    return sa.Table("tenants", metadata, sa.Column("id", sa.BigInteger, primary_key=True))


def _good() -> sa.MetaData:
    metadata = sa.MetaData()
    _tenants(metadata)
    sa.Table(
        "registers",
        metadata,
        sa.Column("tenant_id", sa.BigInteger, sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("name", sa.String(100)),
        sa.UniqueConstraint("tenant_id", "name", name="uq_registers_name"),
    )
    sa.Table(
        "records",
        metadata,
        sa.Column("tenant_id", sa.BigInteger, primary_key=True),
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("register_id", sa.BigInteger, nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "register_id"], ["registers.tenant_id", "registers.id"], name="fk_records_register"
        ),
        sa.Index("ix_records_register", "tenant_id", "register_id"),
    )
    return metadata


def test_good_schema_plans_reference_then_colocated_tables() -> None:
    distribution = citus.plan(_good())
    assert distribution.reference == ("tenants",)
    assert distribution.distributed == ("registers", "records")
    assert distribution.upgrade_statements() == [
        "SELECT create_reference_table('tenants')",
        "SELECT create_distributed_table('registers', 'tenant_id')",
        "SELECT create_distributed_table('records', 'tenant_id', colocate_with => 'registers')",
    ]
    assert citus.problems(_good()) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda m: m.tables["records"].append_constraint(sa.UniqueConstraint("id", name="uq_x")), "uq_x"),
        (lambda m: sa.Index("ix_bad", m.tables["records"].c.register_id), "ix_bad"),
        (lambda m: sa.Index("ix_u", m.tables["records"].c.id, m.tables["records"].c.tenant_id, unique=True), "ix_u"),
        (
            lambda m: m.tables["records"].append_constraint(
                sa.ForeignKeyConstraint(["register_id"], ["registers.id"], name="fk_global")
            ),
            "fk_global",
        ),
        (
            lambda m: sa.Table(
                "notes",
                m,
                sa.Column("id", sa.BigInteger, primary_key=True),
                sa.Column("tenant_id", sa.BigInteger, primary_key=True),
            ),
            "notes: primary key does not start with tenant_id",
        ),
        (
            lambda m: sa.Table("keyless", m, sa.Column("tenant_id", sa.BigInteger), sa.Column("x", sa.Integer)),
            "keyless: no primary key",
        ),
        (
            lambda m: sa.Table(
                "lookup",
                m,
                sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("tenant_id_ref", sa.BigInteger),
                sa.Column("record_tenant", sa.BigInteger),
                sa.Column("record_id", sa.BigInteger),
                sa.ForeignKeyConstraint(
                    ["record_tenant", "record_id"], ["records.tenant_id", "records.id"], name="fk_r"
                ),
            ),
            "reference table with foreign key fk_r",
        ),
        (
            lambda m: sa.Table(
                "mixed",
                m,
                sa.Column("tenant_id", sa.Integer, primary_key=True),
                sa.Column("id", sa.Integer, primary_key=True),
            ),
            "different types",
        ),
    ],
)
def test_each_violation_is_reported(mutate: object, expected: str) -> None:
    metadata = _good()
    mutate(metadata)  # type: ignore[operator]
    found = citus.problems(metadata)
    assert any(expected in problem for problem in found), found


def test_local_platform_schema_is_left_alone() -> None:
    metadata = _good()
    sa.Table("staff", metadata, sa.Column("id", sa.Integer, primary_key=True), schema="platform")
    assert "staff" not in citus.plan(metadata).reference


def _down_of(revision: str) -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config(""))
    down = script.get_revision(revision).down_revision
    assert isinstance(down, str)
    return down


def _before_citus_revision() -> str:
    return _down_of(CITUS_REVISION)


def _schema_fingerprint(connection: sa.Connection) -> list[tuple[str, ...]]:
    """Every relation, policy and function of the default schema (what a no-op must leave alone)."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(sa.text("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY 1, 2"))
        return [tuple(row) for row in rows]
    query = sa.text(
        "SELECT 'rel', c.relname, c.relkind::text FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
        "UNION ALL SELECT 'policy', p.polrelid::regclass::text || '.' || p.polname, "
        "coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' / ' "
        "|| coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') "
        "FROM pg_policy p "
        "UNION ALL SELECT 'function', p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() ORDER BY 1, 2, 3"
    )
    return [tuple(row) for row in connection.execute(query)]


def test_migration_is_a_no_op_without_citus(empty_db_url: str) -> None:
    # Through c3citus00001 both ways on SQLite and on PostgreSQL without the extension: the schema
    # is exactly what the revision before left (Citus present is a precondition failure, not a pass).
    migrate.upgrade(empty_db_url, _before_citus_revision())
    if run_sync_on(empty_db_url, citus.citus_extension_present):
        pytest.skip("this database has the citus extension: the no-op case cannot be checked here")
    before = run_sync_on(empty_db_url, _schema_fingerprint)
    migrate.upgrade(empty_db_url, CITUS_REVISION)
    assert run_sync_on(empty_db_url, _schema_fingerprint) == before
    migrate.downgrade(empty_db_url, _before_citus_revision())
    assert run_sync_on(empty_db_url, _schema_fingerprint) == before
    migrate.upgrade(empty_db_url)


def test_policy_revision_changes_only_policies_and_nothing_on_sqlite(empty_db_url: str) -> None:
    migrate.upgrade(empty_db_url, _down_of(POLICY_REVISION))
    before = run_sync_on(empty_db_url, _schema_fingerprint)
    migrate.upgrade(empty_db_url, POLICY_REVISION)
    after = run_sync_on(empty_db_url, _schema_fingerprint)
    if empty_db_url.startswith("sqlite"):
        assert after == before
    else:
        assert [row for row in after if row[0] == "rel"] == [row for row in before if row[0] == "rel"]
        assert {row[1] for row in after if row[0] == "function"} >= set(citus.POLICY_FUNCTIONS)
        assert not any("SELECT" in row[2] for row in after if row[0] == "policy")
    migrate.downgrade(empty_db_url, _down_of(POLICY_REVISION))
    assert run_sync_on(empty_db_url, _schema_fingerprint) == before


# Stand-ins for the Citus UDFs and catalog with the real signatures, in their own schema so that
# the migration's reflection of the default schema does not see them; each call is logged. Like
# Citus they refuse a table whose policies contain a subquery (a SubLink in the policy's node
# tree), and a colocation with a table that is not distributed yet.
CITUS_REFUSALS = """
  IF EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = t
             AND (p.polqual::text LIKE '%{SUBLINK%' OR coalesce(p.polwithcheck::text, '') LIKE '%{SUBLINK%')) THEN
    RAISE EXCEPTION 'cannot create policy'
      USING DETAIL = 'Subqueries are not supported in policies on distributed tables';
  END IF;
"""
CITUS_STUBS = (
    "CREATE SCHEMA citus_stub",
    "CREATE TABLE citus_stub.pg_dist_partition (logicalrelid regclass PRIMARY KEY)",
    "CREATE TABLE citus_stub.citus_calls (n serial PRIMARY KEY, call text NOT NULL)",
    f"""CREATE FUNCTION citus_stub.create_reference_table(t regclass) RETURNS void LANGUAGE plpgsql AS $$
       BEGIN {CITUS_REFUSALS}
         INSERT INTO citus_stub.pg_dist_partition VALUES (t);
         INSERT INTO citus_stub.citus_calls (call) VALUES ('reference ' || t::text);
       END $$""",
    f"""CREATE FUNCTION citus_stub.create_distributed_table(t regclass, distribution_column text,
         colocate_with text DEFAULT 'default') RETURNS void LANGUAGE plpgsql AS $$
       BEGIN {CITUS_REFUSALS}
         IF colocate_with <> 'default' AND NOT EXISTS (
             SELECT 1 FROM citus_stub.pg_dist_partition WHERE logicalrelid = colocate_with::regclass) THEN
           RAISE EXCEPTION 'relation % is not distributed', colocate_with;
         END IF;
         INSERT INTO citus_stub.pg_dist_partition VALUES (t);
         INSERT INTO citus_stub.citus_calls (call)
           VALUES ('distributed ' || t::text || ' by ' || distribution_column || ' with ' || colocate_with);
       END $$""",
    """CREATE FUNCTION citus_stub.undistribute_table(t regclass, cascade_via_foreign_keys boolean DEFAULT false)
         RETURNS void LANGUAGE sql AS $$
         DELETE FROM citus_stub.pg_dist_partition WHERE logicalrelid = t;
         INSERT INTO citus_stub.citus_calls (call) VALUES ('undistribute ' || t::text) $$""",
)
CITUS_NAMES = ("create_reference_table", "create_distributed_table", "undistribute_table", "pg_dist_partition")


def _stand_ins_are_the_only_citus(connection: sa.Connection) -> list[str]:
    """Where the Citus names resolve: must be citus_stub only, or the test would run real Citus code."""
    query = sa.text(
        "SELECT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE p.proname = ANY(:names) "
        "UNION ALL SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = ANY(:names) ORDER BY 1"
    )
    return list(connection.execute(query, {"names": list(CITUS_NAMES)}).scalars())


def test_migration_distributes_when_citus_is_present(empty_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not empty_db_url.startswith("postgresql"):
        pytest.skip("Citus is a PostgreSQL extension")
    migrate.upgrade(empty_db_url, _before_citus_revision())

    def install(connection: sa.Connection) -> str:
        for statement in CITUS_STUBS:
            connection.execute(sa.text(statement))
        database = connection.execute(sa.text("SELECT current_database()")).scalar_one()
        connection.execute(sa.text(f'ALTER DATABASE "{database}" SET search_path = public, citus_stub'))
        connection.commit()
        return str(database)

    run_sync_on(empty_db_url, install)
    # No real Citus function or catalog can shadow a stand-in (pg_catalog is searched first).
    assert run_sync_on(empty_db_url, _stand_ins_are_the_only_citus) == sorted(f"citus_stub.{n}" for n in CITUS_NAMES)
    monkeypatch.setattr(citus, "citus_extension_present", lambda connection: connection.dialect.name == "postgresql")

    def calls(connection: sa.Connection) -> list[str]:
        return list(connection.execute(sa.text("SELECT call FROM citus_stub.citus_calls ORDER BY n")).scalars())

    def expected_plan(connection: sa.Connection) -> citus.DistributionPlan:
        return citus.plan(citus.reflect(connection))

    # The revisions with subquery policies leave every table local (Citus would refuse them) ...
    migrate.upgrade(empty_db_url, _down_of(POLICY_REVISION))
    assert run_sync_on(empty_db_url, calls) == []

    def distribute_now(connection: sa.Connection) -> None:
        citus.distribute(connection, citus.reflect(connection))

    with pytest.raises(sa.exc.DBAPIError, match="cannot create policy"):  # ... as the stand-in shows
        run_sync_on(empty_db_url, distribute_now)

    # ... and the policy revision distributes all of them once the policies have no subquery.
    migrate.upgrade(empty_db_url, POLICY_REVISION)
    distribution = run_sync_on(empty_db_url, expected_plan)
    assert isinstance(distribution, citus.DistributionPlan)
    assert "tenant_members" in distribution.reference  # the membership lookup does not fan out
    assert len(distribution.distributed) == 15
    anchor = distribution.distributed[0]
    assert run_sync_on(empty_db_url, calls) == [
        *(f"reference {name}" for name in distribution.reference),
        f"distributed {anchor} by tenant_id with default",
        *(f"distributed {name} by tenant_id with {anchor}" for name in distribution.distributed[1:]),
    ]

    # Idempotent: running it again (as a later revision would) distributes nothing twice.
    def again(connection: sa.Connection) -> None:
        citus.distribute_new_tables(connection)
        connection.commit()

    run_sync_on(empty_db_url, again)
    assert len(run_sync_on(empty_db_url, calls)) == len(distribution.reference) + len(distribution.distributed)
    migrate.downgrade(empty_db_url, _before_citus_revision())
    undone = [call for call in run_sync_on(empty_db_url, calls) if call.startswith("undistribute")]
    assert sorted(undone) == sorted(f"undistribute {n}" for n in (*distribution.distributed, *distribution.reference))


def _policies_of_tenant_tables(connection: sa.Connection) -> list[tuple[str, str, str, bool]]:
    query = sa.text(
        "SELECT c.relname, p.polname, "
        "coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' "
        "|| coalesce(pg_get_expr(p.polwithcheck, p.polrelid), ''), "
        "p.polqual::text LIKE '%{SUBLINK%' OR coalesce(p.polwithcheck::text, '') LIKE '%{SUBLINK%' "
        "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND EXISTS ("
        "  SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)"
        " ORDER BY 1, 2"
    )
    return [(str(row[0]), str(row[1]), str(row[2]), bool(row[3])) for row in connection.execute(query)]


def test_no_policy_on_a_tenant_table_has_a_subquery(db_url: str) -> None:
    # Citus refuses subqueries in policies on distributed tables (issue 16 defect 1).
    if not db_url.startswith("postgresql"):
        pytest.skip("row-level security exists on PostgreSQL only")
    policies = run_sync_on(db_url, _policies_of_tenant_tables)
    assert len({table for table, *_ in policies}) == 18  # tenant_invitations: j10members01
    assert [(table, name) for table, name, _expr, sublink in policies if sublink] == []
    assert [(table, expr) for table, _name, expr, _sublink in policies if "select" in expr.lower()] == []
    # The two SELECT-only policies that look across tenants for the caller's own rows.
    own = {
        "own_memberships": "identity_id = app_current_identity()",
        "own_invitations": "encode(invitee_index, 'hex'",
    }
    for table, name, expression, _sublink in policies:
        expected = own.get(name, "tenant_id = app_current_tenant()")
        assert expected in expression, (table, name, expression)


def _policy_functions(connection: sa.Connection) -> dict[str, tuple[str, str, str]]:
    query = sa.text(
        "SELECT p.proname, p.provolatile::text, l.lanname, p.prosrc FROM pg_proc p "
        "JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = ANY(:names)"
    )
    rows = connection.execute(query, {"names": list(citus.POLICY_FUNCTIONS)})
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def test_policy_functions_are_stable_sql_so_the_planner_evaluates_them_once_per_scan(db_url: str) -> None:
    # STABLE (not VOLATILE): usable as an index condition, evaluated once per scan; SQL: inlined.
    if not db_url.startswith("postgresql"):
        pytest.skip("row-level security exists on PostgreSQL only")
    functions = run_sync_on(db_url, _policy_functions)
    assert set(functions) == set(citus.POLICY_FUNCTIONS)
    for volatility, language, body in functions.values():
        assert (volatility, language) == ("s", "sql")
        assert "pg_catalog.current_setting(" in body


def test_reflected_schema_at_head_is_distributable(db_url: str) -> None:
    def reflect(connection: sa.Connection) -> list[str]:
        metadata = sa.MetaData()
        metadata.reflect(bind=connection)
        return citus.problems(metadata)

    assert run_sync_on(db_url, reflect) == []
