"""The server-side store: TTL, single-use pop, on SQLite, PostgreSQL and Redis."""

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio

from alusta.auth.store import DatabaseStore, KeyValueStore, RedisStore, store_key
from alusta.db.engine import build_engine, build_sessionmaker
from fixtures.database import in_ci


@pytest.fixture
async def database_store(db_url: str) -> AsyncIterator[DatabaseStore]:
    engine = build_engine(db_url)
    yield DatabaseStore(build_sessionmaker(engine))
    await engine.dispose()


async def _exercise(store: KeyValueStore) -> None:
    key = store_key("test", "token-" + str(id(store)))
    await store.set(key, b"value", 60)
    assert await store.get(key) == b"value"
    popped = await asyncio.gather(store.pop(key), store.pop(key))
    assert sorted(popped, key=lambda v: v is None) == [b"value", None]  # single use
    assert await store.get(key) is None
    await store.set(key, b"short", 1)
    await asyncio.sleep(1.2)
    await store.purge_expired()
    assert await store.get(key) is None


@pytest.mark.anyio
async def test_database_store(database_store: DatabaseStore) -> None:
    await _exercise(database_store)


@pytest.mark.anyio
async def test_redis_store() -> None:
    probe = redis.asyncio.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        await probe.ping()
    except OSError:
        if in_ci():
            pytest.fail("Redis unreachable at 127.0.0.1:6379 (CI=true: Redis tests must run)", pytrace=False)
        pytest.skip("Redis unreachable")
    finally:
        await probe.aclose()
    store = RedisStore("redis://127.0.0.1:6379/15")
    try:
        await _exercise(store)
    finally:
        await store.close()


def test_store_key_hides_token() -> None:
    assert "secret-token" not in store_key("session", "secret-token")


@pytest.mark.anyio
async def test_overlapping_writes_of_one_key_both_succeed(database_store: DatabaseStore) -> None:
    # Two requests of one session touch it in the same minute: the row is updated in place, so
    # neither write may fail on the primary key (it used to delete and re-insert the row).
    key = store_key("session", "overlap-" + str(id(database_store)))
    await database_store.set(key, b"first", 60)
    for _ in range(5):
        await asyncio.gather(*(database_store.set(key, b"touch-%d" % n, 60) for n in range(8)))
    assert (await database_store.get(key) or b"").startswith(b"touch-")
