"""``alusta serve --demo``: the embedded default on one machine.

Generated certificate and keys under ``ALUSTA_STATE_DIR``, the SQLite file migrated to head, and
instructions for trusting the local CA.
"""

from pathlib import Path

import click

from alusta.db import migrate
from alusta.settings import Settings


def demo_marker(state_dir: Path) -> Path:
    """Left by ``serve --demo`` so that other ``alusta`` commands run beside it find the demo."""
    return state_dir / "demo-marker"


def prepare_demo(settings: Settings) -> None:
    from alusta.demo_seed import seed_demo  # noqa: PLC0415 - demo only

    migrate.upgrade(settings.effective_migration_url)
    seed_demo(settings)  # three example tenants (issue 5 item 7); idempotent
    demo_marker(settings.state_dir).write_text("alusta serve --demo uses this state directory\n")


def demo_people() -> list[str]:
    """Who to log in as: each demo tenant's staff, then the other synthetic persons (subjects)."""
    from alusta.auth.testidp.identities import PERSONS, PERSONS_BY_KEY  # noqa: PLC0415 - demo only
    from alusta.demo_seed import demo_tenants  # noqa: PLC0415

    lines, staff = [], set()
    for tenant in demo_tenants():
        roles = [(tenant.admin_key, "admin")] + ([(tenant.handler_key, "handler")] if tenant.handler_key else [])
        for key, role in roles:
            person = PERSONS_BY_KEY[key]
            lines.append(f"    {person.given_name} {person.family_name}: {role}, {tenant.name}")
            staff.add(key)
    subjects = ", ".join(f"{p.given_name} {p.family_name}" for p in PERSONS if p.key not in staff)
    lines.append(f"    data subjects: {subjects}")
    return lines


def print_demo_banner(settings: Settings) -> None:
    ca = settings.state_dir / "tls" / "ca.pem"
    people = "\n".join(demo_people())
    # On stderr: stdout carries the JSON log, one object per line (issue 17 point 8).
    click.echo(
        err=True,
        message=f"""
alusta demo ({settings.environment.value})
  URL:       {settings.public_url}/
  Health:    {settings.public_url}/healthz
  Database:  {settings.database_url}
  Local CA:  {ca}
    curl:    curl --cacert {ca} {settings.public_url}/healthz
    Firefox: Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import
    Chromium: chrome://certificate-manager > Local certificates > Custom > Import
    Debian:  cp {ca} /usr/local/share/ca-certificates/alusta-dev.crt && update-ca-certificates
  Log in:    {settings.public_url}/auth/login?next=/api/v1/me  (pick a person at the test identity provider;
             all identities are synthetic, henkilötunnus individual numbers 900-999)
{people}
""",
    )
