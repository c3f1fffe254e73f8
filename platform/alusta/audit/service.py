"""Appending to and verifying the per-tenant audit hash chain.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical fields,
so a changed, removed or reordered entry breaks the chain from that point on. On PostgreSQL the
app role may only SELECT and INSERT ``audit_log`` (migration).

Appends (issue 15): the tenant's ``audit_heads`` row is the sequence. On PostgreSQL one statement
advances it (``UPDATE ... RETURNING`` inside an upsert, computing the new hash with ``sha256()``)
and inserts the entry from what it returned: one round trip, serialised per tenant by the row
lock of that row only (no global advisory lock), and two appends can never take the same
sequence number. SQLite serialises writers; there the same steps run as three statements.

Verification (issue 16 item 3) fails closed: the head says how many entries must be visible, and
a tenant whose head cannot be seen (binding or row-level security hiding rows) is a failure,
never "0 entries, ok".
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import DateTime, bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.checkpoints import Checkpoint
from alusta.audit.models import AuditEntry, AuditHead
from alusta.db.base import as_utc
from alusta.db.tenancy import require_tenant

GENESIS = bytes(32)

# Explicit ``tenant_id = :tenant_id`` in every part (RLS checks it again); parameters are cast,
# asyncpg infers no type for a bare parameter in a SELECT list.
_PG_APPEND = text("""
WITH head AS (
    INSERT INTO audit_heads AS h (tenant_id, seq, prev_hash, head_hash)
    VALUES (CAST(:tenant_id AS bigint), 1, CAST(:genesis AS bytea),
            sha256(CAST(:genesis AS bytea)
                   || convert_to(CAST(:prefix AS text) || '1' || CAST(:suffix AS text), 'UTF8')))
    ON CONFLICT (tenant_id) DO UPDATE SET
        seq = h.seq + 1,
        prev_hash = h.head_hash,
        head_hash = sha256(h.head_hash || convert_to(
            CAST(:prefix AS text) || CAST(h.seq + 1 AS text) || CAST(:suffix AS text), 'UTF8'))
    WHERE h.tenant_id = CAST(:tenant_id AS bigint)
    RETURNING h.seq, h.prev_hash, h.head_hash
)
INSERT INTO audit_log (tenant_id, seq, at, actor_id, actor_role, action, object_type, object_id,
                       request_id, ip_hash, prev_hash, entry_hash)
SELECT CAST(:tenant_id AS bigint), head.seq, CAST(:at AS timestamptz), CAST(:actor_id AS bigint),
       CAST(:actor_role AS varchar),
       CAST(:action AS varchar), CAST(:object_type AS varchar), CAST(:object_id AS varchar),
       CAST(:request_id AS varchar), CAST(:ip_hash AS varchar), head.prev_hash, head.head_hash
FROM head
RETURNING seq, entry_hash
""").bindparams(bindparam("at", type_=DateTime(timezone=True)))
_SQLITE_ADVANCE = text("""
INSERT INTO audit_heads (tenant_id, seq, prev_hash, head_hash) VALUES (:tenant_id, 1, :genesis, :genesis)
ON CONFLICT (tenant_id) DO UPDATE SET seq = seq + 1
RETURNING seq, head_hash
""")
_SQLITE_INSERT = text("""
INSERT INTO audit_log (tenant_id, seq, at, actor_id, actor_role, action, object_type, object_id,
                       request_id, ip_hash, prev_hash, entry_hash)
VALUES (:tenant_id, :seq, :at, :actor_id, :actor_role, :action, :object_type, :object_id,
        :request_id, :ip_hash, :prev_hash, :entry_hash)
