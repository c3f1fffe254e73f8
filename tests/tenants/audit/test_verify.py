"""``alusta audit verify`` and the API's verify catch changed, removed and reordered entries.

Issue 5, done-when 6: an untouched chain passes.

Tampering is done as the schema owner, outside the app: the app role cannot UPDATE or DELETE.
"""

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient
from sqlalchemy import text

from alusta.app import AlustaApp
from alusta.cli import main
from alusta.db.engine import build_engine
from alusta.settings import Settings
from fixtures.application import PUBLIC_URL
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, build_side, random_business_id, synthetic_hetu


def cli_env(state_dir: Path, app_db_url: str) -> dict[str, str]:
    return {
        "ALUSTA_ENVIRONMENT": "test",
        "ALUSTA_STATE_DIR": str(state_dir),
        "ALUSTA_DATABASE_URL": app_db_url,
        "ALUSTA_PUBLIC_URL": PUBLIC_URL,
    }


def owner_execute(db_url: str, *statements: str) -> None:
    async def run() -> None:
        engine = build_engine(db_url)
        try:
            async with engine.begin() as connection:
                for statement in statements:
                    await connection.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(run())


def change(tid: int) -> list[str]:
    return [f"UPDATE audit_log SET object_id = 'other' WHERE tenant_id = {tid} AND seq = 2"]


def remove(tid: int) -> list[str]:
    return [f"DELETE FROM audit_log WHERE tenant_id = {tid} AND seq = 2"]


def reorder(tid: int) -> list[str]:
    # Swap entries 1 and 2 while keeping sequence numbers contiguous.
    return [
        f"UPDATE audit_log SET seq = 1001 WHERE tenant_id = {tid} AND seq = 1",
        f"UPDATE audit_log SET seq = 1 WHERE tenant_id = {tid} AND seq = 2",
        f"UPDATE audit_log SET seq = 2 WHERE tenant_id = {tid} AND seq = 1001",
    ]


@pytest.fixture
def side(tenant_client: TestClient[AlustaApp], tenant_settings: Settings) -> Side:
    made = build_side(tenant_client, tenant_settings, "Audit Oy", 3)
    read = tenant_client.get(f"{PREFIX}{made.tenant}/records/{made.record}", headers=as_identity(made.admin))
    assert read.status_code == 200
    return made


def verify(state_dir: Path, app_db_url: str, tenant: int) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["audit", "verify", "--tenant", str(tenant)], env=cli_env(state_dir, app_db_url))
    return result.exit_code, result.output


def test_untouched_chain_verifies(
    side: Side, tenant_client: TestClient[AlustaApp], state_dir: Path, app_db_url: str
) -> None:
    code, output = verify(state_dir, app_db_url, side.tenant)
    assert code == 0, output
    assert "3 entries checked, ok" in output
    entries = tenant_client.get(f"{PREFIX}{side.tenant}/audit", headers=as_identity(side.admin)).json()["items"]
    assert [e["action"] for e in entries] == ["register.create", "record.create", "record.read"]
    assert all(e["actor_id"] == side.admin and e["actor_role"] == "tenant_admin" for e in entries)
    assert entries[1]["prev_hash"] == entries[0]["entry_hash"]
    assert all(e["request_id"] and e["ip_hash"] for e in entries)


@pytest.mark.parametrize("tamper", [change, remove, reorder], ids=["changed", "removed", "reordered"])
def test_tampering_is_detected(  # noqa: PLR0917 - fixtures
    tamper: Callable[[int], list[str]],
    side: Side,
    tenant_client: TestClient[AlustaApp],
    state_dir: Path,
    db_url: str,
    app_db_url: str,
) -> None:
    owner_execute(db_url, *tamper(side.tenant))
    code, output = verify(state_dir, app_db_url, side.tenant)
    assert code == 1, output
    assert "BROKEN at entry" in output
    status = tenant_client.get(f"{PREFIX}{side.tenant}/audit/verify", headers=as_identity(side.admin)).json()
    assert status["ok"] is False


def test_tenant_create_cli(state_dir: Path, app_db_url: str, tenant_client: TestClient[AlustaApp]) -> None:
    env = cli_env(state_dir, app_db_url)
    base = ["tenant", "create", "--name", "CLI Oy", "--contact-point", "tietosuoja@example.test"]
    base += ["--dpo-contact", "dpo@example.test", "--admin-identity", "4242"]
    bad = CliRunner().invoke(main, [*base, "--business-id", "1234567-8"], env=env)
    assert bad.exit_code == 2
    assert "check digit" in bad.output
    good = CliRunner().invoke(main, [*base, "--business-id", random_business_id()], env=env)
    assert good.exit_code == 0, good.output
    tenant_id = int(good.output.split()[1])
    response = tenant_client.get(f"{PREFIX}{tenant_id}", headers=as_identity(4242))
    assert response.status_code == 200
    assert response.json()["name"] == "CLI Oy"


def test_tenant_create_cli_binds_the_admin_by_henkilotunnus(state_dir: Path, app_db_url: str, db_url: str) -> None:
    env = cli_env(state_dir, app_db_url)
    hetu = synthetic_hetu(77)
    made = []
    for name in ("Hetu Oy", "Hetu Ab"):
        base = [
            "tenant",
            "create",
            "--name",
            name,
            "--contact-point",
            "c@example.test",
            "--dpo-contact",
            "d@example.test",
        ]
        result = CliRunner().invoke(main, [*base, "--business-id", random_business_id(), "--admin-hetu", hetu], env=env)
        assert result.exit_code == 0, result.output
        made.append(int(result.output.split()[1]))
    both = CliRunner().invoke(main, [*base, "--business-id", random_business_id()], env=env)
    assert both.exit_code == 2  # neither --admin-identity nor --admin-hetu

    async def members() -> list[int]:
        engine = build_engine(db_url)  # the owner sees every tenant's memberships
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(
                    text("SELECT identity_id FROM tenant_members WHERE tenant_id IN (:a, :b)"),
                    {"a": made[0], "b": made[1]},
                )
                return [row[0] for row in rows]
        finally:
            await engine.dispose()

    identities = asyncio.run(members())
    assert len(identities) == 2
    assert len(set(identities)) == 1  # the same person administers both
    assert hetu not in repr(identities)
