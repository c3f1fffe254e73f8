"""What the request domain keeps on ``app.state``: where sealed bundles live, how people are told.

Built by :func:`build_runtime` (the app plugin, jobs and commands) at start (no import-time globals).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alusta.settings import Settings
from alusta.tenants.dsr.intake.attachments import ClamdScanner, VirusScanner
from alusta.tenants.dsr.notify.notifier import Notifier, SmtpNotifier

STATE_KEY = "dsr"


@dataclass
class DsrRuntime:
    bundle_dir: Path  # sealed answer bundles (AES-GCM STREAM under the tenant key), purged on expiry
    notifier: Notifier | None = None  # e-mail to controller contact points; the in-app inbox is always on
    scanner: VirusScanner | None = None  # attachments are refused when no scanner is configured in production
    require_scanner: bool = True


def runtime_of(state: Any) -> DsrRuntime:
    runtime = state[STATE_KEY]
    if not isinstance(runtime, DsrRuntime):
        raise TypeError("dsr runtime missing")
    return runtime


def build_runtime(settings: Settings) -> DsrRuntime:
    notifier = (
        SmtpNotifier(settings.smtp_host, settings.smtp_port, settings.smtp_sender, require_tls=settings.is_production)
        if settings.smtp_host
        else None
    )
    scanner = ClamdScanner(settings.clamd_host, settings.clamd_port) if settings.clamd_host else None
    return DsrRuntime(
        bundle_dir=settings.state_dir / "dsr-bundles",
        notifier=notifier,
        scanner=scanner,
        require_scanner=settings.is_production,
    )
