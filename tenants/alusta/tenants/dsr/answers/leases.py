"""Who runs an export job: a lease that lives exactly as long as the process holding it (ADR 0080).

Two runners never compile the same job, and a job whose runner died is taken over at once (no
stale window to wait out):
- PostgreSQL: a session-level advisory lock on the job id (``pg_try_advisory_lock``), held on a
  connection of its own for the whole compilation. The server releases it when that connection
  ends, a SIGKILLed process included; a second runner's ``try`` fails and it skips the job.
- SQLite (one machine, one writer): an exclusive ``flock`` on a lock file beside the bundles,
  which the kernel releases when the holding process dies.
"""

import asyncio
import fcntl
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

LOCK_SUFFIX = ".lock"


@asynccontextmanager
async def job_lease(engine: AsyncEngine, bundle_dir: Path, job_id: int) -> AsyncIterator[bool]:
    """Yield True if this process now holds the job's lease (released on exit), else False."""
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection, _advisory(connection, job_id) as held:
            yield held
        return
    async with _file_lock(bundle_dir / f"job-{job_id}{LOCK_SUFFIX}") as held:
        yield held


@asynccontextmanager
async def _advisory(connection: AsyncConnection, job_id: int) -> AsyncIterator[bool]:
    # Autocommit: no transaction stays open while the job runs (idle-in-transaction limits).
    raw = await connection.execution_options(isolation_level="AUTOCOMMIT")
    held = bool(await raw.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": job_id}))
    try:
        yield held
    finally:
        if held:
            await raw.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": job_id})


@asynccontextmanager
async def _file_lock(path: Path) -> AsyncIterator[bool]:
    await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
