"""Cost of isolation layer 1 (ORM tenant filter): primary-key reads with the filter vs without.

Run: .venv/bin/python bench/tenant_filter.py [--reads N]
Uses a temporary SQLite database with 2 tenants x 2,000 registers. Prints reads/s with the
``do_orm_execute`` filter and with ``skip_tenant_filter`` in the same run, and their ratio.
Goal: the filter costs at most 30 % (ratio >= 0.7); on PostgreSQL RLS adds the ``SET LOCAL``
round trips measured in shared/notes/isolation.md §1.4.
"""

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from alusta.db.base import Base
from alusta.db.engine import build_engine
from alusta.db.tenancy import SKIP_OPTION, install_tenancy, set_tenant
from alusta.models_registry import load_all_models
from alusta.tenants.registers.models import Register

ROWS = 2000


async def run(reads: int) -> None:
    load_all_models()
    install_tenancy()
    with tempfile.TemporaryDirectory() as directory:
        engine = build_engine(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}")
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        now = datetime.now(UTC)
        for tenant in (1, 2):
            async with AsyncSession(engine) as session:
                set_tenant(session, tenant)
                session.add_all(Register(id=i, current_version=1, created_at=now) for i in range(ROWS))
                await session.commit()
        results: dict[str, float] = {"filtered": 0.0, "unfiltered": 0.0}
        for _round in range(3):  # interleaved rounds, best of three: less noise from a shared machine
            for label, options in (("filtered", {}), ("unfiltered", {SKIP_OPTION: True})):
                results[label] = max(results[label], await _reads(engine, reads, options))
        await engine.dispose()
    print(f"filtered:   {results['filtered']:8.0f} reads/s")
    print(f"unfiltered: {results['unfiltered']:8.0f} reads/s")
    print(f"ratio filtered/unfiltered: {results['filtered'] / results['unfiltered']:.2f} (goal >= 0.7)")


async def _reads(engine: AsyncEngine, reads: int, options: dict[str, bool]) -> float:
    async with AsyncSession(engine) as session:
        set_tenant(session, 1)
        started = time.perf_counter()
        for n in range(reads):
            statement = select(Register).where(Register.tenant_id == 1, Register.id == n % ROWS)
            (await session.execute(statement, execution_options=options)).scalar_one()
            session.expunge_all()
        return reads / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=3000)
    asyncio.run(run(parser.parse_args().reads))


if __name__ == "__main__":
    main()
