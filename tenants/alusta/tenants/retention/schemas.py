"""Bodies of the retention API."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RetentionRuleIn:
    months_after_last_change: int


@dataclass(frozen=True)
class RetentionRuleOut:
    register_id: int
    months_after_last_change: int
    set_at: datetime


@dataclass(frozen=True)
class RetentionStatisticOut:
    register_id: int
    created_month: str
    deleted_records: int
