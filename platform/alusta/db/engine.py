"""Async engine and session factory built from settings (no module-level engine)."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

# Server-side limits for every application transaction on PostgreSQL: a stuck query or a lock
# wait never holds a request (and a pool connection) for long.
PG_SERVER_SETTINGS = {"statement_timeout": "15000", "lock_timeout": "5000", "application_name": "alusta"}


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def build_engine(url: str, **overrides: Any) -> AsyncEngine:
    options: dict[str, Any] = {"pool_pre_ping": True}
    if is_sqlite(url):
        options["connect_args"] = {"timeout": 15}
    else:
        options |= {"pool_size": 10, "max_overflow": 5, "connect_args": {"server_settings": PG_SERVER_SETTINGS}}
    options |= overrides
    engine = create_async_engine(url, **options)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers run beside one writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def upsert_insert(session: AsyncSession, table: Any) -> Any:
    """An ``INSERT`` that can take ``on_conflict_do_update`` on either database (PostgreSQL, SQLite)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def build_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


__all__ = ["Engine", "build_engine", "build_sessionmaker", "is_sqlite", "upsert_insert"]
