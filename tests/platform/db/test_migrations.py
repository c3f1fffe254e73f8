"""Alembic: upgrade, downgrade and upgrade again on both databases; models match migrations."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from alusta.db import migrate
from alusta.models_registry import load_all_models
from fixtures.database import run_on_engine, run_sync_on


def _state(url: str) -> migrate.SchemaState:
    return run_on_engine(url, migrate.schema_state)


def _diff(url: str) -> list[object]:
    def compare(connection: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection), load_all_models()))

    return run_sync_on(url, compare)


def test_upgrade_downgrade_upgrade_round_trip(empty_db_url: str) -> None:
    assert _state(empty_db_url).current == ()
    migrate.upgrade(empty_db_url)
    assert _state(empty_db_url).at_head
    migrate.downgrade(empty_db_url, "base")
    assert _state(empty_db_url).current == ()
    migrate.upgrade(empty_db_url)
    assert _state(empty_db_url).at_head


def test_models_and_migrations_agree(db_url: str) -> None:
    assert _diff(db_url) == []


def test_revision_files_are_date_prefixed() -> None:
    versions = migrate.migrations_dir() / "versions"
    names = [path.name for path in versions.glob("*.py")]
    assert names
    for name in names:
        assert name[:8].isdigit(), name
        assert name[8] == "_", name
