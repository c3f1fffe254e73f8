"""Server-side key/value store for login states and sessions: the database, or Redis.

Keys are SHA-256 hashes of random tokens, so a leaked store row does not reveal a cookie value.
``pop`` is atomic (single use: a replayed callback finds nothing).
"""

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Protocol

from redis.asyncio import Redis
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.auth.models import StoreEntry
from alusta.db.base import as_utc
from alusta.db.engine import upsert_insert


def store_key(kind: str, token: str) -> str:
    return kind + ":" + hashlib.sha256(token.encode()).hexdigest()


class KeyValueStore(Protocol):
    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None: ...
    async def get(self, key: str) -> bytes | None: ...
    async def pop(self, key: str) -> bytes | None: ...
    async def delete(self, key: str) -> None: ...
    async def purge_expired(self) -> None: ...


class DatabaseStore:
    """Rows in ``auth_store``; expired rows are ignored and removed when met."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        expires = datetime.now(UTC) + timedelta(seconds=ttl_seconds)
        async with self.sessionmaker() as session, session.begin():
            # An upsert in place: two requests of one session touching it together must both
            # succeed (a delete and re-insert let the second insert hit the primary key).
            statement = upsert_insert(session, StoreEntry).values(key=key, value=value, expires_at=expires)
            excluded = statement.excluded
            statement = statement.on_conflict_do_update(
                index_elements=[StoreEntry.key], set_={"value": excluded.value, "expires_at": excluded.expires_at}
            )
            await session.execute(statement)

    async def get(self, key: str) -> bytes | None:
        async with self.sessionmaker() as session:
            entry = (await session.execute(select(StoreEntry).where(StoreEntry.key == key))).scalar_one_or_none()
            if entry is None:
                return None
            if as_utc(entry.expires_at) <= datetime.now(UTC):
                await self.delete(key)
                return None
            return entry.value

    async def pop(self, key: str) -> bytes | None:
        async with self.sessionmaker() as session, session.begin():
            entry = (await session.execute(select(StoreEntry).where(StoreEntry.key == key))).scalar_one_or_none()
            if entry is None:
                return None
            value, expires = entry.value, as_utc(entry.expires_at)
            # Only the transaction that actually deleted the row may use it (single use).
            result = await session.execute(delete(StoreEntry).where(StoreEntry.key == key))
            if getattr(result, "rowcount", 0) != 1:
                return None
        return value if expires > datetime.now(UTC) else None

    async def delete(self, key: str) -> None:
        async with self.sessionmaker() as session, session.begin():
            await session.execute(delete(StoreEntry).where(StoreEntry.key == key))

    async def purge_expired(self) -> None:
        async with self.sessionmaker() as session, session.begin():
            await session.execute(delete(StoreEntry).where(StoreEntry.expires_at <= datetime.now(UTC)))


class RedisStore:
    """Redis for several replicas (``ALUSTA_REDIS_URL``); TTLs are Redis expiries."""

    def __init__(self, url: str) -> None:
        self.redis: Redis = Redis.from_url(url)
        self.prefix = "alusta:auth:"

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        await self.redis.set(self.prefix + key, value, ex=ttl_seconds)

    async def get(self, key: str) -> bytes | None:
        value = await self.redis.get(self.prefix + key)
        return value.encode() if isinstance(value, str) else value

    async def pop(self, key: str) -> bytes | None:
        value = await self.redis.getdel(self.prefix + key)
        return value.encode() if isinstance(value, str) else value

    async def delete(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)

    async def purge_expired(self) -> None:
        """Redis expires keys itself."""

    async def close(self) -> None:
        await self.redis.aclose()
