"""Errors as RFC 9457 problem details, localised, never with a traceback (ground rule 5)."""

import re
from enum import Enum
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from alusta.i18n import Lang, localise, text
from alusta.logs import get_logger
from alusta.web.context import current_request_id
from alusta.web.error_pages import error_response, wants_html
from alusta.web.problem_titles import PROBLEM_TITLES
from alusta.web.translations import current_lang

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:alusta:problem:"

STATUS_MESSAGE_KEYS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    429: "rate_limited",
    503: "not_ready",
}

RETRY_AFTER_SECONDS = 5  # RFC 9110 Retry-After on every 503: an outage is worth retrying shortly
# SQLSTATE classes of a lost or refused connection: 08 (connection exception), 57P01-57P03
# (administrator or crash shutdown, cannot connect now).
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")

log = get_logger("alusta.errors")


def _sqlstate(error: BaseException | None) -> str:
    for candidate in (error, getattr(error, "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return ""


def is_connection_loss(exc: BaseException) -> bool:
    """The database went away (or never answered): the request may succeed when retried.

    A DBAPIError whose connection SQLAlchemy invalidated, an OperationalError (refused, reset,
    SQLite file unopenable or locked), a pool timeout, the driver's OSError (refused, reset,
    timed out) or a connection-class SQLSTATE, anywhere in the cause chain.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OperationalError | PoolTimeoutError | OSError):
            return True
        if isinstance(current, DBAPIError) and (
            current.connection_invalidated or _sqlstate(current.orig).startswith(_CONNECTION_SQLSTATES)
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


class Problem(HTTPException):
    """An expected failure with a stable machine code and a message safe to show.

    ``detail`` must never contain personal data: it is shown to the caller and may be logged.
    """

    def __init__(self, status_code: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(status_code=status_code, detail=detail, extra=extra or None)
        self.code = code


def problem_body(status: int, code: str, lang: Lang, detail: str | None = None, **extra: Any) -> bytes:
    key = STATUS_MESSAGE_KEYS.get(status, "server_error" if status >= 500 else "bad_request")
    specific = PROBLEM_TITLES.get(code)
    document: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": localise(specific, lang) if specific else text(key, lang),
        "status": status,
        "request_id": current_request_id(),
    }
    if detail:
        document["detail"] = detail
    document |= extra
    return msgspec.json.encode(document)


def _lang(_request: Request[Any, Any, Any]) -> Lang:
    return current_lang()  # decided once by the web shell (alusta.web.language)


_MISSING = re.compile(r"^Missing required (\w+) parameter '([^']{1,100})'")


def _source(value: Any) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)  # "query", not "ParamType.QUERY"


def _safe_validation_errors(request: Request[Any, Any, Any], exc: ValidationException) -> list[dict[str, str]]:
    """Field errors without the offending input values (they may be personal data).

    Every error names its field: a missing parameter (Litestar says so only in its detail text)
    gets an entry of its own, and path parameters the router already converted (``{id:int}``)
    are left out, since they cannot be what failed (Litestar re-checks every field of the
    signature when one fails and reports those too).
    """
    missing = _MISSING.match(str(exc.detail or ""))
    if missing is not None:
        return [{"key": missing.group(2), "source": missing.group(1), "message": "missing required parameter"}]
    if not isinstance(exc.extra, list):
        return []
    errors = []
    for item in exc.extra:
        if not isinstance(item, dict):
            continue
        entry = {
            k: _source(v) if k == "source" else str(v) for k, v in item.items() if k in {"key", "message", "source"}
        }
        if entry.get("source") == "path" and isinstance(request.path_params.get(entry.get("key", "")), int):
            continue
        errors.append(entry)
    return errors


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    code = getattr(exc, "code", None) or STATUS_MESSAGE_KEYS.get(status, "error")
    extra: dict[str, Any] = {}
    if isinstance(exc, ValidationException):
        extra["errors"] = _safe_validation_errors(request, exc)
        detail = "request validation failed"
    elif isinstance(exc, Problem):
        extra = dict(exc.extra) if isinstance(exc.extra, dict) else {}
        detail = exc.detail
    else:
        detail = exc.detail if status < 500 and exc.detail and exc.detail != _default_phrase(status) else ""
    log.info("request_refused", status=status, problem=code)
    if wants_html(request):
        return error_response(request, status, code, headers=exc.headers)
    return Response(
        content=problem_body(status, code, _lang(request), detail, **extra),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=exc.headers,
    )


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    # The exception type and request id are logged; the message and traceback are not, since
    # either may quote personal data from the failing statement.
    if is_connection_loss(exc):
        # The unit of work was rolled back with its connection: nothing half-stored; retry later.
        log.warning("database_unavailable", exception_type=type(exc).__name__)
        return Response(
            content=problem_body(HTTP_503_SERVICE_UNAVAILABLE, "database_unavailable", _lang(request)),
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            media_type=PROBLEM_MEDIA_TYPE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    log.error("unhandled_error", exception_type=type(exc).__name__)
    if wants_html(request):
        return error_response(request, HTTP_500_INTERNAL_SERVER_ERROR, "server_error")
    return Response(
        content=problem_body(HTTP_500_INTERNAL_SERVER_ERROR, "server_error", _lang(request)),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _default_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
