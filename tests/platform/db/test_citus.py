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


def _before_citus_revision() -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config(""))
    down = script.get_revision(CITUS_REVISION).down_revision
    assert isinstance(down, str)
    return down


def test_migration_is_a_no_op_without_citus(empty_db_url: str) -> None:
    # Through c3citus00001 both ways on SQLite and on PostgreSQL without the extension.
    migrate.upgrade(empty_db_url, CITUS_REVISION)
    assert run_sync_on(empty_db_url, citus.citus_installed) is False
    migrate.downgrade(empty_db_url, _before_citus_revision())
    migrate.upgrade(empty_db_url)


# Stand-ins for the Citus UDFs and catalog with the real signatures, in their own schema so that
# the migration's reflection of the default schema does not see them; each call is logged.
CITUS_STUBS = (
    "CREATE SCHEMA citus_stub",
    "CREATE TABLE citus_stub.pg_dist_partition (logicalrelid regclass PRIMARY KEY)",
    "CREATE TABLE citus_stub.citus_calls (n serial PRIMARY KEY, call text NOT NULL)",
    """CREATE FUNCTION citus_stub.create_reference_table(t regclass) RETURNS void LANGUAGE sql AS $$
         INSERT INTO citus_stub.pg_dist_partition VALUES (t);
         INSERT INTO citus_stub.citus_calls (call) VALUES ('reference ' || t::text) $$""",
    """CREATE FUNCTION citus_stub.create_distributed_table(t regclass, distribution_column text,
         colocate_with text DEFAULT 'default') RETURNS void LANGUAGE sql AS $$
         INSERT INTO citus_stub.pg_dist_partition VALUES (t);
         INSERT INTO citus_stub.citus_calls (call)
           VALUES ('distributed ' || t::text || ' by ' || distribution_column || ' with ' || colocate_with) $$""",
    """CREATE FUNCTION citus_stub.undistribute_table(t regclass, cascade_via_foreign_keys boolean DEFAULT false)
         RETURNS void LANGUAGE sql AS $$
         DELETE FROM citus_stub.pg_dist_partition WHERE logicalrelid = t;
         INSERT INTO citus_stub.citus_calls (call) VALUES ('undistribute ' || t::text) $$""",
)


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
    monkeypatch.setattr(citus, "citus_installed", lambda connection: connection.dialect.name == "postgresql")

    def calls(connection: sa.Connection) -> list[str]:
        return list(connection.execute(sa.text("SELECT call FROM citus_stub.citus_calls ORDER BY n")).scalars())

    def expected_plan(connection: sa.Connection) -> citus.DistributionPlan:
        metadata = sa.MetaData()
        metadata.reflect(bind=connection)
        return citus.plan(metadata)

    migrate.upgrade(empty_db_url, CITUS_REVISION)
    distribution = run_sync_on(empty_db_url, expected_plan)
    assert isinstance(distribution, citus.DistributionPlan)
    assert distribution.distributed  # the tenant tables of the revisions before exist
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


def test_reflected_schema_at_head_is_distributable(db_url: str) -> None:
    def reflect(connection: sa.Connection) -> list[str]:
        metadata = sa.MetaData()
        metadata.reflect(bind=connection)
        return citus.problems(metadata)

    assert run_sync_on(db_url, reflect) == []
