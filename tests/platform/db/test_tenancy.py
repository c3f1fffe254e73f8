"""Layer 1: the ORM tenant filter and the flush guard, on SQLite and PostgreSQL; the binding of layer 2."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from alusta.db.engine import build_engine
from alusta.db.tenancy import (
    IDENTITY_SETTING,
    TENANT_SETTING,
    CrossTenantWriteError,
    TenantContextMissingError,
    install_tenancy,
    set_local_statement,
    set_tenant,
)
from alusta.tenants.registers.models import Register

pytestmark = pytest.mark.anyio


def _register(tenant_id: int | None, register_id: int) -> Register:
    return Register(tenant_id=tenant_id, id=register_id, current_version=1, created_at=datetime.now(UTC))


async def test_filter_stamp_and_guard(db_session: AsyncSession) -> None:
    install_tenancy()
    set_tenant(db_session, 101)
    db_session.add(_register(None, 1))  # stamped with the session's tenant
    await db_session.flush()
    db_session.add(_register(202, 2))
    with pytest.raises(CrossTenantWriteError):
        await db_session.flush()
    db_session.expunge_all()
    rows = (await db_session.execute(select(Register))).scalars().all()
    assert [(r.tenant_id, r.id) for r in rows] == [(101, 1)]


async def test_foreign_rows_are_invisible(db_session: AsyncSession) -> None:
    install_tenancy()
    # Seed two tenants' rows with the filter explicitly off (as a reviewed migration would).
    set_tenant(db_session, 303)
    db_session.add(_register(None, 3))
    await db_session.flush()
    db_session.info["tenant_id"] = 404  # test only: switch tenant inside the outer transaction
    db_session.add(_register(None, 4))
    await db_session.flush()
    db_session.expunge_all()
    assert await db_session.get(Register, (303, 3)) is None
    visible = (await db_session.execute(select(Register).where(Register.id.in_([3, 4])))).scalars().all()
    assert [r.id for r in visible] == [4]


async def test_no_tenant_fails_closed(db_session: AsyncSession) -> None:
    install_tenancy()
    with pytest.raises(TenantContextMissingError):
        await db_session.execute(select(Register))
    db_session.add(_register(None, 5))
    with pytest.raises(TenantContextMissingError):
        await db_session.flush()


async def test_tenant_cannot_change_inside_a_transaction(db_session: AsyncSession) -> None:
    install_tenancy()
    set_tenant(db_session, 505)
    await db_session.execute(select(Register))
    with pytest.raises(RuntimeError, match="cannot change"):
        set_tenant(db_session, 606)


async def test_counts_and_core_statements_cannot_escape(db_session: AsyncSession) -> None:
    install_tenancy()
    set_tenant(db_session, 707)
    db_session.add(_register(None, 7))
    await db_session.flush()
    db_session.info["tenant_id"] = 808  # test only: a second tenant's row in the same transaction
    db_session.add(_register(None, 8))
    await db_session.flush()
    # A count names no mapper in all_mappers; the FROM clause still gets the tenant criteria.
    counted = await db_session.execute(select(func.count()).select_from(Register).where(Register.id.in_([7, 8])))
    assert counted.scalar_one() == 1
    # A Core statement on the table cannot carry loader criteria: refused, never unfiltered.
    with pytest.raises(TenantContextMissingError, match="Core statement"):
        await db_session.execute(select(Register.__table__.c.id))


# --- The database binding (layer 2's input): SET LOCAL statements, issue 16 ---------------------

SETTINGS_NOW = text(
    "SELECT coalesce(current_setting('app.tenant_id', true), ''), "
    "coalesce(current_setting('app.identity_id', true), '')"
)


@pytest.mark.parametrize("bad", [True, False, "101", 101.0, b"1"])
def test_only_integers_reach_the_sql(bad: object) -> None:
    with pytest.raises(TypeError):
        set_local_statement(TENANT_SETTING, bad)
    with pytest.raises(TypeError):
        set_tenant(Session(), bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        set_tenant(Session(), 1, bad)  # type: ignore[arg-type]


def test_set_local_statement_shape() -> None:
    assert set_local_statement(TENANT_SETTING, 101) == "SET LOCAL app.tenant_id = '101'"
    assert set_local_statement(IDENTITY_SETTING, None) == "SET LOCAL app.identity_id = ''"
    with pytest.raises(ValueError, match="unknown setting"):
        set_local_statement("search_path", 1)


async def test_binding_is_a_set_local_statement_with_transaction_scope(backend: str, db_url: str) -> None:
    # Citus forwards SET LOCAL statements to the workers, not set_config() calls: check the form
    # sent to the server, then that it behaves as SET LOCAL (savepoints, commit, other sessions).
    if backend != "postgresql":
        pytest.skip("the binding exists on PostgreSQL only")
    install_tenancy()
    engine = build_engine(db_url, pool_size=1, max_overflow=0)  # one connection: reuse is visible
    other_engine = build_engine(db_url)
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with AsyncSession(engine) as session:
            set_tenant(session, 101, identity_id=202)
            assert (await session.execute(SETTINGS_NOW)).one() == ("101", "202")
            assert sent[:2] == ["SET LOCAL app.tenant_id = '101'", "SET LOCAL app.identity_id = '202'"]
            assert not any("set_config" in statement for statement in sent)
            savepoint = await session.begin_nested()
            assert (await session.execute(SETTINGS_NOW)).one() == ("101", "202")
            await savepoint.rollback()
            assert (await session.execute(SETTINGS_NOW)).one() == ("101", "202")  # survives the savepoint
            async with other_engine.connect() as other:
                assert (await other.execute(SETTINGS_NOW)).one() == ("", "")  # not seen by another connection
            await session.commit()
        async with engine.connect() as same_connection:  # the pooled connection, no session hooks
            assert (await same_connection.execute(SETTINGS_NOW)).one() == ("", "")  # gone after commit
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
        await engine.dispose()
        await other_engine.dispose()


async def test_no_tenant_binds_empty_settings(backend: str, db_url: str) -> None:
    if backend != "postgresql":
        pytest.skip("the binding exists on PostgreSQL only")
    install_tenancy()
    engine = build_engine(db_url)
    try:
        async with AsyncSession(engine) as session:
            assert (await session.execute(SETTINGS_NOW)).one() == ("", "")
    finally:
        await engine.dispose()
