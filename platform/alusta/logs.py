"""Structured JSON logging with a request id on every line, and no personal data.

Log calls pass event names and non-personal fields only (route templates, status codes, ids of
rows, hashed addresses). A processor of last resort scrubs values of keys that commonly carry
personal data, in case a future call site forgets.
"""

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

# Keys whose values are never written, whatever a call site passes (ground rule 5).
REDACTED_KEYS = frozenset(
    {
        "hetu",
        "henkilotunnus",
        "ssn",
        "email",
        "phone",
        "name",
        "address",
        "password",
        "token",
        "id_token",
        "access_token",
        "code",
        "query",
        "query_string",
        "body",
        "cookie",
        "authorization",
        "ip",
        "client_ip",
    }
)


def _redact(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in REDACTED_KEYS.intersection(event):
        event[key] = "[redacted]"
    return event


def configure_logging(level: str = "INFO") -> None:
    """Configure structlog and the standard library's root logger to write JSON lines to stdout.

    stdout carries only the log, one JSON object per line (issue 17 point 8); what is said to a
    person (the demo banner, a refusal to start) goes to stderr.
    """
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _redact,
    ]
    structlog.configure(
        # filter_by_level first: a line below the configured level costs no processing at all.
        processors=[structlog.stdlib.filter_by_level, *shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Tracebacks stay out of the log line's structure on purpose: exception *types* only.
            _drop_exc_info,
            structlog.processors.JSONRenderer(),
        ],
    )
    handler = _StdoutHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # uvicorn's own access log prints raw paths with query strings; ours logs route templates.
    logging.getLogger("uvicorn.access").disabled = True
    # Libraries that log full URLs (query strings can carry codes or identifiers) stay at WARNING.
    for name in ("alembic", "httpx", "httpcore", "authlib"):
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def _drop_exc_info(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    exc_info = event.pop("exc_info", None)
    if isinstance(exc_info, BaseException):
        event["exception_type"] = type(exc_info).__name__
    elif isinstance(exc_info, tuple) and exc_info and exc_info[0] is not None:
        event["exception_type"] = exc_info[0].__name__
    return event


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stdout`` is at emit time (test capture, uvicorn reloads).

    ``StreamHandler.emit`` flushes after every record, so a piped stdout is not held back.
    """

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        return


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
