"""Caller resolution: processor roles from the auth table, tenant grants from the MembershipSource."""

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from litestar.connection import ASGIConnection
from litestar.testing import TestClient
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.app import AlustaApp, create_app
from alusta.auth.guards import holds, requires
from alusta.auth.identity import grant_processor_role
from alusta.auth.permissions import (
    CALLER_STATE_KEY,
    MEMBERSHIP_SOURCE_STATE_KEY,
    Caller,
    Permission,
    Role,
    TenantGrant,
)
from alusta.auth.store import RedisStore
from alusta.auth.tokens import LOA2, LOA3
from alusta.cli import main
from alusta.db.engine import build_engine
from alusta.web.problems import Problem
from fixtures.application import PUBLIC_URL, make_settings
from fixtures.auth import login_as, wire_in_process_idp


class FakeMembership:
    def __init__(self) -> None:
        self.asked: list[int] = []

    async def grants_for(self, session: AsyncSession, identity_id: int) -> Mapping[int, TenantGrant]:
        assert session is not None
        self.asked.append(identity_id)
        return {7: TenantGrant(Role.TENANT_HANDLER)}


class NoMemberships:
    async def grants_for(self, session: AsyncSession, identity_id: int) -> Mapping[int, TenantGrant]:
        del session, identity_id
        return {}


def test_tenant_grants_come_from_membership_source(app: AlustaApp, auth_client: TestClient[AlustaApp]) -> None:
    source = FakeMembership()
    app.state[MEMBERSHIP_SOURCE_STATE_KEY] = source
    login_as(auth_client, "ulla")
    body = auth_client.get("/api/v1/me").json()
    assert body["tenants"]["7"]["role"] == "tenant_handler"
    assert Permission.TENANT_RECORDS_WRITE in body["tenants"]["7"]["permissions"]
    assert source.asked == [body["identity_id"]]


@pytest.mark.anyio
async def test_processor_role_bound_to_identity(app: AlustaApp, auth_client: TestClient[AlustaApp]) -> None:
    login_as(auth_client, "veikko")
    identity_id = auth_client.get("/api/v1/me").json()["identity_id"]
    engine = build_engine(app.state["settings"].database_url)
    async with AsyncSession(engine) as session:
        await grant_processor_role(session, identity_id, Role.OPERATOR, NoMemberships())
        await session.commit()
    await engine.dispose()
    body = auth_client.get("/api/v1/me").json()
    assert body["roles"] == ["subject", "operator"]
    assert Permission.PLATFORM_TENANTS_MANAGE in body["permissions"]
    with pytest.raises(ValueError, match="processor roles"):
        await grant_processor_role(AsyncSession(), identity_id, Role.TENANT_ADMIN, NoMemberships())


def _connection(caller: Caller | None, path_params: dict[str, Any]) -> ASGIConnection[Any, Any, Any, Any]:
    state = {CALLER_STATE_KEY: caller} if caller else {}
    scope: Any = {"type": "http", "state": state, "path_params": path_params, "headers": [], "query_string": b""}
    return ASGIConnection(scope)


@pytest.mark.anyio
async def test_tenant_guard() -> None:
    guard = requires(Permission.TENANT_RECORDS_WRITE)
    handler: Any = None
    caller = Caller(identity_id=1, loa="loa2", tenant_grants={7: TenantGrant(Role.TENANT_HANDLER)})
    await guard(_connection(caller, {"tenant_id": 7}), handler)
    with pytest.raises(Problem) as not_a_member:  # another tenant's existence is not revealed
        await guard(_connection(caller, {"tenant_id": 8}), handler)
    assert not_a_member.value.status_code == 404
    viewer = Caller(identity_id=1, loa="loa2", tenant_grants={7: TenantGrant(Role.TENANT_VIEWER)})
    with pytest.raises(Problem) as forbidden:
        await guard(_connection(viewer, {"tenant_id": 7}), handler)
    assert forbidden.value.status_code == 403
    with pytest.raises(Problem) as anonymous:
        await guard(_connection(None, {"tenant_id": 7}), handler)
    assert anonymous.value.status_code == 401


@pytest.fixture
def redis_client(state_dir: Path, db_url: str) -> Iterator[TestClient[AlustaApp]]:
    app = create_app(make_settings(state_dir, db_url, redis_url="redis://127.0.0.1:6379/14"))
    wire_in_process_idp(app)
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        yield client


def test_sessions_in_redis(redis_client: TestClient[AlustaApp]) -> None:
    assert isinstance(redis_client.app.state["auth"].store, RedisStore)
    assert login_as(redis_client, "daniel").status_code == 303
    me = redis_client.get("/api/v1/me")
    assert me.status_code == 200
    token = me.json()["csrf_token"]
    redis_client.post("/auth/logout", headers={"x-csrf-token": token}, follow_redirects=False)
    assert redis_client.get("/api/v1/me").status_code == 401


@pytest.mark.anyio
async def test_platform_guard_with_strong_login() -> None:
    handler: Any = None
    guard = holds(Permission.SUBJECT_REQUESTS_FILE, strong_login=True)
    await guard(_connection(Caller(identity_id=1, loa=LOA3), {}), handler)
    await guard(_connection(Caller(identity_id=1, loa=LOA2), {}), handler)
    with pytest.raises(Problem) as weak:
        await guard(_connection(Caller(identity_id=1, loa="loa1"), {}), handler)
    assert (weak.value.status_code, weak.value.code) == (403, "strong_login_required")
    with pytest.raises(Problem) as refused:  # a processor identity without the subject role
        await guard(_connection(Caller(identity_id=1, loa=LOA3, is_subject=False), {}), handler)
    assert refused.value.status_code == 403
    with pytest.raises(Problem) as anonymous:
        await guard(_connection(None, {}), handler)
    assert anonymous.value.status_code == 401


def test_staff_grant_cli(app: AlustaApp, auth_client: TestClient[AlustaApp]) -> None:
    # A person of its own: the wall keeps a processor identity out of every tenant role, and the
    # test IdP's named persons are tenant staff in the demo and in other tests of this worker.
    login_as(auth_client, hetu="150385-977J")
    identity_id = auth_client.get("/api/v1/me").json()["identity_id"]
    settings = app.state["settings"]
    runner = CliRunner()
    env = {
        "ALUSTA_ENVIRONMENT": "test",
        "ALUSTA_STATE_DIR": str(settings.state_dir),
        "ALUSTA_DATABASE_URL": settings.database_url,
        "ALUSTA_PUBLIC_URL": PUBLIC_URL,
    }
    result = runner.invoke(
        main, ["staff", "grant", "--identity-id", str(identity_id), "--role", "support_desk"], env=env
    )
    assert result.exit_code == 0, result.output
    assert auth_client.get("/api/v1/me").json()["roles"] == ["subject", "support_desk"]
    unknown = runner.invoke(main, ["staff", "grant", "--identity-id", "999999", "--role", "operator"], env=env)
    assert unknown.exit_code != 0
