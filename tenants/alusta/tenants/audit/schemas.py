"""The audit log as the tenant's admins see it (hashes hex-encoded)."""

from datetime import datetime

import msgspec


class AuditEntryOut(msgspec.Struct):
    seq: int
    at: datetime
    actor_id: int | None
    actor_role: str
    action: str
    object_type: str
    object_id: str
    request_id: str | None
    ip_hash: str | None
    prev_hash: str
    entry_hash: str


class AuditPage(msgspec.Struct):
    items: list[AuditEntryOut]
    next_after: int | None


class ChainStatus(msgspec.Struct):
    ok: bool
    entries: int
    broken_at: int | None
    reason: str | None
