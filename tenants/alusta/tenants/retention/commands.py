"""``alusta retention run [--dry-run]``: apply every tenant's retention rules (a CronJob)."""

import asyncio
from datetime import UTC, datetime

import click

from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import install_tenancy
from alusta.settings import Settings
from alusta.tenants.retention.service import DELETE_BATCH, RegisterOutcome, run_retention


async def _run(settings: Settings, *, dry_run: bool, batch_size: int, pause: float) -> list[RegisterOutcome]:
    install_tenancy()
    engine = build_engine(settings.database_url or "")
    try:
        return await run_retention(
            build_sessionmaker(engine), datetime.now(UTC), dry_run=dry_run, batch_size=batch_size, pause=pause
        )
    finally:
        await engine.dispose()


def run_command(settings: Settings, *, dry_run: bool, batch_size: int = DELETE_BATCH, pause: float = 0.0) -> None:
    """The caller (the composition root) has loaded every model: records reference registers."""
    outcomes = asyncio.run(_run(settings, dry_run=dry_run, batch_size=batch_size, pause=pause))
    verb = "would delete" if dry_run else "deleted"
    for outcome in outcomes:
        # Ids and counts only: nothing about the people whose records expired.
        click.echo(
            f"tenant {outcome.tenant_id} register {outcome.register_id}: {verb} "
            f"{outcome.expired if dry_run else outcome.deleted} record(s) last changed before "
            f"{outcome.cutoff.isoformat()}"
        )
    click.echo(f"{len(outcomes)} rule(s) applied{' (dry run: nothing deleted)' if dry_run else ''}")
