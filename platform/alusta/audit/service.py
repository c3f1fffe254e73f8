"""Appending to and verifying the per-tenant audit hash chain.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical fields,
so a changed, removed or reordered entry breaks the chain from that point on. On PostgreSQL the
app role may only SELECT and INSERT this table (migration), and a transaction-scoped advisory
lock per tenant serialises appends so that two requests never fork the chain.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.models import AuditEntry
from alusta.db.base import as_utc
from alusta.db.tenancy import current_tenant

GENESIS = bytes(32)
AUDIT_LOCK_NAMESPACE = 7_461_530_300  # advisory lock key space for audit appends


@dataclass(frozen=True)
class AuditEvent:
    """What happened; no personal data (object ids are opaque row ids, the IP is hashed)."""

    actor_id: int | None
    actor_role: str
    action: str
    object_type: str
    object_id: str
    request_id: str | None = None
    ip_hash: str | None = None


def entry_digest(prev_hash: bytes, entry: AuditEntry) -> bytes:
    canonical = json.dumps(
        [
            entry.tenant_id,
            entry.seq,
            as_utc(entry.at).isoformat(),
            entry.actor_id,
            entry.actor_role,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.request_id,
            entry.ip_hash,
        ],
        separators=(",", ":"),
    ).encode()
    return hashlib.sha256(prev_hash + canonical).digest()


async def append(session: AsyncSession, event: AuditEvent) -> AuditEntry:
    tenant_id = current_tenant(session)
    if tenant_id is None:
        raise RuntimeError("audit append needs the session's tenant")
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, :tid)"),
            {"ns": AUDIT_LOCK_NAMESPACE % 2**31, "tid": tenant_id % 2**31},
        )
    last = (await session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))).scalar_one_or_none()
    prev = last.entry_hash if last is not None else GENESIS
    entry = AuditEntry(
        tenant_id=tenant_id,
        seq=(last.seq + 1) if last is not None else 1,
        at=datetime.now(UTC),
        actor_id=event.actor_id,
        actor_role=event.actor_role,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        request_id=event.request_id,
        ip_hash=event.ip_hash,
        prev_hash=prev,
        entry_hash=b"",
    )
    entry.entry_hash = entry_digest(prev, entry)
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    tenant_id: int
    entries: int
    broken_at: int | None  # seq of the first entry that fails, None when the chain holds
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


async def verify_chain(session: AsyncSession) -> VerifyResult:
    """Walk the session tenant's chain in order; report the first break (changed/removed/reordered)."""
    tenant_id = current_tenant(session)
    if tenant_id is None:
        raise RuntimeError("audit verify needs the session's tenant")
    prev = GENESIS
    expected_seq = 1
    count = 0
    rows = await session.stream_scalars(select(AuditEntry).order_by(AuditEntry.seq))
    async for entry in rows:
        count += 1
        if entry.seq != expected_seq:
            return VerifyResult(tenant_id, count, entry.seq, "sequence gap: an entry was removed")
        if entry.prev_hash != prev:
            return VerifyResult(tenant_id, count, entry.seq, "previous-hash link broken")
        if entry_digest(prev, entry) != entry.entry_hash:
            return VerifyResult(tenant_id, count, entry.seq, "entry content does not match its hash")
        prev = entry.entry_hash
        expected_seq += 1
    return VerifyResult(tenant_id, count, None, None)
