"""What ``alusta audit verify`` and ``alusta audit checkpoint`` do (the click wiring is in alusta.cli).

Both connect with the service's own database role: each tenant's chain is read in its own
transaction bound to that tenant, exactly as the app does, so RLS and the ORM filter apply to
operators too. On PostgreSQL that transaction is REPEATABLE READ, so the head and the entries
come from one snapshot while requests keep appending.

Verification fails closed (issues 16 item 3, 17 item 6): a tenant whose chain head cannot be
seen, whose visible entries fall short of its head, or whose chain does not contain its latest
signed checkpoint is broken; so is a tenant that has checkpoints but is gone from the database,
and so is every tenant when the checkpoint file does not verify.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from alusta.audit import checkpoints
from alusta.audit.service import VerifyResult, verify_chain
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import install_tenancy, tenant_session
from alusta.settings import Settings
from alusta.settings_resolve import audit_checkpoint_settings
from alusta.tenants.tenancy.models import Tenant


@dataclass(frozen=True)
class TenantAudit:
    result: VerifyResult
    checkpoint: checkpoints.Checkpoint | None  # the latest signed one the chain was held to
    signed: bool = False  # ``checkpoint``: a new checkpoint of this head was written


def _snapshot_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    if engine.dialect.name == "postgresql":
        return build_sessionmaker(engine.execution_options(isolation_level="REPEATABLE READ"))
    return build_sessionmaker(engine)  # an SQLite read transaction is one snapshot already


async def _tenant_ids(sessionmaker: async_sessionmaker[AsyncSession]) -> list[int]:
    async with sessionmaker() as session:
        return sorted((await session.execute(select(Tenant.id))).scalars())


def _gone(tenant_id: int, checkpoint: checkpoints.Checkpoint) -> TenantAudit:
    reason = f"checkpointed ({checkpoint.seq} entries, {checkpoint.at}) but not in the database: tenant deleted"
    return TenantAudit(VerifyResult(tenant_id, 0, None, reason), checkpoint)


async def _audit_tenants(settings: Settings, tenant_id: int | None, *, sign: bool) -> list[TenantAudit]:
    key_path, sink = audit_checkpoint_settings(settings)
    key = checkpoints.load_key(key_path, require_private_mode=settings.is_production)
    latest = checkpoints.latest(sink, key.public_key())  # CheckpointError: the sink was tampered with
    install_tenancy()
    engine = build_engine(settings.database_url or "")
    audits: list[TenantAudit] = []
    lines: list[str] = []
    try:
        sessionmaker = _snapshot_sessionmaker(engine)
        present = await _tenant_ids(build_sessionmaker(engine))
        wanted = [tenant_id] if tenant_id is not None else present
        for tid in wanted:
            if tid not in present:
                checkpoint = latest.get(tid)
                audits.append(_gone(tid, checkpoint) if checkpoint else TenantAudit(_unknown(tid), None))
                continue
            async with tenant_session(sessionmaker, tid) as session:
                result = await verify_chain(session, latest.get(tid))
            if sign and result.ok:
                lines.append(checkpoints.sign(key, tid, result.head_seq, result.head_hash, datetime.now(UTC)))
            audits.append(TenantAudit(result, latest.get(tid), signed=sign and result.ok))
        if tenant_id is None:
            audits += [_gone(tid, cp) for tid, cp in sorted(latest.items()) if tid not in present]
    finally:
        await engine.dispose()
    checkpoints.append_lines(sink, lines)
    return audits


def _unknown(tenant_id: int) -> VerifyResult:
    return VerifyResult(tenant_id, 0, None, "no such tenant")


async def verify_audit_command(settings: Settings, tenant_id: int | None = None) -> list[TenantAudit]:
    """Verify every tenant's chain (or one) against its head and its latest signed checkpoint."""
    return await _audit_tenants(settings, tenant_id, sign=False)


async def checkpoint_audit_command(settings: Settings, tenant_id: int | None = None) -> list[TenantAudit]:
    """Verify, then sign and append the head of every chain that holds; a broken one is not signed."""
    return await _audit_tenants(settings, tenant_id, sign=True)
