"""Retention rules: set by the tenant's admin only, applied by the job, anonymous counts kept."""

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from alusta.app import AlustaApp
from alusta.audit.service import verify_chain
from alusta.db.engine import build_sessionmaker
from alusta.db.tenancy import install_tenancy, set_tenant, tenant_session
from alusta.settings import Settings
from alusta.tenants.retention.service import RegisterOutcome, add_deleted_count, cutoff_for, run_retention
from fixtures.callers import as_identity
from fixtures.cli import run_cli
from fixtures.database import run_on_engine
from fixtures.tenancy import PREFIX, Side

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def rule_url(side: Side) -> str:
    return f"{PREFIX}{side.tenant}/registers/{side.register}/retention"


def age_records(owner_url: str, tenant: int, days: int) -> None:
    """Backdate a tenant's records as the schema owner (the app role cannot bypass RLS)."""

    async def backdate(engine: AsyncEngine) -> None:
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE records SET updated_at = :at, created_at = :at WHERE tenant_id = :tenant"),
                {"at": (NOW - timedelta(days=days)).replace(tzinfo=None), "tenant": tenant},
            )

    run_on_engine(owner_url, backdate)


def run_job(settings: Settings, *, dry_run: bool) -> list[RegisterOutcome]:
    install_tenancy()
    return run_on_engine(
        settings.database_url or "",
        lambda engine: run_retention(build_sessionmaker(engine), NOW, dry_run=dry_run),
    )


def test_cutoff_counts_calendar_months() -> None:
    assert cutoff_for(datetime(2026, 8, 31, 9, tzinfo=UTC), 6).date().isoformat() == "2026-02-28"
    # Same Helsinki wall-clock time: 14:00 EET in November is 14:00 EEST in May, i.e. 11:00 UTC.
    assert cutoff_for(NOW, 18) == datetime(2025, 5, 25, 11, tzinfo=UTC)


def test_rule_is_the_admins_and_invisible_to_other_tenants(
    tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side]
) -> None:
    a, b = sides
    assert tenant_client.get(rule_url(a), headers=as_identity(a.admin)).status_code == 404  # no rule yet
    response = tenant_client.put(rule_url(a), json={"months_after_last_change": 18}, headers=as_identity(a.admin))
    assert response.status_code == 200, response.text
    assert response.json()["months_after_last_change"] == 18
    assert tenant_client.get(rule_url(a), headers=as_identity(a.admin)).status_code == 200
    for method in ("get", "put", "delete"):
        kwargs = {"json": {"months_after_last_change": 1}} if method == "put" else {}
        other = getattr(tenant_client, method)(rule_url(a), headers=as_identity(b.admin), **kwargs)
        assert other.status_code == 404, (method, other.text)
        anonymous = getattr(tenant_client, method)(rule_url(a), **kwargs)
        assert anonymous.status_code == 401
    # B's own tenant URL with A's register id: still 404.
    crossed = f"{PREFIX}{b.tenant}/registers/{a.register}/retention"
    assert tenant_client.get(crossed, headers=as_identity(b.admin)).status_code == 404
    assert (
        tenant_client.get(f"{PREFIX}{a.tenant}/retention/statistics", headers=as_identity(b.admin)).status_code == 404
    )


@pytest.mark.parametrize("body", [{"months_after_last_change": 0}, {"months_after_last_change": 601}, {"x": 1}, []])
def test_bad_rules_are_refused_and_nothing_is_stored(
    tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side], body: object
) -> None:
    a, _ = sides
    response = tenant_client.put(rule_url(a), json=body, headers=as_identity(a.admin))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert tenant_client.get(rule_url(a), headers=as_identity(a.admin)).status_code == 404


