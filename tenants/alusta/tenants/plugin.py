"""How the tenants domain joins the app: routes, dependencies (a Litestar init plugin).

- installs the ORM tenant filter, flush guard and per-transaction ``SET LOCAL`` binding (isolation
  layers 1 and 2, :mod:`alusta.db.tenancy`);
- puts the KEK-backed key provider and the membership source (the auth domain's contract,
  :class:`alusta.auth.permissions.MembershipSource`) on ``app.state``;
- registers the tenant API, the public privacy-notice pages and the controller directory page.
"""

from pathlib import Path

from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol

from alusta.auth.permissions import MEMBERSHIP_SOURCE_STATE_KEY
from alusta.db.tenancy import install_tenancy
from alusta.settings import Settings
from alusta.tenants.audit.routes import AuditController
from alusta.tenants.records.routes import RecordController
from alusta.tenants.registers.directory_routes import DirectoryPageController
from alusta.tenants.registers.routes import PublicNoticeController, RegisterController
from alusta.tenants.retention.routes import RetentionController
from alusta.tenants.tenancy.context import provide_tenant_context
from alusta.tenants.tenancy.keys import KEY_PROVIDER_STATE_KEY, build_key_provider
from alusta.tenants.tenancy.routes import TenantController
from alusta.tenants.tenancy.service import SqlMembershipSource


class TenantsPlugin(InitPluginProtocol):
    # Page templates live beside each domain's routes (ADR 0060).
    template_dirs = (Path(__file__).parent / "registers" / "templates",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        install_tenancy()
        app_config.state[KEY_PROVIDER_STATE_KEY] = build_key_provider(self.settings)
        app_config.state[MEMBERSHIP_SOURCE_STATE_KEY] = SqlMembershipSource()
        app_config.dependencies["ctx"] = Provide(provide_tenant_context)
        app_config.route_handlers.extend(
            [
                TenantController,
                RegisterController,
                RecordController,
                AuditController,
                PublicNoticeController,
                DirectoryPageController,
                RetentionController,
            ]
        )
        return app_config
