"""Rows deleted per second by the retention sweep on PostgreSQL, against a plain DELETE.

Run: .venv/bin/python bench/retention_sweep.py [--rows N] [--batch-size B]
Needs PostgreSQL with trust auth at ALUSTA_BENCH_PG_ADMIN_URL (default
postgresql://postgres@127.0.0.1:5432/postgres). Makes a throwaway database at head, one tenant
with one register of N due records (1 KB payload each, as encrypted records are) plus their
blind-index rows, and runs, in the same run on the same rows:
- the sweep (``run_retention``) as a LOGIN member of the NOBYPASSRLS app role: keyset batches,
  one transaction each with its anonymous counts and audit entry (ADR 0080);
- the baseline: one plain ``DELETE ... WHERE`` of the same rows as the owner in one transaction.
Prints rows/s of both and their ratio; the sweep pays for resumability, RLS and the audit trail.
"""

import argparse
import asyncio
import os
import time
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from alusta.db import migrate
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import install_tenancy
from alusta.models_registry import load_all_models
from alusta.tenants.records.models import Record, SubjectIndex
from alusta.tenants.registers.models import Register
from alusta.tenants.retention.models import RetentionRule
from alusta.tenants.retention.service import run_retention
from alusta.tenants.tenancy.models import Tenant

ADMIN = os.environ.get("ALUSTA_BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TENANT, REGISTER = 7, 70
NOW = datetime.now(UTC)


async def admin(statement: str, dsn: str = ADMIN) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def seed(owner_url: str, rows: int) -> None:
    engine = build_engine(owner_url)
    old = NOW - timedelta(days=800)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("DELETE FROM records WHERE tenant_id = :t"), {"t": TENANT}
            )  # a rerun of the seed
            for start in range(0, rows, 5000):
                ids = range(start + 1, min(rows, start + 5000) + 1)
                await connection.execute(
                    insert(Record),
                    [
                        {"tenant_id": TENANT, "id": i, "register_id": REGISTER, "register_version": 1, "key_id": "k1",
                         "payload": "x" * 1024, "created_at": old - timedelta(days=i % 90), "updated_at": old}
                        for i in ids
                    ],
                )  # fmt: skip
                await connection.execute(
                    insert(SubjectIndex),
                    [{"tenant_id": TENANT, "record_id": i, "field": "hetu", "kind": "hetu", "key_id": "k1",
                      "digest": i.to_bytes(32, "big")} for i in ids],
                )  # fmt: skip
    finally:
        await engine.dispose()


async def setup(owner_url: str) -> None:
    engine = build_engine(owner_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(Tenant),
                [{"id": TENANT, "name": "Bench Oy", "business_id": "0000000-0", "contact_point": "a@example.test",
                  "dpo_contact": "d@example.test", "locale": "fi", "required_loa": "loa3", "status": "active",
                  "created_at": NOW}],
            )  # fmt: skip
            await connection.execute(
                insert(Register), [{"tenant_id": TENANT, "id": REGISTER, "current_version": 1, "created_at": NOW}]
            )
            await connection.execute(
                insert(RetentionRule),
                [{"tenant_id": TENANT, "register_id": REGISTER, "months_after_last_change": 18, "set_by": 1,
                  "set_at": NOW}],
            )  # fmt: skip
    finally:
        await engine.dispose()


async def sweep(app_url: str, batch_size: int) -> tuple[int, float]:
    engine = build_engine(app_url)
    try:
        started = time.perf_counter()
        outcomes = await run_retention(build_sessionmaker(engine), NOW, dry_run=False, batch_size=batch_size)
        return sum(o.deleted for o in outcomes), time.perf_counter() - started
    finally:
        await engine.dispose()


async def plain_delete(owner_url: str) -> tuple[int, float]:
    engine = build_engine(owner_url)
    try:
        started = time.perf_counter()
        async with engine.begin() as connection:
            result = await connection.execute(
                text("DELETE FROM records WHERE tenant_id = :t AND register_id = :r AND updated_at < :c"),
                {"t": TENANT, "r": REGISTER, "c": NOW - timedelta(days=548)},
            )
        return result.rowcount, time.perf_counter() - started
    finally:
        await engine.dispose()


async def run(rows: int, batch_size: int) -> None:
    load_all_models()
    install_tenancy()
    name = f"alusta_bench_{uuid.uuid4().hex[:8]}"
    role = f"alusta_bench_app_{uuid.uuid4().hex[:8]}"
    await admin(f'CREATE DATABASE "{name}"')
    owner_url = ADMIN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + "/" + name
    try:
        await asyncio.to_thread(migrate.upgrade, owner_url)
        await admin(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS INHERIT IN ROLE alusta_app')
        app_url = make_url(owner_url).set(username=role).render_as_string(hide_password=False)
        await setup(owner_url)
        results: dict[str, list[float]] = {"sweep": [], "plain DELETE": []}
        for _round in range(2):  # interleaved rounds, best of two: less noise from a shared machine
            await seed(owner_url, rows)
            deleted, seconds = await sweep(app_url, batch_size)
            assert deleted == rows, (deleted, rows)
            results["sweep"].append(deleted / seconds)
            await seed(owner_url, rows)
            deleted, seconds = await plain_delete(owner_url)
            assert deleted == rows, (deleted, rows)
            results["plain DELETE"].append(deleted / seconds)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin(f'DROP ROLE IF EXISTS "{role}"')
    best = {label: max(values) for label, values in results.items()}
    print(f"rows per run: {rows}, sweep batch size: {batch_size}")
    for label, value in best.items():
        print(f"{label + ':':14} {value:9.0f} rows deleted/s")
    print(f"ratio sweep/plain DELETE: {best['sweep'] / best['plain DELETE']:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=500)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.rows, arguments.batch_size))
