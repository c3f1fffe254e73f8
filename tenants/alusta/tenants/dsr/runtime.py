"""What the request domain keeps on ``app.state``: where sealed bundles live, how people are told.

Built by :class:`alusta.tenants.dsr.plugin.DsrPlugin` at app creation (no import-time globals).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alusta.tenants.dsr.intake.attachments import VirusScanner
from alusta.tenants.dsr.notify.notifier import Notifier

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
