"""How the auth domain joins the app: routes, middleware, state (a Litestar init plugin)."""

from pathlib import Path

from litestar.config.app import AppConfig
from litestar.middleware import DefineMiddleware
from litestar.plugins import InitPluginProtocol

from alusta.auth.guards import caller_middleware, page_viewer
from alusta.auth.identity import IdentityVault
from alusta.auth.keys import RelyingPartyKeys
from alusta.auth.provider import OidcProvider
from alusta.auth.routes import AuthController, MeController, WellKnownController
from alusta.auth.service import AuthRuntime
from alusta.auth.sessions import SessionManager
from alusta.auth.store import DatabaseStore, KeyValueStore, RedisStore
from alusta.crypto.keyring import load_keyring
from alusta.settings import Settings
from alusta.web.templating import VIEWER_STATE_KEY

AUTH_STATE_KEY = "auth"


class AuthPlugin(InitPluginProtocol):
    template_dirs = (Path(__file__).parent / "templates",)  # the login-failure page (ADR 0060)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        settings = self.settings
        if settings.key_file is None:
            raise RuntimeError("settings are not resolved: no key file")
        sessionmaker = app_config.state["sessionmaker"]
        store: KeyValueStore
        if settings.redis_url:
            redis_store = RedisStore(settings.redis_url)
            app_config.on_shutdown.append(redis_store.close)
            store = redis_store
        else:
            store = DatabaseStore(sessionmaker)
        rp_keys = RelyingPartyKeys.from_settings(settings)
        app_config.state[AUTH_STATE_KEY] = AuthRuntime(
            settings=settings,
            rp_keys=rp_keys,
            provider=OidcProvider(settings, rp_keys),
            store=store,
            sessions=SessionManager(store, settings),
            vault=IdentityVault(load_keyring(settings.key_file, require_private_mode=settings.is_production)),
            sessionmaker=sessionmaker,
        )
        app_config.state[VIEWER_STATE_KEY] = page_viewer
        app_config.route_handlers.extend([AuthController, MeController, WellKnownController])
        app_config.middleware.append(DefineMiddleware(caller_middleware))
        if not settings.is_production:
            self._mount_test_idp(app_config)
        return app_config

    def _mount_test_idp(self, app_config: AppConfig) -> None:
        # Development and test only (issue 4): production never imports the test IdP.
        from alusta.auth.testidp.app import build_test_idp  # noqa: PLC0415
        from alusta.auth.testidp.routes import TEST_IDP_STATE_KEY, BuiltinIdpController  # noqa: PLC0415

        app_config.state[TEST_IDP_STATE_KEY] = build_test_idp(self.settings, self.settings.public_url or "")
        app_config.route_handlers.append(BuiltinIdpController)
