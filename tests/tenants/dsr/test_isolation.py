"""Layer 2 for the request tables: PostgreSQL RLS confines the app role to the session's tenant."""

import asyncio

import pytest
from sqlalchemy import text

from alusta.db.engine import build_engine
from fixtures.dsr import World

TENANT_TABLES = ("dsr_requests", "dsr_events", "dsr_messages", "dsr_answers", "dsr_inbox")


def counts(url: str, tenant: int | None) -> dict[str, int]:
    async def run() -> dict[str, int]:
        engine = build_engine(url)
        try:
            async with engine.begin() as connection:
                if tenant is not None:
                    await connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant)})
                return {
                    t: int((await connection.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one())
                    for t in TENANT_TABLES
                }
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_rls_confines_raw_sql_to_the_current_tenant(world: World, app_db_url: str, db_url: str) -> None:
    if not app_db_url.startswith("postgresql"):
        pytest.skip("row-level security is a PostgreSQL layer; SQLite relies on the ORM filter")
    reference = world.file(world.a.tenant, "access", text="A:n asia")
    world.staff(world.a, world.staff_id(world.a, reference), "request-info", {"text": "Lisätietoja"})
    seen_by_a = counts(app_db_url, world.a.tenant)
    assert seen_by_a["dsr_requests"] == 1
    assert seen_by_a["dsr_messages"] == 1
    assert counts(app_db_url, world.b.tenant) == dict.fromkeys(TENANT_TABLES, 0)
    assert counts(app_db_url, None) == dict.fromkeys(TENANT_TABLES, 0)  # no tenant: nothing (fail closed)
    assert counts(db_url, None)["dsr_requests"] >= 1  # the owner (migrations) is not the app role
