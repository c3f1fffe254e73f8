"""How the request domain joins the app: its runtime on ``app.state`` and its three controllers.

Relies on the tenants plugin (tenant filter, key provider, membership source, ``ctx``).
"""

from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol

from alusta.settings import Settings
from alusta.tenants.dsr.intake.desk_routes import DeskController
from alusta.tenants.dsr.intake.portal_routes import PortalController
from alusta.tenants.dsr.runtime import STATE_KEY, build_runtime
from alusta.tenants.dsr.workflow.staff_routes import StaffRequestController


class DsrPlugin(InitPluginProtocol):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.state[STATE_KEY] = build_runtime(self.settings)
        app_config.route_handlers.extend([PortalController, DeskController, StaffRequestController])
        return app_config
