"""Alembic, driven from code: where the scripts are, upgrade/downgrade, and "is the schema at head"."""

import asyncio
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import alusta


def migrations_dir() -> Path:
    """The source tree's ``migrations/`` (editable install) or the copy inside the wheel."""
    for root in map(Path, alusta.__path__):
        for candidate in (root.parent.parent / "migrations", root / "_migrations"):
            if (candidate / "env.py").is_file():
                return candidate
    raise RuntimeError("Alembic scripts not found: neither migrations/ nor alusta/_migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


@dataclass(frozen=True)
class SchemaState:
    current: tuple[str, ...]
    heads: tuple[str, ...]

    @property
    def at_head(self) -> bool:
        return set(self.current) == set(self.heads)

    def explain(self) -> str:
        if self.at_head:
            return "schema at head"
        if not self.current:
            return "schema not migrated; run `alusta db upgrade`"
        return f"schema at {','.join(self.current)}, head is {','.join(self.heads)}; run `alusta db upgrade`"


def _current_revisions(connection: Connection) -> tuple[str, ...]:
    return tuple(MigrationContext.configure(connection).get_current_heads())


async def schema_state(engine: AsyncEngine) -> SchemaState:
    heads = tuple(ScriptDirectory.from_config(alembic_config("")).get_heads())
    async with engine.connect() as connection:
        current = await connection.run_sync(_current_revisions)
    return SchemaState(current=current, heads=heads)


async def upgrade_async(url: str) -> None:
    """Run the (synchronous) Alembic upgrade without blocking the event loop."""
    await asyncio.to_thread(upgrade, url)
