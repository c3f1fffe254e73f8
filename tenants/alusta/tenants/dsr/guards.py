"""Who may use the portal and the desk routes (controller routes use the tenancy guards).

- Portal: a logged-in person holding the subject permission, strongly identified (FTN loa2
  "substantial" or loa3 "high"): the login is the identity check of a portal request (§6).
- Desk: processor support staff with ``platform:requests:register``; operators lack it (403).
Guards are async (sync guards run in a thread and lose request context).
"""

from collections.abc import Callable, Coroutine
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from alusta.auth.permissions import Caller, Permission
from alusta.tenants.tenancy.guards import caller_of
from alusta.web.problems import Problem

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Coroutine[Any, Any, None]]
STRONG_LOAS = frozenset({"loa2", "loa3"})


def loa_name(caller: Caller) -> str:
    """``loa3`` from either the short name or the FTN acr URI (http://ftn.ficora.fi/2017/loa3)."""
    return caller.loa.rsplit("/", 1)[-1]


def logged_in(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller:
    caller = caller_of(connection)
    if caller is None:
        raise Problem(401, "unauthorized", "sign in first")
    return caller


def subject(permission: Permission) -> Guard:
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        caller = logged_in(connection)
        if not caller.has(permission):
            raise Problem(403, "forbidden", f"missing permission {permission.value}")
        if loa_name(caller) not in STRONG_LOAS:
            raise Problem(403, "strong_login_required", "filing or reading a request needs strong authentication")

    return guard


def platform(permission: Permission) -> Guard:
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        caller = logged_in(connection)
        if not caller.has(permission):
            raise Problem(403, "forbidden", f"missing permission {permission.value}")

    return guard


def caller_from(connection: ASGIConnection[Any, Any, Any, Any]) -> Caller:
    """In a handler after the guard passed; re-checks rather than trusting it."""
    return logged_in(connection)
