"""Layer 1: the ORM tenant filter and the flush guard, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.db.tenancy import CrossTenantWriteError, TenantContextMissingError, install_tenancy, set_tenant
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
