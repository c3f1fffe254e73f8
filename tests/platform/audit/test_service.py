"""The audit append (issue 15): one statement on PostgreSQL, no colliding sequence numbers.

Concurrent appends of one tenant (a staff view's entry and an export job's entry in the load run
that found the ``IntegrityError`` 500) must all succeed and chain correctly, on both databases.
"""

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from alusta.audit.models import AuditEntry, AuditHead
from alusta.audit.service import GENESIS, AuditEvent, append, canonical_parts, entry_digest, verify_chain
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import TENANT_SETTING, install_tenancy, set_local_statement, tenant_session
from alusta.settings import Settings
from fixtures.tenancy import make_tenant, new_identity

pytestmark = pytest.mark.anyio

STAFF_VIEW = AuditEvent(
    actor_id=7, actor_role="tenant_admin", action="record.read", object_type="record", object_id="1"
)
EXPORT_JOB = AuditEvent(
    actor_id=None, actor_role="platform", action="dsr.export_compiled", object_type="dsr", object_id="2"
)


@pytest.fixture
def tenant(tenant_settings: Settings) -> int:
    return make_tenant(tenant_settings, new_identity(), "Ketju Oy")


@pytest.fixture
async def sessionmaker(tenant_settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    install_tenancy()
    engine = build_engine(tenant_settings.database_url or "")
    yield build_sessionmaker(engine)
    await engine.dispose()


async def _verify(sessionmaker: async_sessionmaker[AsyncSession], tenant: int) -> tuple[bool, int]:
    async with tenant_session(sessionmaker, tenant) as session:
        result = await verify_chain(session)
    return result.ok, result.entries


async def test_interleaved_appends_both_succeed_and_chain(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: int
) -> None:
    """The staff view appends while the export job's transaction has appended and not committed."""
    job_appended = asyncio.Event()
    staff_started = asyncio.Event()

    async def export_job() -> int:
        async with tenant_session(sessionmaker, tenant) as session:
            seq = (await append(session, EXPORT_JOB)).seq
            job_appended.set()
            await staff_started.wait()
            await asyncio.sleep(0.3)  # the staff view's append is now waiting (PostgreSQL) or retrying
            return seq

    async def staff_view() -> int:
        await job_appended.wait()
        async with tenant_session(sessionmaker, tenant) as session:
            staff_started.set()
            return (await append(session, STAFF_VIEW)).seq

    seqs = await asyncio.gather(export_job(), staff_view())
    assert sorted(seqs) == [1, 2]
    assert await _verify(sessionmaker, tenant) == (True, 2)


async def test_many_concurrent_appends_never_collide(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: int, backend: str
) -> None:
    rounds = 8 if backend == "postgresql" else 3

    async def writer(event_: AuditEvent) -> list[int]:
        seqs = []
        for _ in range(rounds):
            async with tenant_session(sessionmaker, tenant) as session:
                seqs.append((await append(session, event_)).seq)
        return seqs

    results = await asyncio.gather(*(writer(e) for e in (STAFF_VIEW, EXPORT_JOB, STAFF_VIEW, EXPORT_JOB)))
    every = sorted(seq for seqs in results for seq in seqs)
    assert every == list(range(1, 4 * rounds + 1))
    assert await _verify(sessionmaker, tenant) == (True, 4 * rounds)
    async with tenant_session(sessionmaker, tenant) as session:
        head = (await session.execute(select(AuditHead))).scalar_one()
        last = (await session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))).scalar_one()
    assert (head.seq, head.head_hash, head.prev_hash) == (last.seq, last.entry_hash, last.prev_hash)


async def test_append_is_one_statement_on_postgresql(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: int, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite serialises writers; the one-round-trip append is PostgreSQL's")
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    async with tenant_session(sessionmaker, tenant) as session:
        await session.execute(select(AuditHead))  # begin (and the binding's SET LOCAL) happen here
        engine = session.bind
        assert isinstance(engine, AsyncEngine)
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            await append(session, STAFF_VIEW)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
    assert len(statements) == 1, statements
    assert "advisory" not in statements[0]


def test_split_canonical_form_is_the_original_one() -> None:
    """Chains written before the split still verify: the bytes hashed are the same."""
    at = datetime(2026, 12, 2, 16, 0, 1, 123456, tzinfo=UTC)
    prefix, suffix = canonical_parts(4711, at, EXPORT_JOB)
    original = json.dumps(
        [4711, 12, at.isoformat(), None, "platform", "dsr.export_compiled", "dsr", "2", None, None],
        separators=(",", ":"),
    )
    assert prefix + "12" + suffix == original
    entry = AuditEntry(
        tenant_id=4711, seq=12, at=at, actor_id=None, actor_role="platform", action="dsr.export_compiled",
        object_type="dsr", object_id="2", request_id=None, ip_hash=None, prev_hash=GENESIS, entry_hash=b"",
    )  # fmt: skip
    import hashlib  # noqa: PLC0415

    assert entry_digest(GENESIS, entry) == hashlib.sha256(GENESIS + original.encode()).digest()


async def test_verify_fails_when_the_database_binding_hides_the_rows(
    sessionmaker: async_sessionmaker[AsyncSession], tenant: int, backend: str
) -> None:
    """Issue 16.3: the ORM filter says the tenant, row-level security has no tenant bound.

    That is what a Citus worker that never got the binding saw (no rows): verification must
    fail, not report "0 entries, ok".
    """
    if backend != "postgresql":
        pytest.skip("row-level security exists on PostgreSQL only")
    async with tenant_session(sessionmaker, tenant) as session:
        await append(session, STAFF_VIEW)
    async with tenant_session(sessionmaker, tenant) as session:
        await session.execute(text(set_local_statement(TENANT_SETTING, None)))
        result = await verify_chain(session)
    assert not result.ok
    assert result.reason is not None
    assert "chain head not visible" in result.reason
    assert await _verify(sessionmaker, tenant) == (True, 1)
