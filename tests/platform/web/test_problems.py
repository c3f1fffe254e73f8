"""A lost database connection answers 503 + Retry-After in the caller's language, never a 500.

Both databases: the engine pointed at what cannot be reached (a closed port on PostgreSQL, an
unopenable file on SQLite), and on PostgreSQL a backend terminated mid-query
(``pg_terminate_backend`` while the request waits on a lock).
"""

import asyncio
import threading
import time
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import TestClient
from sqlalchemy.engine import make_url

from alusta.app import AlustaApp, create_app
from alusta.i18n import Lang, localise
from alusta.web.problem_titles import PROBLEM_TITLES
from alusta.web.problems import RETRY_AFTER_SECONDS
from fixtures.application import PUBLIC_URL, make_settings
from fixtures.database import PG_ADMIN_DSN
from fixtures.tenancy import Side

pytestmark = pytest.mark.slow


def unreachable_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'no-such-dir' / 'gone.db'}"
    return "postgresql+asyncpg://alusta@127.0.0.1:1/gone"  # port 1: nothing listens


def assert_unavailable(response: object, lang: Lang) -> None:
    assert response.status_code == 503, response.text  # type: ignore[attr-defined]
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["type"] == "urn:alusta:problem:database_unavailable"
    assert body["title"] == localise(PROBLEM_TITLES["database_unavailable"], lang)
    assert "Traceback" not in response.text  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", list(Lang))
def test_database_gone_after_startup_answers_503_not_500(
    backend: str, state_dir: Path, tmp_path: Path, lang: Lang
) -> None:
    app = create_app(make_settings(state_dir, unreachable_url(backend, tmp_path)))
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        app.shell.schema_ready = True  # the schema was at head when the database was last seen
        response = client.get("/api/v1/notices/1/1", headers={"accept-language": lang.value})
        assert_unavailable(response, lang)
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["reason"] == "database unavailable"
        assert ready.headers["retry-after"] == str(RETRY_AFTER_SECONDS)


def test_database_down_at_startup_is_not_called_schema_out_of_date(
    backend: str, state_dir: Path, tmp_path: Path
) -> None:
    app = create_app(make_settings(state_dir, unreachable_url(backend, tmp_path)))
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        response = client.get("/", headers={"accept-language": "sv"})
        assert_unavailable(response, Lang.SV)
        assert client.get("/readyz").json()["reason"] == "database unavailable"
        assert client.get("/").json()["type"] == "urn:alusta:problem:database_unavailable"


async def _terminate_waiting_backend(database: str, locked: threading.Event, done: threading.Event) -> None:
    """Hold a lock the request needs, kill the app's backend while it waits, then let go."""
    admin_dsn = PG_ADMIN_DSN.rsplit("/", 1)[0] + "/" + database
    holder = await asyncpg.connect(admin_dsn)
    killer = await asyncpg.connect(admin_dsn)
    try:
        transaction = holder.transaction()
        await transaction.start()
        await holder.execute("LOCK TABLE registers IN ACCESS EXCLUSIVE MODE")
        locked.set()
        for _ in range(200):
            killed = await killer.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
                database,
            )
            if killed:
                break
            await asyncio.sleep(0.02)
        await transaction.rollback()
    finally:
        await holder.close()
        await killer.close()
        done.set()


def test_backend_terminated_mid_query_answers_503(
    backend: str, tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side], app_db_url: str
) -> None:
    if backend != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; SQLite is covered by the unopenable file")
    a, _ = sides
    notice = f"/api/v1/notices/{a.tenant}/{a.register}"
    assert tenant_client.get(notice).status_code == 200
    locked, done = threading.Event(), threading.Event()
    database = make_url(app_db_url).database or ""
    killer = threading.Thread(target=lambda: asyncio.run(_terminate_waiting_backend(database, locked, done)))
    killer.start()
    assert locked.wait(10)
    started = time.monotonic()
    response = tenant_client.get(notice, headers={"accept-language": "fi"})
    killer.join(20)
    assert done.is_set()
    assert time.monotonic() - started < 5  # the cut, not the 5 s lock_timeout, ended the query
    assert_unavailable(response, Lang.FI)
    assert tenant_client.get(notice).status_code == 200  # the pool recovers on the next request
