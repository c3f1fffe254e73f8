"""Prometheus metrics kept in a registry per app instance (no process-global state).

Requests are labelled by *route template* (``/api/v1/tenants/{tenant:str}``), never by raw path,
so neither personal data in paths nor unbounded label sets reach the metrics.
"""

import hmac
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram

UNMATCHED_ROUTE = "<unmatched>"
MIN_TOKEN_LENGTH = 32  # characters of the /metrics bearer token (e.g. `openssl rand -hex 32` gives 64)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.requests = Counter(
            "alusta_http_requests",
            "HTTP requests by method, route template and status code.",
            ("method", "route", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "alusta_http_request_duration_seconds",
            "HTTP request latency by method and route template.",
            ("method", "route"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.refusals = Counter(
            "alusta_http_refused",
            "Requests refused before routing, by reason (plain HTTP, disallowed host).",
            ("reason",),
            registry=self.registry,
        )
        self.auth_failures = Counter(
            "alusta_auth_failures",
            "Refused logins and token validations, by reason code.",
            ("reason",),
            registry=self.registry,
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


class MetricsTokenError(ValueError):
    """The metrics token file is unusable; the message names why, never the token."""


def read_metrics_token(path: Path) -> bytes:
    try:
        token = path.read_bytes().strip()
    except OSError as exc:
        raise MetricsTokenError(f"{path} cannot be read ({type(exc).__name__})") from None
    if len(token) < MIN_TOKEN_LENGTH or not token.isascii() or any(c <= 0x20 for c in token):
        raise MetricsTokenError(f"the token in {path} must be at least {MIN_TOKEN_LENGTH} printable ASCII characters")
    return token


def bearer_matches(authorization: str | None, token: bytes) -> bool:
    """``Authorization: Bearer <token>``, compared in constant time (RFC 6750 §2.1)."""
    if authorization is None:
        return False
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(credentials.strip().encode("latin-1"), token)
