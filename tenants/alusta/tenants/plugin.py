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
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.permissions import MEMBERSHIP_SOURCE_STATE_KEY
from alusta.db.tenancy import install_tenancy
from alusta.settings import Settings
from alusta.tenants.audit.page_routes import AuditPagesController
from alusta.tenants.audit.routes import AuditController
from alusta.tenants.records.page_routes import RecordPagesController
from alusta.tenants.records.routes import RecordController
from alusta.tenants.registers.directory_routes import DirectoryPageController
from alusta.tenants.registers.routes import PublicNoticeController, RegisterController
from alusta.tenants.registers.service import list_registers
from alusta.tenants.registers.workspace_routes import RegisterPagesController
from alusta.tenants.retention.page_routes import RetentionPagesController
from alusta.tenants.retention.routes import RetentionController
from alusta.tenants.tenancy.context import provide_tenant_context
from alusta.tenants.tenancy.invitations import claim_invitations
from alusta.tenants.tenancy.keys import KEY_PROVIDER_STATE_KEY, build_key_provider
from alusta.tenants.tenancy.members_routes import MemberPagesController
from alusta.tenants.tenancy.routes import TenantController
from alusta.tenants.tenancy.service import SqlMembershipSource
from alusta.tenants.tenancy.staff import REGISTER_CHOICES_STATE_KEY


async def register_choices(session: AsyncSession) -> list[tuple[int, str]]:
    """The tenant's registers by name, for a member's register limit (tenancy sits below registers)."""
    return [(version.register_id, version.name) for version in await list_registers(session, None)]


class TenantsPlugin(InitPluginProtocol):
    # Page templates live beside each domain's routes (ADR 0060).
    template_dirs = tuple(
        Path(__file__).parent / domain / "templates"
        for domain in ("registers", "records", "retention", "tenancy", "audit")
    )

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        install_tenancy()
        app_config.state[KEY_PROVIDER_STATE_KEY] = build_key_provider(self.settings)
        app_config.state[MEMBERSHIP_SOURCE_STATE_KEY] = SqlMembershipSource()
        app_config.dependencies["ctx"] = Provide(provide_tenant_context)
        app_config.state[REGISTER_CHOICES_STATE_KEY] = register_choices
        if "auth" in app_config.state:  # the auth plugin runs first: staff invitations are claimed at login
            app_config.state["auth"].login_hooks.append(claim_invitations)
        app_config.route_handlers.extend(
            [
                TenantController,
                RegisterController,
                RecordController,
                RecordPagesController,
                AuditController,
                AuditPagesController,
                MemberPagesController,
                PublicNoticeController,
                DirectoryPageController,
                RegisterPagesController,
                RetentionController,
                RetentionPagesController,
            ]
        )
        return app_config
