"""The Jinja2 environment of every page: template folders per domain, gettext, helpers (ADR 0060).

Each domain keeps its templates beside its routes in ``templates/<domain>/`` (names are
namespaced by that subfolder, so two domains never shadow each other). The environment is one
object per app: the language comes from the request's ContextVar (:mod:`alusta.web.translations`),
never from per-request installs into shared globals.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateRuntimeError, pass_context
from jinja2.runtime import Context
from litestar.connection import ASGIConnection
from markupsafe import Markup, escape

from alusta.i18n import Lang
from alusta.web.static import static_url
from alusta.web.translations import (
    current_lang,
    format_date,
    format_datetime,
    format_deadline,
    gettext,
    machine_datetime,
    ngettext,
)

WEB_TEMPLATES = Path(__file__).parent / "templates"
VIEWER_STATE_KEY = "page_viewer"
# The language switch names each language in itself (WCAG 3.1.2: marked with its own lang).
LANGUAGE_NAMES = ((Lang.FI, "Suomeksi"), (Lang.SV, "På svenska"), (Lang.EN, "In English"))


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a page, as far as the layout needs to know (no identifiers)."""

    loa: str
    csrf_token: str
    name: str | None = None
    staff: bool = False  # a member of some controller's staff: the header links the workspace
    desk: bool = False  # the processor's support desk: the header links the desk console
    # Per tenant, the permission codes of the person's grant there (the workspace's sections).
    permissions: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def can(self, tenant_id: int, permission: str) -> bool:
        return permission in self.permissions.get(tenant_id, frozenset())


ViewerSource = Callable[[ASGIConnection[Any, Any, Any, Any]], Viewer | None]


def _request(context: Context) -> ASGIConnection[Any, Any, Any, Any] | None:
    """The request, or None for pages the web shell renders before routing (refusals)."""
    request = context.get("request")
    return request if isinstance(request, ASGIConnection) else None


@pass_context
def viewer(context: Context) -> Viewer | None:
    """The logged-in person (the auth domain provides the source on ``app.state``), or None."""
    request = _request(context)
    source: ViewerSource | None = request.app.state.get(VIEWER_STATE_KEY) if request is not None else None
    return source(request) if source is not None and request is not None else None


@pass_context
def lang_url(context: Context, lang: str) -> str:
    """The current page in another language: the same path and query with ``lang`` replaced."""
    request = _request(context)
    if request is None:
        return f"/?lang={lang}"
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", lang)]
    return f"{request.url.path}?{urlencode(query)}"


@pass_context
def here(context: Context) -> str:
    """The path (and query) of this page, for ``next`` after login; always same-origin."""
    request = _request(context)
    if request is None:
        return "/"
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


@pass_context
def csrf_field(context: Context) -> Markup:
    """The session's CSRF token as a hidden form field (checked by the auth domain's middleware).

    Fails the render when the page's request is not in the context: a macro file imported
    without ``with context`` would otherwise render an empty field, and every POST of that
    form would answer 403 in the browser while the page looked right.
    """
    if _request(context) is None:
        raise TemplateRuntimeError('csrf_field() has no request: {% import "web/forms.html" as f with context %}')
    found = viewer(context)
    if found is None:
        return Markup("")
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(found.csrf_token))


@pass_context
def processor(context: Context) -> tuple[str, str]:
    """The processor's name and contact address for the footer."""
    request = _request(context)
    found = request.app.state.settings if request is not None else None
    return (found.processor_name, found.processor_contact) if found is not None else ("", "")


def build_environment(directories: Iterable[Path]) -> Environment:
    folders: Sequence[Path] = [WEB_TEMPLATES, *directories]
    env = Environment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        current_lang=current_lang,
        languages=LANGUAGE_NAMES,
        static=static_url,
        format_date=format_date,
        format_datetime=format_datetime,
        format_deadline=format_deadline,
        machine_datetime=machine_datetime,
        viewer=viewer,
        lang_url=lang_url,
        csrf_field=csrf_field,
        processor=processor,
        here=here,
    )
    return env
