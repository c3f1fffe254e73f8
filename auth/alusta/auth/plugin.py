"""How the auth domain joins the app: routes, middleware, dependencies (a Litestar init plugin)."""

from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol

from alusta.settings import Settings


class AuthPlugin(InitPluginProtocol):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        return app_config
