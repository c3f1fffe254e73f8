"""The application factory: ``create_app(settings)`` builds the whole Litestar app.

Nothing is built at import time. The settings must already be resolved
(:func:`alusta.settings_resolve.resolve_settings`), so a production app never exists without its
keys, TLS and identity-provider settings.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template import TemplateConfig
from litestar.types import ControllerRouterHandler, Receive, Scope, Send

from alusta.auth.plugin import AuthPlugin
from alusta.db.deps import provide_db_session
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.migrate import schema_state
from alusta.logs import configure_logging, get_logger
from alusta.ops.metrics import Metrics, read_metrics_token
from alusta.ops.routes import OperationsController
from alusta.settings import Settings
from alusta.tenants.dsr.plugin import DsrPlugin
from alusta.tenants.plugin import TenantsPlugin
from alusta.web.apidocs import OPENAPI_PATH, LocalSwaggerRenderPlugin
from alusta.web.error_pages import render_error
from alusta.web.input_guard import guard_input
from alusta.web.openapi import ProblemDocumentedJson
from alusta.web.pages import PagesController
from alusta.web.problems import handle_http_exception, handle_unexpected
from alusta.web.shell import ShellState, run_shell
from alusta.web.static import StaticController
from alusta.web.templating import build_environment

VERSION = "0.1.0"

log = get_logger("alusta.app")


class AlustaApp(Litestar):
    """Litestar with the security shell in front of routing (see :mod:`alusta.web.shell`)."""

    shell: ShellState

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # type: ignore[override]
        await run_shell(self.shell, super().__call__, scope, receive, send)  # type: ignore[arg-type]


def route_handlers() -> list[ControllerRouterHandler]:
    """The platform's own routes; the auth and tenants domains add theirs through their plugins."""
    return [OperationsController, PagesController, StaticController]


def template_directories(plugins: list[object]) -> list[Path]:
    """Each domain's own template folder (beside its routes), declared by its plugin (ADR 0060)."""
    return [folder for plugin in plugins for folder in getattr(plugin, "template_dirs", ())]


def create_app(settings: Settings) -> AlustaApp:
    configure_logging(settings.log_level)
    engine = build_engine(settings.database_url or "")
    shell = ShellState(
        allowed_hosts=frozenset(settings.allowed_hosts()),
        metrics=Metrics(),
        metrics_token=read_metrics_token(settings.metrics_token_file) if settings.metrics_token_file else None,
        metrics_port=settings.metrics_port,
    )
    plugins = [AuthPlugin(settings), TenantsPlugin(settings), DsrPlugin(settings)]
    env = build_environment(template_directories(list(plugins)))
    shell.error_page = lambda status, code: render_error(env, status, code).encode()

    @asynccontextmanager
    async def lifespan(_app: Litestar) -> AsyncIterator[None]:
        try:
            state = await schema_state(engine)
            shell.schema_ready = state.at_head
            log.info("startup", environment=settings.environment.value, schema=state.explain())
        except Exception as exc:  # noqa: BLE001 - startup must survive a down database; readiness reports it
            shell.database_available = False  # refusals say "database unavailable", not "schema"
            log.warning("startup_database_unavailable", exception_type=type(exc).__name__)
        try:
            yield
        finally:
            await engine.dispose()

    app = AlustaApp(
        route_handlers=route_handlers(),
        plugins=plugins,
        lifespan=[lifespan],
        state=State(
            {"settings": settings, "engine": engine, "sessionmaker": build_sessionmaker(engine), "shell": shell}
        ),
        dependencies={"db_session": Provide(provide_db_session)},
        before_request=guard_input,
        exception_handlers={HTTPException: handle_http_exception, Exception: handle_unexpected},
        openapi_config=OpenAPIConfig(
            title="alusta",
            version=VERSION,
            description="Multi-tenant GDPR processor platform API.",
            path=OPENAPI_PATH,
            render_plugins=[ProblemDocumentedJson(), LocalSwaggerRenderPlugin()],
        ),
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(env)),
        request_max_body_size=settings.max_body_bytes,
        logging_config=None,  # alusta.logs configures JSON logging; Litestar's default would replace it
        debug=False,
    )
    app.shell = shell
    return app