def test_job_deletes_expired_records_keeps_counts_and_leaves_other_tenants(
    tenant_client: TestClient[AlustaApp], tenant_settings: Settings, sides: tuple[Side, Side]
) -> None:
    a, b = sides
    for side in sides:
        tenant_client.put(rule_url(side), json={"months_after_last_change": 18}, headers=as_identity(side.admin))
    owner_url = tenant_settings.effective_migration_url
    age_records(owner_url, a.tenant, days=600)  # older than 18 months
    age_records(owner_url, b.tenant, days=400)  # younger

    dry = {(o.tenant_id, o.register_id): o for o in run_job(tenant_settings, dry_run=True)}
    assert dry[(a.tenant, a.register)].expired == 1
    assert dry[(a.tenant, a.register)].deleted == 0
    record_url = f"{PREFIX}{a.tenant}/records/{a.record}"
    assert tenant_client.get(record_url, headers=as_identity(a.admin)).status_code == 200

    done = {(o.tenant_id, o.register_id): o for o in run_job(tenant_settings, dry_run=False)}
    assert done[(a.tenant, a.register)].deleted == 1
    assert done[(b.tenant, b.register)].deleted == 0
    assert tenant_client.get(record_url, headers=as_identity(a.admin)).status_code == 404
    b_record = f"{PREFIX}{b.tenant}/records/{b.record}"
    assert tenant_client.get(b_record, headers=as_identity(b.admin)).status_code == 200

    stats = tenant_client.get(f"{PREFIX}{a.tenant}/retention/statistics", headers=as_identity(a.admin)).json()
    month = (NOW - timedelta(days=600)).strftime("%Y-%m")
    assert stats == [{"register_id": a.register, "created_month": month, "deleted_records": 1}]
    assert run_job(tenant_settings, dry_run=False)[0].deleted == 0  # nothing left to delete: idempotent
    assert _chain_ok(tenant_settings, a.tenant)


def _chain_ok(settings: Settings, tenant: int) -> bool:
    async def verify(engine: AsyncEngine) -> bool:
        async with build_sessionmaker(engine)() as session:
            set_tenant(session, tenant)
            return (await verify_chain(session)).ok

    install_tenancy()
    return run_on_engine(settings.database_url or "", verify)


def test_cli_dry_run_reports_counts_only(tmp_path: Path) -> None:
    env = {**os.environ, "ALUSTA_ENVIRONMENT": "test", "ALUSTA_STATE_DIR": str(tmp_path / "state")}
    for args in (["db", "upgrade"], ["retention", "run", "--dry-run"]):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("0 rule(s) applied (dry run: nothing deleted)")


def test_job_keeps_restricted_records(
    tenant_client: TestClient[AlustaApp], tenant_settings: Settings, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    tenant_client.put(rule_url(a), json={"months_after_last_change": 1}, headers=as_identity(a.admin))
    owner_url = tenant_settings.effective_migration_url
    age_records(owner_url, a.tenant, days=90)

    async def restrict(engine: AsyncEngine) -> None:  # as an answered restriction request leaves it (Art. 18)
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO dsr_record_flags (tenant_id, record_id, flag, request_id, set_at) "
                    "VALUES (:tenant, :record, 'restricted', 1, :at)"
                ),
                {"tenant": a.tenant, "record": a.record, "at": NOW.replace(tzinfo=None)},
            )

    run_on_engine(owner_url, restrict)
    outcome = {(o.tenant_id, o.register_id): o for o in run_job(tenant_settings, dry_run=False)}
    assert outcome[(a.tenant, a.register)].deleted == 0
    assert tenant_client.get(f"{PREFIX}{a.tenant}/records/{a.record}", headers=as_identity(a.admin)).status_code == 200


def test_overlapping_sweeps_add_to_one_monthly_count(tenant_settings: Settings, sides: tuple[Side, Side]) -> None:
    """Two sweeps of one register counting the same month at once both land (one upsert each).

    The second sweep's count is written while the first's is still uncommitted, so it waits
    behind the first; a read-then-insert saw no row there and hit the primary key instead.
    """
    a, _ = sides
    month = "2025-01"

    async def overlap(engine: AsyncEngine) -> None:
        sessionmaker = build_sessionmaker(engine)
        async with tenant_session(sessionmaker, a.tenant) as first:
            await add_deleted_count(first, a.tenant, a.register, month, 2)
            second = asyncio.create_task(_count_in_own_session(sessionmaker, a.tenant, a.register, month, 3))
            await asyncio.sleep(0.5)  # the second statement is now waiting for the first transaction
            assert not second.done()
        await second

    install_tenancy()
    run_on_engine(tenant_settings.database_url or "", overlap)

    async def read(engine: AsyncEngine) -> list[tuple[int, str, int]]:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT tenant_id, created_month, deleted_records FROM retention_statistics "
                    "WHERE register_id = :register"
                ),
                {"register": a.register},
            )
            return [tuple(row) for row in rows]

    assert run_on_engine(tenant_settings.effective_migration_url, read) == [(a.tenant, month, 5)]


async def _count_in_own_session(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: int, register: int, month: str, count: int
) -> None:
    async with tenant_session(sessionmaker, tenant) as session:
        await add_deleted_count(session, tenant, register, month, count)
