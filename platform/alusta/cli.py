"""The ``alusta`` command: one entry point for serving and operations (design §5)."""

import os
import sys

import click

from alusta.db import migrate
from alusta.settings import Environment, Settings
from alusta.settings_resolve import SettingsError, resolve_settings


def load_settings(**overrides: object) -> Settings:
    """Read ``ALUSTA_*``, apply command-line overrides, resolve; exit with the reasons on failure."""
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
        return resolve_settings(settings)
    except SettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)


@click.group()
def main() -> None:
    """alusta: multi-tenant GDPR processor platform."""


@main.command()
@click.option("--demo", is_flag=True, help="Embedded default: SQLite, generated certificate, test IdP, demo tenants.")
@click.option("--host", default=None, help="Address to bind (default ALUSTA_HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to listen on (default ALUSTA_PORT or 8443).")
def serve(*, demo: bool, host: str | None, port: int | None) -> None:
    """Serve the app over HTTPS only."""
    from alusta.app import create_app  # noqa: PLC0415 - keep `alusta --help` fast
    from alusta.demo import prepare_demo, print_demo_banner  # noqa: PLC0415
    from alusta.server import serve as run_server  # noqa: PLC0415

    if demo and os.environ.get("ALUSTA_ENVIRONMENT", Environment.PRODUCTION) == Environment.PRODUCTION:
        os.environ["ALUSTA_ENVIRONMENT"] = Environment.DEVELOPMENT
    settings = load_settings(host=host, port=port)
    if demo:
        if settings.is_production:
            raise click.UsageError("--demo is refused in production")
        prepare_demo(settings)
        print_demo_banner(settings)
    run_server(create_app(settings), settings, settings.host, settings.port)


@main.group()
def db() -> None:
    """Database schema (Alembic)."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the schema (as the owner role: ALUSTA_MIGRATION_DATABASE_URL)."""
    migrate.upgrade(load_settings().effective_migration_url, revision)


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION (e.g. -1 or base)."""
    migrate.downgrade(load_settings().effective_migration_url, revision)


if __name__ == "__main__":
    main()
