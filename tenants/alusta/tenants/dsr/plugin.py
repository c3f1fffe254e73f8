"""How the request domain joins the app: its runtime on ``app.state`` and its three controllers.

Relies on the tenants plugin (tenant filter, key provider, membership source, ``ctx``).
"""

from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol

from alusta.settings import Settings
from alusta.tenants.dsr.intake.attachments import ClamdScanner
from alusta.tenants.dsr.intake.desk_routes import DeskController
from alusta.tenants.dsr.intake.portal_routes import PortalController
from alusta.tenants.dsr.notify.notifier import SmtpNotifier
from alusta.tenants.dsr.runtime import STATE_KEY, DsrRuntime
from alusta.tenants.dsr.workflow.staff_routes import StaffRequestController


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


class DsrPlugin(InitPluginProtocol):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.state[STATE_KEY] = build_runtime(self.settings)
        app_config.route_handlers.extend([PortalController, DeskController, StaffRequestController])
        return app_config
