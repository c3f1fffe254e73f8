"""``alusta audit verify`` and ``alusta audit checkpoint`` run as processes (issues 16.3 and 17.6).

Verification fails closed when it cannot see what it must (rows hidden by row-level security or
removed), and signed checkpoints catch what the chain alone cannot: the newest entries cut off,
a whole chain deleted, an entry edited and every later hash recomputed. Tampering is done as
the schema owner (the app role cannot UPDATE or DELETE the log).
"""

import asyncio
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import select, text

from alusta.app import AlustaApp
from alusta.audit import checkpoints
from alusta.audit.models import AuditEntry, AuditHead
from alusta.audit.service import GENESIS, entry_digest
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import install_tenancy, tenant_session
from alusta.settings import Settings
from fixtures.application import PUBLIC_URL
from fixtures.callers import as_identity
from fixtures.cli import run_cli
from fixtures.tenancy import PREFIX, Side, build_side

pytestmark = pytest.mark.slow


@pytest.fixture
def sink(tmp_path: Path) -> Path:
    return tmp_path / "checkpoints.jsonl"  # one per test: the state directory's key, its own file


@pytest.fixture
def cli_env(state_dir: Path, app_db_url: str, sink: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("ALUSTA_")},
        "ALUSTA_ENVIRONMENT": "test",
        "ALUSTA_STATE_DIR": str(state_dir),
        "ALUSTA_DATABASE_URL": app_db_url,
        "ALUSTA_PUBLIC_URL": PUBLIC_URL,
        "ALUSTA_AUDIT_CHECKPOINT_FILE": str(sink),
    }


@pytest.fixture
def side(tenant_client: TestClient[AlustaApp], tenant_settings: Settings) -> Side:
    """A tenant whose chain has 4 entries (register, record, two reads)."""
    made = build_side(tenant_client, tenant_settings, "Tarkastus Oy", 5)
    for _ in range(2):
        read = tenant_client.get(f"{PREFIX}{made.tenant}/records/{made.record}", headers=as_identity(made.admin))
        assert read.status_code == 200
    return made


def audit_cli(env: dict[str, str], command: str, tenant: int) -> tuple[int, str]:
    result = run_cli("audit", command, "--tenant", str(tenant), env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout + result.stderr


def owner_sql(db_url: str, *statements: str) -> None:
    async def run() -> None:
        engine = build_engine(db_url)
        try:
            async with engine.begin() as connection:
                for statement in statements:
                    await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(run())


def rewrite_chain(db_url: str, tenant: int, keep: int | None, edit: bool) -> None:
    """As the owner: keep the first ``keep`` entries (None: all), optionally edit entry 2.

    Every hash and the head are recomputed, so that the chain is consistent again.
    """

    async def run() -> None:
        install_tenancy()
        engine = build_engine(db_url)
        try:
            async with tenant_session(build_sessionmaker(engine), tenant) as session:
                entries = list((await session.execute(select(AuditEntry).order_by(AuditEntry.seq))).scalars())
                head = (await session.execute(select(AuditHead))).scalar_one()
                kept = entries if keep is None else entries[:keep]
                for gone in entries[len(kept) :]:
                    await session.delete(gone)
                prev = last_prev = GENESIS
                for entry in kept:
                    if edit and entry.seq == 2:
                        entry.object_id = "999"
                    entry.prev_hash, last_prev = prev, prev
                    entry.entry_hash = prev = entry_digest(prev, entry)
                head.seq, head.prev_hash, head.head_hash = len(kept), last_prev, prev
        finally:
            await engine.dispose()

    asyncio.run(run())


@pytest.fixture
def hide_rows(backend: str, db_url: str) -> Iterator[Callable[[int, tuple[str, ...]], None]]:
    """Make a tenant's rows invisible to the app role, as a wrong binding on a Citus worker did.

    PostgreSQL: the tenant's rows of the given tables fall outside the RLS policy. SQLite (no
    RLS): the rows are removed, which verification must catch the same way.
    """
    altered: list[str] = []
    policy = "tenant_id = app_current_tenant()"

    def hide(tenant: int, tables: tuple[str, ...]) -> None:
        for table in tables:
            if backend == "postgresql":
                owner_sql(
                    db_url,
                    f"ALTER POLICY tenant_isolation ON {table} USING ({policy} AND tenant_id <> {tenant}) "
                    f"WITH CHECK ({policy})",
                )
                altered.append(table)
            else:
                owner_sql(db_url, f"DELETE FROM {table} WHERE tenant_id = {tenant}")

    yield hide
    for table in altered:
        owner_sql(db_url, f"ALTER POLICY tenant_isolation ON {table} USING ({policy}) WITH CHECK ({policy})")


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        (("audit_log",), "4 entries expected by the chain head, 0 visible"),
        (("audit_log", "audit_heads"), "chain head not visible"),
    ],
    ids=["entries-hidden", "entries-and-head-hidden"],
)
def test_verify_fails_when_it_cannot_see_the_entries(
    side: Side,
    cli_env: dict[str, str],
    hide_rows: Callable[[int, tuple[str, ...]], None],
    tables: tuple[str, ...],
    message: str,
) -> None:
    """Issue 16.3: it said "0 entries checked, ok" and exited 0 for tenants holding entries."""
    hide_rows(side.tenant, tables)
    code, output = audit_cli(cli_env, "verify", side.tenant)
    assert code == 1, output
    assert message in output
    assert ", ok" not in output


