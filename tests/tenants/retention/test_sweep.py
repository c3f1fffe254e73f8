"""``alusta retention run`` as a process: real deletion, and a SIGKILL mid-run then a rerun.

Every due record is deleted exactly once, nothing else is deleted (young, restricted, other
tenant), the anonymous monthly counts equal the deleted records per creation month, the audit
entries add up to the same count, and the tenant's audit chain verifies (ADR 0080).
"""

import signal
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from alusta.app import AlustaApp
from alusta.audit.service import verify_chain
from alusta.calendar.periods import HELSINKI
from alusta.db.base import as_utc
from alusta.db.engine import build_sessionmaker
from alusta.db.tenancy import install_tenancy, set_tenant
from alusta.settings import Settings
from alusta.tenants.records.models import Record
from fixtures.callers import as_identity
from fixtures.cli import settings_env, start_cli
from fixtures.database import run_on_engine
from fixtures.tenancy import PREFIX, Side

pytestmark = pytest.mark.slow

DUE, YOUNG = 60, 7
STATS_SQL = "SELECT register_id, created_month, deleted_records FROM retention_statistics WHERE tenant_id = :t"


@dataclass
class Seeded:
    due: dict[int, datetime]  # id -> created_at
    kept: set[int]  # every other record of every tenant (young, restricted, other tenant)


def retention_cli(settings: Settings, cwd: Path, *args: str) -> subprocess.Popen[str]:
    return start_cli("retention", "run", *args, env=settings_env(settings), cwd=cwd)


def seed(owner_url: str, a: Side, b: Side) -> Seeded:
    """Copies of A's record as the schema owner: DUE old ones over many months, YOUNG recent ones."""
    now = datetime.now(UTC)

    async def work(engine: AsyncEngine) -> Seeded:
        async with engine.begin() as connection:
            row = (
                (await connection.execute(select(*Record.__table__.columns).where(Record.id == a.record)))
                .mappings()
                .one()
            )
            due = {a.record * 1000 + n: now - timedelta(days=600 + 9 * n) for n in range(DUE)}
            young = {a.record * 1000 + DUE + n: now - timedelta(days=20) for n in range(YOUNG)}
            rows = [
                {**row, "id": i, "created_at": created, "updated_at": created if i in due else now - timedelta(days=3)}
                for i, created in (due | young).items()
            ]
            await connection.execute(insert(Record), rows)
            restricted = min(due)  # Art. 18: kept although due
            await connection.execute(
                text(
                    "INSERT INTO dsr_record_flags (tenant_id, record_id, flag, request_id, set_at) "
                    "VALUES (:tenant, :record, 'restricted', 1, :at)"
                ),
                {"tenant": a.tenant, "record": restricted, "at": now.replace(tzinfo=None)},
            )
            due.pop(restricted)
            b_old = now - timedelta(days=600)  # B's rule is 18 months too, but B's record is restricted-free
            await connection.execute(
                text("UPDATE records SET updated_at = :at WHERE tenant_id = :tenant"),
                {"at": b_old.replace(tzinfo=None), "tenant": b.tenant},
            )
        return Seeded(due, set(young) | {restricted, a.record})

    return run_on_engine(owner_url, work)


@dataclass
class State:
    records: dict[int, set[int]]  # tenant -> ids
    stats: dict[tuple[int, str], int]
    audit_deleted: int


def observe(owner_url: str, a: Side) -> State:
    async def work(engine: AsyncEngine) -> State:
        async with engine.connect() as connection:
            records: dict[int, set[int]] = {}
            for tenant, record in (await connection.execute(text("SELECT tenant_id, id FROM records"))).all():
                records.setdefault(tenant, set()).add(record)
            stats = {
                (register, month): count
                for register, month, count in (await connection.execute(text(STATS_SQL), {"t": a.tenant})).all()
            }
            actions = (
                await connection.execute(
                    text("SELECT action FROM audit_log WHERE tenant_id = :t AND action LIKE 'retention.delete:%'"),
                    {"t": a.tenant},
                )
            ).scalars()
            return State(records, stats, sum(int(action.rsplit(":", 1)[1]) for action in actions))

    return run_on_engine(owner_url, work)


def chain_ok(settings: Settings, tenant: int) -> bool:
    async def verify(engine: AsyncEngine) -> bool:
        async with build_sessionmaker(engine)() as session:
            set_tenant(session, tenant)
            return (await verify_chain(session)).ok

    install_tenancy()
    return run_on_engine(settings.database_url or "", verify)


def month(moment: datetime) -> str:
    return as_utc(moment).astimezone(HELSINKI).strftime("%Y-%m")


def set_rules(client: TestClient[AlustaApp], sides: tuple[Side, Side]) -> None:
    for side in sides:
        url = f"{PREFIX}{side.tenant}/registers/{side.register}/retention"
        response = client.put(url, json={"months_after_last_change": 18}, headers=as_identity(side.admin))
        assert response.status_code == 200, response.text


def test_sigkill_mid_sweep_then_rerun_deletes_each_due_record_once(
    tenant_client: TestClient[AlustaApp], tenant_settings: Settings, sides: tuple[Side, Side], tmp_path: Path
) -> None:
    a, b = sides
    set_rules(tenant_client, sides)
    owner = tenant_settings.effective_migration_url
    seeded = seed(owner, a, b)
    before = observe(owner, a)

    first = retention_cli(tenant_settings, tmp_path, "--batch-size", "4", "--pause", "0.1")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # kill once some batches are committed, not all
        left = observe(owner, a).records[a.tenant] & set(seeded.due)
        if len(left) < len(seeded.due) - 8 or first.poll() is not None:
            break
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL, "the run finished before it was killed"
    killed = observe(owner, a)
    deleted_so_far = set(seeded.due) - killed.records[a.tenant]
    assert 0 < len(deleted_so_far) < len(seeded.due)
    # Batches are atomic: what was committed is counted, nothing more.
    assert sum(killed.stats.values()) == len(deleted_so_far) == killed.audit_deleted

    rerun = retention_cli(tenant_settings, tmp_path)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"tenant {a.tenant} register {a.register}: deleted {len(seeded.due) - len(deleted_so_far)} record(s)" in out
    assert f"tenant {b.tenant} register {b.register}: deleted" in out  # B's one record: in either run

    after = observe(owner, a)
    assert after.records[a.tenant] == before.records[a.tenant] - set(seeded.due)
    assert seeded.kept <= after.records[a.tenant]
    assert b.tenant not in after.records  # B's aged record went by B's own rule
    assert after.stats == {(a.register, m): n for m, n in Counter(month(c) for c in seeded.due.values()).items()}
    assert after.audit_deleted == len(seeded.due)
    assert chain_ok(tenant_settings, a.tenant)
    assert chain_ok(tenant_settings, b.tenant)

    again = retention_cli(tenant_settings, tmp_path)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "deleted 0 record(s)" in out  # nothing left: idempotent
    assert observe(owner, a) == after
