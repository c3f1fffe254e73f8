"""Export jobs after a crash: ``alusta requests run-exports`` SIGKILLed mid-export, then rerun.

The rerun takes the job over at once (the lease died with the killed process: no stale window),
the final path never holds a partial bundle, and two runners never compile the same job.
"""

import io
import json
import signal
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from alusta.db.engine import build_sessionmaker
from alusta.db.tenancy import install_tenancy
from alusta.settings import Settings
from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.answers.bundle import partial_files
from alusta.tenants.dsr.answers.leases import job_lease
from alusta.tenants.dsr.runtime import build_runtime
from alusta.tenants.tenancy.keys import build_key_provider
from fixtures.callers import as_identity
from fixtures.cli import settings_env, start_cli
from fixtures.database import run_on_engine
from fixtures.dsr import World
from fixtures.tenancy import PREFIX

pytestmark = pytest.mark.slow

IMPORTS, ROWS = 1, 400  # the subject's records: enough that compiling takes a while


def big_subject(world: World) -> None:
    a = world.a
    url = f"{PREFIX}{a.tenant}/registers/{a.register}/records/import"
    for batch in range(IMPORTS):
        rows = [{"hetu": a.hetu, "email": f"r{batch}-{n}@example.test", "name": f"Henkilö {n}"} for n in range(ROWS)]
        response = world.client.post(
            url, content=json.dumps(rows), headers=as_identity(a.admin) | {"content-type": "application/json"}
        )
        assert response.status_code == 201, response.text[:300]


def owner(url: str, statement: str, **params: object) -> list[tuple[object, ...]]:
    async def work(engine: AsyncEngine) -> list[tuple[object, ...]]:
        async with engine.begin() as connection:
            result = await connection.execute(text(statement), params)
            return [tuple(row) for row in result.all()] if result.returns_rows else []

    return run_on_engine(url, work)


def pending_export(world: World, db_url: str, bundle_dir: Path) -> tuple[int, int, Path]:
    """An instructed export whose job is pending again (as if the server stopped before it ran)."""
    big_subject(world)
    reference = world.file(world.a.tenant, "access")
    request_id = world.staff_id(world.a, reference)
    answer = world.staff(world.a, request_id, "exports", {}).json()["id"]
    final = bundle_dir / f"{world.a.tenant}-{answer}.sealed"
    final.unlink()
    owner(db_url, "UPDATE dsr_jobs SET state = 'pending', attempts = 0 WHERE id = :id", id=answer)
    owner(db_url, "UPDATE dsr_answers SET status = 'pending' WHERE id = :id", id=answer)
    return request_id, answer, final


def job_row(db_url: str, answer: int) -> tuple[object, ...]:
    return owner(db_url, "SELECT state, attempts FROM dsr_jobs WHERE id = :id", id=answer)[0]


def bundle_records(world: World, request_id: int, answer: int) -> int:
    url = f"{PREFIX}{world.a.tenant}/requests/{request_id}/answers/{answer}/download"
    response = world.client.get(url, headers=as_identity(world.a.admin))
    assert response.status_code == 200
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("manifest.json"))
    return int(manifest["registers"][0]["records"])


def test_sigkill_mid_export_then_rerun_finishes_at_once(
    world: World, tenant_settings: Settings, db_url: str, tmp_path: Path
) -> None:
    bundle_dir = build_runtime(tenant_settings).bundle_dir
    request_id, answer, final = pending_export(world, db_url, bundle_dir)
    env = settings_env(tenant_settings)

    runner = start_cli("requests", "run-exports", env=env, cwd=tmp_path)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and runner.poll() is None:  # kill once the bundle is being written
        if final.exists() or partial_files(final):
            break
        time.sleep(0.01)
    runner.send_signal(signal.SIGKILL)
    runner.communicate(timeout=30)
    assert runner.returncode == -signal.SIGKILL, "the export finished before it was killed"
    assert not final.exists()  # no partial sealed file where downloads look
    assert job_row(db_url, answer) == ("running", 1)

    started = time.monotonic()
    rerun = start_cli("requests", "run-exports", env=env, cwd=tmp_path)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert "export jobs run: 1" in out  # taken over at once: no 15-minute stale window to wait out
    assert time.monotonic() - started < 300  # compiling 401 records, far below the old 900 s window
    assert job_row(db_url, answer) == ("done", 2)
    assert partial_files(final) == []  # the killed writer's temporary file is cleaned up
    assert bundle_records(world, request_id, answer) == 1 + IMPORTS * ROWS


def test_two_runners_never_run_the_same_job(
    world: World, tenant_settings: Settings, db_url: str, tmp_path: Path
) -> None:
    bundle_dir = build_runtime(tenant_settings).bundle_dir
    request_id, answer, final = pending_export(world, db_url, bundle_dir)
    env = settings_env(tenant_settings)
    runners = [start_cli("requests", "run-exports", env=env, cwd=tmp_path) for _ in range(2)]
    outputs = [runner.communicate(timeout=180) for runner in runners]
    assert [runner.returncode for runner in runners] == [0, 0], [err for _, err in outputs]
    counts = sorted(int(out.rsplit(":", 1)[1]) for out, _ in outputs)
    assert counts == [0, 1]
    assert job_row(db_url, answer) == ("done", 1)  # compiled once: one attempt
    compiled = owner(
        db_url,
        "SELECT count(*) FROM audit_log WHERE tenant_id = :t AND action = 'dsr.export_compiled' AND object_id = :r",
        t=world.a.tenant,
        r=str(request_id),
    )
    assert compiled == [(2,)]  # once when instructed (in the server), once by exactly one runner
    assert final.exists()


def test_a_held_lease_keeps_other_runners_off(world: World, tenant_settings: Settings, db_url: str) -> None:
    bundle_dir = build_runtime(tenant_settings).bundle_dir
    reference = world.file(world.a.tenant, "access")
    request_id = world.staff_id(world.a, reference)
    answer = world.staff(world.a, request_id, "exports", {}).json()["id"]
    owner(db_url, "UPDATE dsr_jobs SET state = 'running' WHERE id = :id", id=answer)
    install_tenancy()

    async def work(engine: AsyncEngine) -> tuple[str, int, str]:
        sessionmaker = build_sessionmaker(engine)
        provider = build_key_provider(tenant_settings)
        async with job_lease(engine, bundle_dir, answer) as held:
            assert held
            busy = await exports.run_job(sessionmaker, provider, bundle_dir, answer)
            skipped = await exports.run_pending(sessionmaker, provider, bundle_dir)
        return busy, skipped, await exports.run_job(sessionmaker, provider, bundle_dir, answer)

    busy, skipped, after = run_on_engine(tenant_settings.database_url or "", work)
    assert (busy, skipped, after) == ("busy", 0, "done")
