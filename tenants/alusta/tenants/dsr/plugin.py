"""How the request domain joins the app: its runtime on ``app.state`` and its API controllers and the subject's pages.

Relies on the tenants plugin (tenant filter, key provider, membership source, ``ctx``).
"""

from pathlib import Path

from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol

from alusta.settings import Settings
from alusta.tenants.dsr.intake.desk_page_routes import DeskPagesController
from alusta.tenants.dsr.intake.desk_routes import DeskController
from alusta.tenants.dsr.intake.portal_page_routes import SubjectPagesController
from alusta.tenants.dsr.intake.portal_routes import PortalController
from alusta.tenants.dsr.intake.wizard_routes import WizardPagesController
from alusta.tenants.dsr.runtime import STATE_KEY, build_runtime
from alusta.tenants.dsr.workflow.staff_routes import StaffRequestController
from alusta.tenants.dsr.workspace.answer_page_routes import AnswerPagesController
from alusta.tenants.dsr.workspace.effect_page_routes import EffectPagesController
from alusta.tenants.dsr.workspace.letter_page_routes import LetterPagesController
from alusta.tenants.dsr.workspace.page_routes import WorkspacePagesController
from alusta.tenants.dsr.workspace.restriction_page_routes import RestrictionPagesController


class DsrPlugin(InitPluginProtocol):
    # The subject's request pages (ADR 0060: templates beside the domain's routes).
    template_dirs = (Path(__file__).parent / "templates",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.state[STATE_KEY] = build_runtime(self.settings)
        app_config.route_handlers.extend(
            [
                PortalController,
                DeskController,
                StaffRequestController,
                WizardPagesController,
                SubjectPagesController,
                WorkspacePagesController,
                LetterPagesController,
                AnswerPagesController,
                EffectPagesController,
                RestrictionPagesController,
                DeskPagesController,
            ]
        )
        return app_config
