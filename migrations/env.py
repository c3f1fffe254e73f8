"""Alembic environment: one history for all tables, run as the schema owner.

On PostgreSQL every migration transaction gets ``lock_timeout`` and ``statement_timeout`` (a
migration waiting on a busy table gives up instead of stalling the service), and an advisory lock
keeps two migration jobs (two pods starting at once) from running together.
"""

import asyncio
import logging.config

from alembic import context
from sqlalchemy import Connection, text

from alusta.db.engine import build_engine, is_sqlite
from alusta.models_registry import load_all_models
from alusta.settings import Settings
from alusta.settings_resolve import migration_url

MIGRATION_LOCK_ID = 7_461_530_221  # arbitrary constant shared by every alusta migration run
LOCK_TIMEOUT = "4s"
STATEMENT_TIMEOUT = "60s"

config = context.config
if config.config_file_name is not None and config.get_main_option("configure_logging", "true") == "true":
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = load_all_models()


def _database_url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return str(url)
    return migration_url(Settings())


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(str(connection.engine.url)),  # SQLite ALTER needs table copies
        compare_type=True,
        transaction_per_migration=True,
    )
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
        connection.execute(text(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'"))
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        connection.commit()
    try:
        context.run_migrations()
    finally:
        if postgres:
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
            connection.commit()


async def _run_online() -> None:
    engine = build_engine(_database_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
