"""Resolving the caller once per request, CSRF on state-changing requests, and async guards.

The middleware puts a :class:`Caller` into ``scope["state"]["caller"]`` for a valid session.
Guards are async (sync guards run in threads and lose context) and check permissions only.
"""

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Receive, Scope, Send

from alusta.auth.identity import processor_roles
from alusta.auth.messages import message
from alusta.auth.permissions import CALLER_STATE_KEY, MEMBERSHIP_SOURCE_STATE_KEY, Caller, MembershipSource, Permission
from alusta.auth.sessions import CSRF_HEADER, SESSION_COOKIE, SessionData, csrf_ok
from alusta.auth.tokens import LOA_RANK
from alusta.i18n import negotiate
from alusta.logs import get_logger
from alusta.web.problems import Problem

SESSION_STATE_KEY = "auth_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
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
            if session is not None:
                state[SESSION_STATE_KEY] = session
                state[CALLER_STATE_KEY] = await resolve_caller(app_state, session)
                path = scope["path"]
                exempt = path in CSRF_EXEMPT_PATHS or path.startswith(CSRF_EXEMPT_PREFIXES)
                unsafe = connection.scope.get("method", "GET") not in SAFE_METHODS and not exempt
                if unsafe and not csrf_ok(session, connection.headers.get(CSRF_HEADER)):
                    app_state["shell"].metrics.auth_failures.labels("csrf_failed").inc()
                    log.info("csrf_refused", route=path)
                    raise Problem(403, "csrf_failed", message("csrf_failed", _lang(connection)))
        await app(scope, receive, send)

    return middleware


def _lang(connection: ASGIConnection[Any, Any, Any, Any]) -> Any:
    return negotiate(connection.query_params.get("lang"), connection.headers.get("accept-language"))


def caller_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller | None:
    caller = connection.scope.get("state", {}).get(CALLER_STATE_KEY)
    return caller if isinstance(caller, Caller) else None


def session_of(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionData | None:
    session = connection.scope.get("state", {}).get(SESSION_STATE_KEY)
    return session if isinstance(session, SessionData) else None


async def require_login(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
    if caller_of(connection) is None:
        raise Problem(401, "not_logged_in", message("not_logged_in", _lang(connection)))


def require_permission(
    permission: Permission, tenant_path_param: str | None = None
) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Any]:
    """A guard: the caller holds ``permission`` (in the tenant named by the path parameter, if given)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        await require_login(connection, handler)
        caller = caller_of(connection)
        assert caller is not None
        tenant_id: int | None = None
        if tenant_path_param is not None:
            try:
                tenant_id = int(connection.path_params[tenant_path_param])
            except (KeyError, TypeError, ValueError):
                raise Problem(404, "not_found", "no such tenant") from None
        if not caller.has(permission, tenant_id):
            raise Problem(403, "forbidden", "permission missing")

    return guard


def require_loa(minimum: str) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Any]:
    """A guard: the session's level of assurance is at least ``minimum`` (e.g. loa3 for a tenant)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        await require_login(connection, handler)
        caller = caller_of(connection)
        assert caller is not None
        if LOA_RANK.get(caller.loa, 0) < LOA_RANK[minimum]:
            raise Problem(403, "loa_insufficient", "a higher level of assurance is required")

    return guard
