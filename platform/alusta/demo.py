"""``alusta serve --demo``: the embedded default on one machine.

Generated certificate and keys under ``ALUSTA_STATE_DIR``, the SQLite file migrated to head, and
instructions for trusting the local CA.
"""

import click

from alusta.db import migrate
from alusta.settings import Settings


def prepare_demo(settings: Settings) -> None:
    from alusta.tenants.tenancy.demo import seed_demo  # noqa: PLC0415 - demo only

    migrate.upgrade(settings.effective_migration_url)
    seed_demo(settings)  # three example tenants (issue 5 item 7); idempotent


def print_demo_banner(settings: Settings) -> None:
    ca = settings.state_dir / "tls" / "ca.pem"
    click.echo(
        f"""
alusta demo ({settings.environment.value})
  URL:       {settings.public_url}/
  Health:    {settings.public_url}/healthz
  Database:  {settings.database_url}
  Local CA:  {ca}
    curl:    curl --cacert {ca} {settings.public_url}/healthz
    Firefox: Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import
    Chromium: chrome://certificate-manager > Local certificates > Custom > Import
    Debian:  cp {ca} /usr/local/share/ca-certificates/alusta-dev.crt && update-ca-certificates
"""
    )
