"""The ``alusta`` command: one entry point for serving and operations (design §5)."""

import os
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from alusta.db import migrate
from alusta.demo import demo_marker
from alusta.logs import configure_logging
from alusta.settings import Environment, Settings
from alusta.settings_resolve import SettingsError, migration_url, resolve_settings

if TYPE_CHECKING:
    from alusta.tenants.audit.commands import TenantAudit

NO_SETTINGS_HINT = (
    "alusta: no ALUSTA_* settings given; run this in the folder where `alusta serve --demo` runs "
    "(it finds the demo there), or set ALUSTA_ENVIRONMENT=development, or give the production "
    "settings (README: Configuration)"
)


def use_demo_if_here() -> None:
    """Commands run beside ``alusta serve --demo`` use that demo, as the server does.

    Only when nothing says otherwise: no ALUSTA_* variable is set at all and the state directory
    holds the marker that ``serve --demo`` leaves (production never has one, and any explicit
    setting keeps production's fail-closed resolution).
    """
    if any(name.startswith("ALUSTA_") for name in os.environ):
        return
    if demo_marker(Path(".alusta")).is_file():
        os.environ["ALUSTA_ENVIRONMENT"] = Environment.DEVELOPMENT
        click.echo("alusta: using the demo in .alusta/ (development)", err=True)


def _refuse(exc: SettingsError) -> NoReturn:
    nothing_set = not any(name.startswith("ALUSTA_") for name in os.environ)
    click.echo(NO_SETTINGS_HINT if nothing_set else str(exc), err=True)
    sys.exit(2)


def load_settings(*, find_demo: bool = True, **overrides: object) -> Settings:
    """Read ``ALUSTA_*``, apply command-line overrides, resolve; exit with the reasons on failure.

    ``serve`` passes ``find_demo=False``: the server becomes the demo only with ``--demo``.
    """
    if find_demo:
        use_demo_if_here()
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
        return resolve_settings(settings)
    except SettingsError as exc:
        _refuse(exc)


def schema_owner_url() -> str:
    """Only the database URL: schema commands run as a separate job without the service's keys."""
    use_demo_if_here()
    try:
        return migration_url(Settings())
    except SettingsError as exc:
        _refuse(exc)


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
    from alusta.server import ListenError, bind_listeners  # noqa: PLC0415
    from alusta.server import serve as run_server  # noqa: PLC0415

    if demo and os.environ.get("ALUSTA_ENVIRONMENT", Environment.PRODUCTION) == Environment.PRODUCTION:
        os.environ["ALUSTA_ENVIRONMENT"] = Environment.DEVELOPMENT
    settings = load_settings(find_demo=False, host=host, port=port)
    configure_logging(settings.log_level)  # JSON lines from the first one (demo seeding included)
    if demo and settings.is_production:
        raise click.UsageError("--demo is refused in production")
    try:  # a port in use is said in one line, before any banner or seeding (issue 17 point 8)
        sockets = bind_listeners(settings, settings.host, settings.port)
    except ListenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if demo:
        prepare_demo(settings)
        print_demo_banner(settings)
    run_server(create_app(settings), settings, settings.host, settings.port, sockets)