""").bindparams(bindparam("at", type_=DateTime(timezone=True)))
_SQLITE_MOVE_HEAD = text(
    "UPDATE audit_heads SET prev_hash = :prev_hash, head_hash = :entry_hash WHERE tenant_id = :tenant_id AND seq = :seq"
)


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


@dataclass(frozen=True)
class Appended:
    seq: int
    entry_hash: bytes


def canonical_parts(tenant_id: int, at: datetime, event: AuditEvent) -> tuple[str, str]:
    """The canonical JSON of an entry split around its sequence number (``prefix + str(seq) + suffix``).

    The split lets PostgreSQL hash an entry whose sequence number it assigns in the same statement;
    the bytes are exactly ``json.dumps([tenant_id, seq, at, ...])`` (ASCII), so chains written
    before the split still verify.
    """
    rest = [
        as_utc(at).isoformat(),
        event.actor_id,
        event.actor_role,
        event.action,
        event.object_type,
        event.object_id,
        event.request_id,
        event.ip_hash,
    ]
    return "[" + json.dumps(int(tenant_id)) + ",", "," + json.dumps(rest, separators=(",", ":"))[1:]


def _digest(prev_hash: bytes, seq: int, parts: tuple[str, str]) -> bytes:
    return hashlib.sha256(prev_hash + (parts[0] + str(int(seq)) + parts[1]).encode()).digest()


def entry_digest(prev_hash: bytes, entry: AuditEntry) -> bytes:
    event = AuditEvent(
        entry.actor_id,
        entry.actor_role,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.request_id,
        entry.ip_hash,
    )
    return _digest(prev_hash, entry.seq, canonical_parts(entry.tenant_id, entry.at, event))


def _params(tenant_id: int, at: datetime, event: AuditEvent) -> dict[str, object]:
    return {
        "tenant_id": tenant_id,
        "genesis": GENESIS,
        "at": at,
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "request_id": event.request_id,
        "ip_hash": event.ip_hash,
    }


async def append(session: AsyncSession, event: AuditEvent) -> Appended:
    """Add one entry to the session tenant's chain (in the caller's transaction)."""
    tenant_id = require_tenant(session)
    at = datetime.now(UTC)
    params = _params(tenant_id, at, event)
    parts = canonical_parts(tenant_id, at, event)
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        row = (await session.execute(_PG_APPEND, {**params, "prefix": parts[0], "suffix": parts[1]})).one()
        return Appended(int(row.seq), bytes(row.entry_hash))
    head = (await session.execute(_SQLITE_ADVANCE, params)).one()
    seq, prev = int(head.seq), bytes(head.head_hash)
    entry_hash = _digest(prev, seq, parts)
    values = {**params, "seq": seq, "prev_hash": prev, "entry_hash": entry_hash}
    await session.execute(_SQLITE_INSERT, values)
    await session.execute(_SQLITE_MOVE_HEAD, values)
    return Appended(seq, entry_hash)


async def start_chain(session: AsyncSession) -> None:
    """Give a new tenant its head (seq 0) so that verification can tell "none yet" from "hidden"."""
    session.add(AuditHead(tenant_id=require_tenant(session), seq=0, prev_hash=GENESIS, head_hash=GENESIS))
    await session.flush()


@dataclass(frozen=True)
class VerifyResult:
    tenant_id: int
    entries: int
    broken_at: int | None  # seq of the first entry that fails, None when the chain holds
    reason: str | None  # why it fails (also when no single entry is to blame), None when it holds
    head_seq: int = 0
    head_hash: bytes = GENESIS

    @property
    def ok(self) -> bool:
        return self.broken_at is None and self.reason is None


async def _head_and_last(session: AsyncSession) -> tuple[AuditHead | None, int]:
    """The head and the highest entry number, read by one statement (one snapshot)."""
    last = select(func.coalesce(func.max(AuditEntry.seq), 0)).scalar_subquery()
    row = (await session.execute(select(AuditHead, last))).first()
    if row is None:
        return None, 0
    return row[0], int(row[1])


async def verify_chain(session: AsyncSession, checkpoint: Checkpoint | None = None) -> VerifyResult:
    """Walk the session tenant's chain up to its head; report the first break.

    Fails closed when the head is not visible, when fewer entries than the head counts are
    visible (removed, or hidden by a wrong binding), when an entry lies beyond the head (head
    rewound), or when the last entry's hash is not the head's. With a signed ``checkpoint``
    (alusta.audit.checkpoints) the chain must also hold its entry with its hash: truncation,
    deletion and a recomputed chain up to that point are caught. Entries appended after the
    head was read (concurrent requests) are not walked.
    """
    tenant_id = require_tenant(session)
    head, last_seq = await _head_and_last(session)
    refused = _head_problem(tenant_id, head, last_seq, checkpoint)
    if refused is not None:
        return refused
    assert head is not None  # _head_problem refuses a missing head
    prev = GENESIS
    expected_seq = 1
    count = 0
    statement = select(AuditEntry).where(AuditEntry.seq <= head.seq).order_by(AuditEntry.seq)
    rows = await session.stream_scalars(statement)
    async for entry in rows:
        count += 1
        broken = _entry_problem(entry, expected_seq, prev, checkpoint)
        if broken is not None:
            return VerifyResult(tenant_id, count, entry.seq, broken, head.seq)
        prev = entry.entry_hash
        expected_seq += 1
    if count != head.seq:
        reason = f"{head.seq} entries expected by the chain head, {count} visible: entries removed or hidden"
        return VerifyResult(tenant_id, count, count + 1, reason, head.seq, head.head_hash)
    if prev != head.head_hash:
        return VerifyResult(tenant_id, count, count, "the last entry does not match the chain head", head.seq)
    return VerifyResult(tenant_id, count, None, None, head.seq, head.head_hash)


def _head_problem(
    tenant_id: int, head: AuditHead | None, last_seq: int, checkpoint: Checkpoint | None
) -> VerifyResult | None:
    if head is None:
        reason = "chain head not visible: the tenant binding or row-level security hides the audit log"
        if checkpoint is not None:
            reason += f" (the signed checkpoint of {checkpoint.at} covers {checkpoint.seq} entries)"
        return VerifyResult(tenant_id, 0, None, reason)
    if last_seq > head.seq:
        return VerifyResult(tenant_id, 0, head.seq + 1, "entry beyond the chain head: the head was moved back")
    if checkpoint is not None and head.seq < checkpoint.seq:
        reason = f"truncated: the signed checkpoint of {checkpoint.at} covers {checkpoint.seq} entries"
        reason += f", the chain head {head.seq}"
        return VerifyResult(tenant_id, 0, head.seq + 1, reason, head.seq)
    return None


def _entry_problem(entry: AuditEntry, expected_seq: int, prev: bytes, checkpoint: Checkpoint | None) -> str | None:
    if entry.seq != expected_seq:
        return "sequence gap: an entry was removed"
    if entry.prev_hash != prev:
        return "previous-hash link broken"
    if entry_digest(prev, entry) != entry.entry_hash:
        return "entry content does not match its hash"
    if checkpoint is not None and entry.seq == checkpoint.seq and entry.entry_hash != checkpoint.head:
        return f"differs from the signed checkpoint of {checkpoint.at}: the chain was rewritten"
    return None
