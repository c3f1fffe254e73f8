"""Operations behind ``alusta requests ...``: reminders and the export runner (own engine each)."""

from dataclasses import dataclass

from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import install_tenancy
from alusta.settings import Settings
from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.notify import reminders
from alusta.tenants.dsr.notify.notifier import SmtpNotifier
from alusta.tenants.dsr.runtime import build_runtime
from alusta.tenants.tenancy.keys import build_key_provider


@dataclass(frozen=True)
class SmtpOptions:
    host: str
    port: int
    sender: str


async def remind_command(settings: Settings, smtp: SmtpOptions | None) -> reminders.RemindReport:
    install_tenancy()
    engine = build_engine(settings.database_url or "")
    notifier = None
    if smtp is not None:
        # STARTTLS is required outside development (notify.SmtpNotifier refuses clear text).
        notifier = SmtpNotifier(smtp.host, smtp.port, smtp.sender, require_tls=settings.is_production)
    try:
        return await reminders.remind(build_sessionmaker(engine), notifier, settings.public_url or "")
    finally:
        await engine.dispose()


async def run_exports_command(settings: Settings) -> int:
    """Resume every pending or abandoned export job (after a restart or a crash)."""
    install_tenancy()
    engine = build_engine(settings.database_url or "")
    try:
        return await exports.run_pending(
            build_sessionmaker(engine), build_key_provider(settings), build_runtime(settings).bundle_dir
        )
    finally:
        await engine.dispose()
