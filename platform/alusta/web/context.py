"""Per-request context: the request id bound for logs and error documents."""

from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("alusta_request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str) -> object:
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]
