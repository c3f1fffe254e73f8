"""Errors as RFC 9457 problem details, localised, never with a traceback (ground rule 5)."""

from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from alusta.i18n import Lang, text
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

log = get_logger("alusta.errors")


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
        "title": specific[lang] if specific else text(key, lang),
        "status": status,
        "request_id": current_request_id(),
    }
    if detail:
        document["detail"] = detail
    document |= extra
    return msgspec.json.encode(document)


def _lang(_request: Request[Any, Any, Any]) -> Lang:
    return current_lang()  # decided once by the web shell (alusta.web.language)


def _safe_validation_errors(extra: Any) -> list[dict[str, str]]:
    """Field errors without the offending input values (they may be personal data)."""
    if not isinstance(extra, list):
        return []
    return [
        {k: str(v) for k, v in item.items() if k in {"key", "message", "source"}}
        for item in extra
        if isinstance(item, dict)
    ]


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    code = getattr(exc, "code", None) or STATUS_MESSAGE_KEYS.get(status, "error")
    extra: dict[str, Any] = {}
    if isinstance(exc, ValidationException):
        extra["errors"] = _safe_validation_errors(exc.extra)
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