@main.group()
def db() -> None:
    """Database schema (Alembic)."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the schema (as the owner role: ALUSTA_MIGRATION_DATABASE_URL)."""
    migrate.upgrade(schema_owner_url(), revision)


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION (e.g. -1 or base)."""
    migrate.downgrade(schema_owner_url(), revision)


@main.command("test-idp")
@click.option("--host", default="127.0.0.1", help="Address to bind.")
@click.option("--port", default=9443, type=int, help="Port to listen on.")
def test_idp(*, host: str, port: int) -> None:
    """Serve the built-in test identity provider alone over HTTPS (development/test only).

    The RP registered with it is ALUSTA_PUBLIC_URL with ALUSTA_OIDC_CLIENT_ID and the RP keys;
    point an RP at it with ALUSTA_OIDC_ISSUER=https://localhost:PORT/test-idp.
    """
    from alusta.auth.testidp.app import IdpRefusedError, standalone_app  # noqa: PLC0415
    from alusta.server import ListenError, bind_listener  # noqa: PLC0415
    from alusta.server import serve as run_server  # noqa: PLC0415

    settings = load_settings()
    try:
        app = standalone_app(settings, f"https://localhost:{port}")
    except IdpRefusedError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        sockets = [bind_listener(host, port)]  # the service's metrics port is not the IdP's
    except ListenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"test IdP issuer: https://localhost:{port}/test-idp", err=True)
    run_server(app, settings, host, port, sockets)


@main.group()
def tenant() -> None:
    """Tenants (controllers): created by a processor operator with their first admin."""


@tenant.command("create")
@click.option("--name", required=True, help="The controller's legal name.")
@click.option("--business-id", required=True, help="Y-tunnus, NNNNNNN-T (check digit verified).")
@click.option("--contact-point", required=True, help="Privacy contact point (e-mail or address).")
@click.option("--dpo-contact", required=True, help="Data protection officer's contact.")
@click.option("--locale", default="fi", type=click.Choice(["fi", "sv", "en"]), show_default=True)
@click.option("--loa", default="loa3", type=click.Choice(["loa2", "loa3"]), show_default=True)
@click.option("--admin-identity", default=None, type=int, help="Identity id of the tenant's first admin.")
@click.option("--admin-hetu", default=None, help="Or: henkilötunnus of the first admin (bound to their identity).")
def tenant_create(**options: str) -> None:
    """Create a tenant, its data key and its first admin; prints the tenant id."""
    import asyncio  # noqa: PLC0415

    from alusta.auth.identifiers import InvalidIdentifierError  # noqa: PLC0415
    from alusta.auth.identity import WallError  # noqa: PLC0415
    from alusta.tenants.tenancy.commands import create_tenant_command  # noqa: PLC0415
    from alusta.tenants.tenancy.service import NewTenant  # noqa: PLC0415

    data = NewTenant(
        name=options["name"],
        business_id=options["business_id"],
        contact_point=options["contact_point"],
        dpo_contact=options["dpo_contact"],
        locale=options["locale"],
        required_loa=options["loa"],
    )
    identity, hetu = options["admin_identity"], options["admin_hetu"]
    if (identity is None) == (hetu is None):
        raise click.UsageError("give exactly one of --admin-identity and --admin-hetu")
    try:
        tenant_id = asyncio.run(
            create_tenant_command(load_settings(), data, int(identity) if identity is not None else None, hetu)
        )
    except (InvalidIdentifierError, WallError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"tenant {tenant_id} created")


@tenant.command("status")
@click.argument("tenant_id", type=int)
@click.argument("status", type=click.Choice(["active", "suspended", "offboarding"]))
def tenant_status(tenant_id: int, status: str) -> None:
    """Set a tenant's status: suspended blocks its staff, offboarding leaves them read-only."""
    import asyncio  # noqa: PLC0415

    from alusta.tenants.tenancy.commands import set_status_command  # noqa: PLC0415

    if not asyncio.run(set_status_command(load_settings(), tenant_id, status)):
        click.echo(f"no tenant {tenant_id}", err=True)
        sys.exit(1)
    click.echo(f"tenant {tenant_id} is {status}")


@main.group()
def audit() -> None:
    """The per-tenant hash-chained audit log."""


@audit.command("verify")
@click.option("--tenant", "tenant_id", default=None, type=int, help="Verify one tenant only.")
def audit_verify(tenant_id: int | None) -> None:
    """Check every tenant's chain against its head and latest signed checkpoint; exit 1 on any failure."""
    import asyncio  # noqa: PLC0415

    from alusta.tenants.audit.commands import verify_audit_command  # noqa: PLC0415

    _report_audits(asyncio.run(_audit_or_refuse(verify_audit_command(load_settings(), tenant_id))))


@audit.command("checkpoint")
@click.option("--tenant", "tenant_id", default=None, type=int, help="Checkpoint one tenant only.")
def audit_checkpoint(tenant_id: int | None) -> None:
    """Verify each chain, then sign its head into the checkpoint file (run periodically, e.g. hourly)."""
    import asyncio  # noqa: PLC0415

    from alusta.tenants.audit.commands import checkpoint_audit_command  # noqa: PLC0415

    _report_audits(asyncio.run(_audit_or_refuse(checkpoint_audit_command(load_settings(), tenant_id))))


async def _audit_or_refuse(work: Coroutine[Any, Any, list["TenantAudit"]]) -> list["TenantAudit"]:
    from alusta.audit.checkpoints import CheckpointError  # noqa: PLC0415

    try:
        return await work
    except SettingsError as exc:
        _refuse(exc)
    except CheckpointError as exc:
        # Fail closed: an unreadable or tampered checkpoint file fails every tenant's verification.
        click.echo(f"audit checkpoints cannot be trusted: {exc}", err=True)
        sys.exit(1)


