"""Resolving the caller once per request, CSRF on state-changing requests, and the one guard family.

The middleware puts a :class:`Caller` into ``scope["state"]["caller"]`` for a valid session.
Guards are async (sync guards run in threads and lose context) and check permissions only:
- :func:`require_login`: any signed-in caller (401 otherwise);
- :func:`holds`: a platform-wide permission (processor staff, data subjects), optionally with a
  strong login (FTN loa2 "substantial" or loa3 "high": the login is the identity check of a
  portal request, design §6); missing permission 403;
- :func:`requires`: a permission inside the tenant of the ``{tenant_id}`` path parameter. No
  caller: 401; a caller without a grant in *this* tenant (other tenants' staff, processor roles,
  data subjects): 404, never 403, so a tenant's existence is not revealed; a member lacking the
  permission: 403 (they already know the tenant exists).
"""

from collections.abc import Callable, Coroutine
from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Receive, Scope, Send

from alusta.auth.identity import processor_roles
from alusta.auth.messages import message
from alusta.auth.permissions import (
    CALLER_STATE_KEY,
    MEMBERSHIP_SOURCE_STATE_KEY,
    Caller,
    MembershipSource,
    Permission,
    Role,
    TenantGrant,
)
from alusta.auth.sessions import CSRF_FORM_FIELD, CSRF_HEADER, SESSION_COOKIE, SessionData, csrf_ok, open_name
from alusta.logs import get_logger
from alusta.web.error_pages import SESSION_ENDED_STATE_KEY
from alusta.web.language import lang_of
from alusta.web.problems import Problem
from alusta.web.templating import Viewer

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Coroutine[Any, Any, None]]
SESSION_STATE_KEY = "auth_session"
STRONG_LOAS = frozenset({"loa2", "loa3"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Paths that check a CSRF form field themselves, or that belong to the test IdP (another party).
CSRF_EXEMPT_PATHS = frozenset({"/auth/logout"})
CSRF_EXEMPT_PREFIXES = ("/test-idp/",)

log = get_logger("alusta.auth")


async def resolve_caller(app_state: Any, session: SessionData) -> Caller:
    runtime = app_state["auth"]
    source: MembershipSource | None = app_state.get(MEMBERSHIP_SOURCE_STATE_KEY)
    async with runtime.sessionmaker() as db:
        roles = await processor_roles(db, session.identity_id)
        # Ground rule 2: a processor-side caller is never also tenant-side, so its tenant grants
        # are not even read (the services and the database refuse to create such grants).
        grants = await source.grants_for(db, session.identity_id) if source is not None and not roles else {}
    return Caller(identity_id=session.identity_id, loa=session.loa, processor_roles=roles, tenant_grants=dict(grants))


def caller_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
        token = connection.cookies.get(SESSION_COOKIE)
        state = scope.setdefault("state", {})
        if token:
            app_state = connection.app.state
            session = await app_state["auth"].sessions.load(token)
            if session is None:
                state[SESSION_ENDED_STATE_KEY] = True  # a page then says the session has ended
            else:
                state[SESSION_STATE_KEY] = session
                state[CALLER_STATE_KEY] = await resolve_caller(app_state, session)
                path = scope["path"]
                exempt = path in CSRF_EXEMPT_PATHS or path.startswith(CSRF_EXEMPT_PREFIXES)
                unsafe = connection.scope.get("method", "GET") not in SAFE_METHODS and not exempt
                if unsafe and not csrf_ok(session, await _presented_token(scope, receive)):
                    app_state["shell"].metrics.auth_failures.labels("csrf_failed").inc()
                    log.info("csrf_refused", route=path)
                    raise Problem(403, "csrf_failed", message("csrf_failed", _lang(connection)))
        await app(scope, receive, send)

    return middleware


async def _presented_token(scope: Scope, receive: Receive) -> str | None:
    """The CSRF token from the header (API) or, for a browser form, its hidden ``csrf_token`` field.

    Reading the form here caches it in the request's scope, so the handler parses the same body.
    """
    request: Request[Any, Any, Any] = Request(scope, receive)
    header = request.headers.get(CSRF_HEADER)
    if header is not None or not request.headers.get("content-type", "").startswith(FORM_TYPES):
        return header
    value = (await request.form()).get(CSRF_FORM_FIELD)
    return value if isinstance(value, str) else None


def page_viewer(connection: ASGIConnection[Any, Any, Any, Any]) -> Viewer | None:
    """What the page layout shows about the logged-in person: name, assurance level, CSRF token."""
    session = session_of(connection)
    if session is None:
        return None
    token = connection.cookies.get(SESSION_COOKIE)
    name = open_name(token, session.name_sealed) if token and session.name_sealed else None
    caller = caller_of(connection)
    grants = caller.tenant_grants if caller is not None else {}
    permissions = {tenant_id: frozenset(p.value for p in grant.permissions) for tenant_id, grant in grants.items()}
    loa = session.loa.rsplit("/", 1)[-1]
    desk = caller is not None and Role.SUPPORT_DESK in caller.processor_roles
    return Viewer(
        loa=loa, csrf_token=session.csrf_token, name=name, staff=bool(grants), permissions=permissions, desk=desk
    )


def _lang(connection: ASGIConnection[Any, Any, Any, Any]) -> Any:
    return lang_of(connection)


def caller_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller | None:
    caller = connection.scope.get("state", {}).get(CALLER_STATE_KEY)
    return caller if isinstance(caller, Caller) else None


def session_of(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionData | None:
    session = connection.scope.get("state", {}).get(SESSION_STATE_KEY)
    return session if isinstance(session, SessionData) else None


async def require_login(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
    if caller_of(connection) is None:
        raise Problem(401, "not_logged_in", message("not_logged_in", _lang(connection)))


def signed_in(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller:
    """The caller, or 401; handlers call it after the guard passed (re-checks rather than trusting it)."""
    caller = caller_of(connection)
    if caller is None:
        raise Problem(401, "unauthorized", "sign in first")
    return caller


def loa_name(caller: Caller) -> str:
    """``loa3`` from either the short name or the FTN acr URI (http://ftn.ficora.fi/2017/loa3)."""
    return caller.loa.rsplit("/", 1)[-1]


def holds(permission: Permission, *, strong_login: bool = False) -> Guard:
    """The caller holds a platform-wide ``permission`` (and, if asked, logged in strongly)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        caller = signed_in(connection)
        if not caller.has(permission):
            raise Problem(403, "forbidden", f"missing permission {permission.value}")
        if strong_login and loa_name(caller) not in STRONG_LOAS:
            raise Problem(403, "strong_login_required", "filing or reading a request needs strong authentication")

    return guard


def not_found() -> Problem:
    return Problem(404, "not_found", "no such resource")


def tenant_id_of(connection: ASGIConnection[Any, Any, Any, Any]) -> int:
    value = connection.path_params.get("tenant_id")
    if not isinstance(value, int):
        raise not_found()
    return value


def tenant_grant_of(connection: ASGIConnection[Any, Any, Any, Any]) -> tuple[Caller, TenantGrant]:
    """The caller and their grant in the path's tenant: 401 without a caller, 404 without a grant."""
    caller = signed_in(connection)
    grant = caller.tenant_grants.get(tenant_id_of(connection))
    if grant is None:
        raise not_found()
    return caller, grant


def requires(permission: Permission) -> Guard:
    """A member of the path's tenant holding ``permission`` (non-members 404, members without it 403)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        _caller, grant = tenant_grant_of(connection)
        if permission not in grant.permissions:
            raise Problem(403, "forbidden", f"missing permission {permission.value}")

    return guard
