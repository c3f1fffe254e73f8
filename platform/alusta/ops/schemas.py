"""Response bodies of the operations endpoints."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Health:
    status: str


@dataclass(frozen=True)
class ReadinessReport:
    ready: bool
    database: str
    schema: str
    reason: str  # "ready" | "database unavailable" | "schema not up to date"
