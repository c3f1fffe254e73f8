"""The outermost layer of every HTTP request, in front of routing.

Litestar's app-level middleware does not run for requests that match no route (404/405), so
what must hold for *every* response lives here (design §7):
- refuse anything that did not arrive over TLS (scheme https, from the server or a trusted proxy);
- refuse Host headers other than the public origin's;
- a request id for every request, bound into every log line and echoed in ``X-Request-ID``;
- security headers and Secure cookies on every response;
- one access-log line and metrics per request, by route template, never the raw path or query;
- while the schema is not at head, only the operations endpoints and static assets answer (503
  elsewhere, with Retry-After; "database unavailable" when the database could not be reached);
- ``/metrics`` only with the bearer token when one is set, and only on the metrics port when one
  is set (no Host check there: scraped per pod by address, and nothing else answers on it);
- ``HEAD`` answers as ``GET`` would, without the body (RFC 9110 §9.3.2);
- the language of the request (:mod:`alusta.web.language`), remembered in a cookie on pages.
"""

import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog

from alusta.logs import get_logger
from alusta.ops.metrics import UNMATCHED_ROUTE, Metrics, bearer_matches
from alusta.web.context import reset_request_id, set_request_id
from alusta.web.headers import harden_headers
from alusta.web.language import lang_of_scope, lang_set_cookie, query_lang, remembered
from alusta.web.problems import PROBLEM_MEDIA_TYPE, RETRY_AFTER_SECONDS, problem_body
from alusta.web.translations import reset_lang, use_lang

ASGIApp = Callable[[dict[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]
HTTP_503 = 503
OPERATIONS_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
METRICS_PATH = "/metrics"
BEARER_CHALLENGE = (b"www-authenticate", b'Bearer realm="metrics"')
STATIC_PREFIX = "/static/"  # content-hashed assets need no database; error pages link them
ErrorPage = Callable[[int, str], bytes]

log = get_logger("alusta.access")


@dataclass
class ShellState:
    """Mutable facts the shell consults; startup and readiness update them."""

    allowed_hosts: frozenset[str]
    metrics: Metrics
    schema_ready: bool = False
    database_available: bool = True
    metrics_token: bytes | None = None  # /metrics needs `Authorization: Bearer <token>` when set
    metrics_port: int | None = None  # /metrics answers only on this port when set
    error_page: ErrorPage | None = None  # HTML for browsers (status, problem code) -> body


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def wants_html(scope: dict[str, Any]) -> bool:
    """A browser asking for a page: Accept names text/html and the path is not the API's."""
    return "text/html" in (_header(scope, b"accept") or "") and not str(scope.get("path", "")).startswith("/api/")


async def _refuse(
    state: ShellState, scope: dict[str, Any], send: Callable[[Any], Awaitable[None]], status: int, code: str
) -> None:
    if state.error_page is not None and wants_html(scope):
        body, media_type = state.error_page(status, code), b"text/html; charset=utf-8"
    else:
        body, media_type = problem_body(status, code, lang_of_scope(scope), detail=None), PROBLEM_MEDIA_TYPE.encode()
    raw = [(b"content-type", media_type), (b"content-length", str(len(body)).encode())]
    if status == HTTP_503:
        raw.append((b"retry-after", str(RETRY_AFTER_SECONDS).encode()))
    if status == 401:
        raw.append(BEARER_CHALLENGE)
    headers = harden_headers(raw)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def run_shell(
    state: ShellState,
    app: ASGIApp,
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[Any]],
    send: Callable[[Any], Awaitable[None]],
) -> None:
    if scope["type"] not in ("http", "websocket"):
        await app(scope, receive, send)
        return
    request_id = uuid.uuid4().hex
    token = set_request_id(request_id)
    lang_token = use_lang(lang_of_scope(scope))
    chosen = query_lang(scope)
    remember = chosen is not None and chosen != remembered(scope)
    structlog.contextvars.bind_contextvars(request_id=request_id)
    started = time.perf_counter()
    status_holder = [0]
    head = scope["type"] == "http" and scope["method"] == "HEAD"
    inner = {**scope, "method": "GET"} if head else scope  # HEAD is routed as GET ...

    async def send_hardened(message: Any) -> None:
        if message["type"] == "http.response.start":
            status_holder[0] = message["status"]
            headers = harden_headers(list(message.get("headers", [])))
            headers.append((b"x-request-id", request_id.encode()))
            if remember and _is_html(headers):
                headers.append((b"set-cookie", lang_set_cookie(lang_of_scope(scope))))
            message = {**message, "headers": headers}
        elif head and message["type"] == "http.response.body":
            message = {**message, "body": b""}  # ... and answers with GET's status and headers, no body
        await send(message)

    try:
        refusal = _refusal(state, scope)
        if refusal is not None:
            state.metrics.refusals.labels(refusal[1]).inc()
            await _refuse(state, scope, send_hardened, *refusal)
        else:
            await app(inner, receive, send_hardened)
    finally:
        route = inner.get("path_template") or UNMATCHED_ROUTE
        elapsed = time.perf_counter() - started
        if scope["type"] == "http":
            state.metrics.observe(scope["method"], route, status_holder[0], elapsed)
        log.info(
            "request", method=scope.get("method"), route=route, status=status_holder[0], ms=round(elapsed * 1000, 1)
        )
        structlog.contextvars.unbind_contextvars("request_id")
        reset_lang(lang_token)
        reset_request_id(token)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name.lower() == b"content-type" and value.startswith(b"text/html") for name, value in headers)


def _refusal(state: ShellState, scope: dict[str, Any]) -> tuple[int, str] | None:
    if scope.get("scheme") not in ("https", "wss"):
        return 400, "tls_required"
    path = scope["path"]
    refusal = _placement_refusal(state, scope, path)
    if refusal is not None:
        return refusal
    token = state.metrics_token
    if path == METRICS_PATH and token is not None and not bearer_matches(_header(scope, b"authorization"), token):
        return 401, "metrics_token_required"
    if not state.schema_ready and path not in OPERATIONS_PATHS and not path.startswith(STATIC_PREFIX):
        return HTTP_503, "not_ready" if state.database_available else "database_unavailable"
    return None


def _placement_refusal(state: ShellState, scope: dict[str, Any], path: str) -> tuple[int, str] | None:
    """The metrics port serves /metrics only; the service port checks Host and lacks /metrics then."""
    server = scope.get("server") or ("", None)
    if state.metrics_port is not None and server[1] == state.metrics_port:
        return None if path == METRICS_PATH else (404, "not_found")
    host = (_header(scope, b"host") or "").lower()
    if host not in state.allowed_hosts:
        return 400, "host_not_allowed"
    if path == METRICS_PATH and state.metrics_port is not None:
        return 404, "not_found"
    return None