def test_hidden_head_names_the_checkpoint(
    side: Side, cli_env: dict[str, str], hide_rows: Callable[[int, tuple[str, ...]], None]
) -> None:
    assert audit_cli(cli_env, "checkpoint", side.tenant)[0] == 0
    hide_rows(side.tenant, ("audit_log", "audit_heads"))
    code, output = audit_cli(cli_env, "verify", side.tenant)
    assert code == 1
    assert "chain head not visible" in output
    assert "covers 4 entries" in output


def truncate_newest(db_url: str, tenant: int) -> None:
    rewrite_chain(db_url, tenant, keep=2, edit=False)


def delete_whole_chain(db_url: str, tenant: int) -> None:
    rewrite_chain(db_url, tenant, keep=0, edit=False)  # the head reset to 0 entries: consistent


def delete_chain_and_head(db_url: str, tenant: int) -> None:
    owner_sql(
        db_url,
        f"DELETE FROM audit_log WHERE tenant_id = {tenant}",
        f"DELETE FROM audit_heads WHERE tenant_id = {tenant}",
    )


def edit_and_recompute(db_url: str, tenant: int) -> None:
    rewrite_chain(db_url, tenant, keep=None, edit=True)


@pytest.mark.parametrize(
    ("tamper", "message", "chain_alone_sees_it"),
    [
        (truncate_newest, "truncated: the signed checkpoint", False),
        (delete_whole_chain, "covers 4 entries, the chain head 0", False),
        (delete_chain_and_head, "chain head not visible", True),
        (edit_and_recompute, "BROKEN at entry 4: differs from the signed checkpoint", False),
    ],
    ids=["truncated", "chain-deleted", "chain-and-head-deleted", "edited-and-recomputed"],
)
def test_checkpoint_catches_what_the_chain_alone_cannot(  # noqa: PLR0917 - fixtures and cases
    side: Side,
    cli_env: dict[str, str],
    db_url: str,
    sink: Path,
    tenant_client: TestClient[AlustaApp],
    tamper: Callable[[str, int], None],
    message: str,
    chain_alone_sees_it: bool,
) -> None:
    code, output = audit_cli(cli_env, "checkpoint", side.tenant)
    assert code == 0, output
    assert f"tenant {side.tenant}: 4 entries checked, ok, no checkpoint yet, checkpoint 4 signed" in output
    assert len(sink.read_text().splitlines()) == 1

    tamper(db_url, side.tenant)
    code, output = audit_cli(cli_env, "verify", side.tenant)
    assert code == 1, output
    assert message in output
    # The in-database check (the admins' API) has no key: a consistent rewrite passes it.
    status = tenant_client.get(f"{PREFIX}{side.tenant}/audit/verify", headers=as_identity(side.admin))
    if status.status_code == 200:
        assert status.json()["ok"] is (not chain_alone_sees_it)
    if tamper is edit_and_recompute:  # a broken chain is never signed: checkpoint refuses, writes nothing
        code, output = audit_cli(cli_env, "checkpoint", side.tenant)
        assert code == 1, output
        assert len(sink.read_text().splitlines()) == 1


def test_a_tampered_checkpoint_file_fails_closed(side: Side, cli_env: dict[str, str], sink: Path) -> None:
    assert audit_cli(cli_env, "checkpoint", side.tenant)[0] == 0
    code, output = audit_cli(cli_env, "verify", side.tenant)
    assert code == 0, output
    assert f"tenant {side.tenant}: 4 entries checked, ok, checkpoint 4 holds" in output
    sink.write_text(sink.read_text().replace('"seq":4', '"seq":2'))  # move the checkpoint back
    code, output = audit_cli(cli_env, "verify", side.tenant)
    assert code == 1
    assert "audit checkpoints cannot be trusted: checkpoint line 1 has an invalid signature" in output


def test_a_checkpointed_tenant_missing_from_the_database_fails(
    cli_env: dict[str, str], state_dir: Path, sink: Path
) -> None:
    path = checkpoints.generate_key(state_dir.resolve() / "audit" / "checkpoint-ed25519.pem")  # the CLI's key
    key = checkpoints.load_key(path, require_private_mode=True)
    checkpoints.append_lines(sink, [checkpoints.sign(key, 4_242_424_242, 7, bytes(32), datetime.now(UTC))])
    code, output = audit_cli(cli_env, "verify", 4_242_424_242)
    assert code == 1
    assert "checkpointed (7 entries" in output
    assert "not in the database" in output