def _report_audits(audits: list["TenantAudit"]) -> None:
    for audit_ in audits:
        result = audit_.result
        if result.ok:
            status = "ok"
            status += f", checkpoint {audit_.checkpoint.seq} holds" if audit_.checkpoint else ", no checkpoint yet"
            status += f", checkpoint {result.head_seq} signed" if audit_.signed else ""
        elif result.broken_at is not None:
            status = f"BROKEN at entry {result.broken_at}: {result.reason}"
        else:
            status = f"FAILED: {result.reason}"
        click.echo(f"tenant {result.tenant_id}: {result.entries} entries checked, {status}")
    if any(not audit_.result.ok for audit_ in audits):
        sys.exit(1)


@main.group()
def requests() -> None:
    """Data-subject requests: deadline reminders and the export runner."""


@requests.command("remind")
@click.option("--smtp-host", envvar="ALUSTA_SMTP_HOST", default=None, help="SMTP relay (STARTTLS); omit: in-app only.")
@click.option("--smtp-port", envvar="ALUSTA_SMTP_PORT", default=587, type=int, show_default=True)
@click.option("--smtp-sender", envvar="ALUSTA_SMTP_SENDER", default="alusta@localhost", show_default=True)
def requests_remind(smtp_host: str | None, smtp_port: int, smtp_sender: str) -> None:
    """Add due reminders to controllers' inboxes and e-mail pending notifications (idempotent)."""
    import asyncio  # noqa: PLC0415

    from alusta.tenants.dsr.commands import SmtpOptions, remind_command  # noqa: PLC0415

    smtp = SmtpOptions(smtp_host, smtp_port, smtp_sender) if smtp_host else None
    report = asyncio.run(remind_command(load_settings(), smtp))
    click.echo(f"reminders added: {report.reminders}, e-mailed: {report.emailed}, failed: {report.failed}")
    if report.failed:
        sys.exit(1)


@requests.command("run-exports")
def requests_run_exports() -> None:
    """Run pending export jobs and resume those abandoned by a stopped process."""
    import asyncio  # noqa: PLC0415

    from alusta.models_registry import load_all_models  # noqa: PLC0415
    from alusta.tenants.dsr.commands import run_exports_command  # noqa: PLC0415

    load_all_models()
    click.echo(f"export jobs run: {asyncio.run(run_exports_command(load_settings()))}")


@main.group()
def staff() -> None:
    """Processor staff roles (platform metadata, bound to the strong identity)."""


@staff.command("grant")
@click.option("--identity-id", required=True, type=int, help="Identity id (see /api/v1/me after their first login).")
@click.option("--role", required=True, type=click.Choice(["support_desk", "operator"]))
def staff_grant(identity_id: int, role: str) -> None:
    """Grant a processor role to an identity."""
    import asyncio  # noqa: PLC0415

    from alusta.auth.commands import UnknownIdentityError, grant_staff_command  # noqa: PLC0415
    from alusta.auth.identity import WallError  # noqa: PLC0415
    from alusta.auth.permissions import Role  # noqa: PLC0415
    from alusta.tenants.tenancy.service import SqlMembershipSource  # noqa: PLC0415

    try:
        asyncio.run(grant_staff_command(load_settings(), identity_id, Role(role), SqlMembershipSource()))
    except (UnknownIdentityError, WallError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"identity {identity_id}: {role} granted")


@main.group()
def retention() -> None:
    """Retention rules of the tenants' registers."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@click.option(
    "--batch-size",
    default=500,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Records deleted per transaction (one commit per batch: a stopped run resumes).",
)
@click.option(
    "--pause",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 60),
    help="Seconds to wait between batches, leaving the database room for the service.",
)
def retention_run(*, dry_run: bool, batch_size: int, pause: float) -> None:
    """Delete records past their register's retention; anonymous counts stay."""
    from alusta.models_registry import load_all_models  # noqa: PLC0415 - keep `alusta --help` fast
    from alusta.tenants.retention.commands import run_command  # noqa: PLC0415

    load_all_models()  # retention's tables reference registers: every mapper must be known
    run_command(load_settings(), dry_run=dry_run, batch_size=batch_size, pause=pause)


if __name__ == "__main__":
    main()
