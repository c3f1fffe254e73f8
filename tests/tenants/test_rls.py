"""PostgreSQL-only: row-level security holds on its own (issue 5, done-when 2).

The app's database role (a member of ``alusta_app``) is used throughout, as in production.
"""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from alusta.db.engine import build_engine
from alusta.db.tenancy import SKIP_OPTION, install_tenancy, set_tenant
from alusta.tenants.records.models import Record
from fixtures.tenancy import Side

pytestmark = pytest.mark.anyio


@pytest.fixture
def pg_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("row-level security exists on PostgreSQL only")


@pytest.fixture
async def app_engine(pg_only: None, app_db_url: str) -> AsyncIterator[AsyncEngine]:
    install_tenancy()
    engine = build_engine(app_db_url, pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()


async def test_rls_alone_hides_foreign_rows(app_engine: AsyncEngine, sides: tuple[Side, Side]) -> None:
    a, b = sides
    async with AsyncSession(app_engine) as session:
        set_tenant(session, a.tenant)
        # ORM filter switched off: only the database policy stands between A and B.
        rows = (await session.execute(select(Record), execution_options={SKIP_OPTION: True})).scalars().all()
        assert {r.tenant_id for r in rows} == {a.tenant}
        raw = (
            await session.execute(text("SELECT count(*) FROM records WHERE tenant_id = :b"), {"b": b.tenant})
        ).scalar()
        assert raw == 0
        for table in ("registers", "register_versions", "record_subject_index", "tenant_keys", "audit_log"):
            foreign = await session.execute(text(f"SELECT count(*) FROM {table} WHERE tenant_id = :b"), {"b": b.tenant})
            assert foreign.scalar() == 0, table


async def test_no_tenant_no_rows_and_no_pool_leak(app_engine: AsyncEngine, sides: tuple[Side, Side]) -> None:
    a, _b = sides
    async with AsyncSession(app_engine) as session:
        set_tenant(session, a.tenant)
        assert (await session.execute(text("SELECT count(*) FROM records"))).scalar() == 1
        await session.commit()
    async with AsyncSession(app_engine) as session:  # same pooled connection (pool_size=1)
        for table in ("records", "registers", "tenant_members", "tenant_keys", "audit_log"):
            assert (await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar() == 0, table


async def test_rls_refuses_cross_tenant_writes(app_engine: AsyncEngine, sides: tuple[Side, Side]) -> None:
    a, b = sides
    async with AsyncSession(app_engine) as session:
        set_tenant(session, a.tenant)
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(
                text("UPDATE records SET tenant_id = :b WHERE tenant_id = :a"), {"a": a.tenant, "b": b.tenant}
            )
    async with AsyncSession(app_engine) as session:
        set_tenant(session, a.tenant)
        deleted = await session.execute(text("DELETE FROM records WHERE tenant_id = :b"), {"b": b.tenant})
        assert deleted.rowcount == 0  # type: ignore[attr-defined]
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(
                text("INSERT INTO registers (tenant_id, id, current_version, created_at) VALUES (:b, 1, 1, now())"),
                {"b": b.tenant},
            )


async def test_app_role_cannot_switch_off_row_security(app_engine: AsyncEngine, sides: tuple[Side, Side]) -> None:
    a, _b = sides
    async with AsyncSession(app_engine) as session:
        set_tenant(session, a.tenant)
        await session.execute(text("SET LOCAL row_security = off"))
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(text("SELECT count(*) FROM records"))
    async with AsyncSession(app_engine) as session:
        with pytest.raises(ProgrammingError, match="must be owner"):
            await session.execute(text("ALTER TABLE records DISABLE ROW LEVEL SECURITY"))


async def test_app_role_may_only_append_to_the_audit_log(app_engine: AsyncEngine, sides: tuple[Side, Side]) -> None:
    a, _b = sides
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
        async with AsyncSession(app_engine) as session:
            set_tenant(session, a.tenant)
            with pytest.raises(ProgrammingError, match="permission denied"):
                await session.execute(text(statement))


async def test_app_role_is_powerless_and_owns_nothing(app_engine: AsyncEngine) -> None:
    async with app_engine.connect() as connection:
        role = (
            await connection.execute(
                text("SELECT rolsuper, rolbypassrls, rolname FROM pg_roles WHERE rolname = current_user")
            )
        ).one()
        assert role.rolname.startswith("alusta_app")
        assert not role.rolsuper
        assert not role.rolbypassrls
        owned = await connection.execute(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) "
                "OR pg_has_role(current_user, c.relowner, 'USAGE') AND n.nspname = 'public'"
            )
        )
        assert owned.scalar() == 0


async def test_every_table_with_tenant_id_forces_rls_with_a_policy(app_engine: AsyncEngine) -> None:
    async with app_engine.connect() as connection:
        rows = (
            await connection.execute(
                text(
                    "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
                    "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies "
                    "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE a.attname = 'tenant_id' AND c.relkind IN ('r', 'p') AND n.nspname = 'public'"
                )
            )
        ).all()
    assert len(rows) >= 7
    unprotected = [r.relname for r in rows if not (r.relrowsecurity and r.relforcerowsecurity and r.policies > 0)]
    assert unprotected == []
