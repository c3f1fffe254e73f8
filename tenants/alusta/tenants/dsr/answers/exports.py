"""Access (Art. 15) and portability (Art. 20) answers: compile, review, release, download.

- Only on the controller's instruction (a staff action) does the platform compile: every record
  linked through the blind index (under every live key of the tenant) to any identifier the
  subject is known by (hetu; e-mail, phone, customer number given at filing or confirmed at
  verification) in the chosen registers, and records staff found by search and added, plus
  the access-log extract (dates and purposes, C-579/21) when asked, into a sealed bundle
  (``bundle.py``) with the Art. 15(1)(a)-(h) cover letter of each register holding their data.
- The work is a persisted job (``dsr_jobs``): rows stream from the database into a temporary file
  renamed into place when sealed; a runner holds the job's lease (``leases``) while it works, so
  no two runners compile one job and a rerun resumes a killed runner's job at once.
- Staff review the bundle and may redact fields (third parties, non-disclosure); a redaction
  recompiles. Releasing closes the request; the subject downloads over TLS until the link expires
  (then the file is purged).
"""

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from alusta.audit.actions import AuditAction
from alusta.crypto.keys import KeyProvider
from alusta.crypto.primitives import aad_for
from alusta.crypto.stream import open_sealed
from alusta.db.base import as_utc
from alusta.db.tenancy import require_tenant, tenant_session
from alusta.i18n import Lang
from alusta.logs import get_logger
from alusta.tenants.dsr.answers import letters, subject
from alusta.tenants.dsr.answers.bundle import BundleSpec, RegisterExport, partial_files, write_bundle
from alusta.tenants.dsr.answers.leases import job_lease
from alusta.tenants.dsr.answers.replies import LINK_TTL, add_letter
from alusta.tenants.dsr.core.messages import message
from alusta.tenants.dsr.core.models import DsrAnswer, DsrJob, DsrRequest
from alusta.tenants.dsr.core.outcomes import Outcome, RequestType
from alusta.tenants.dsr.core.service import (
    ActionRefusedError,
    ActorRef,
    audit,
    details_of,
    known_identifiers,
    staff,
    subject_match,
    transition,
)
from alusta.tenants.dsr.core.states import CLOSED, RequestState
from alusta.tenants.dsr.notify.inbox import notify_inbox
from alusta.tenants.dsr.notify.notifier import Event
from alusta.tenants.records.models import Record
from alusta.tenants.registers import service as registers
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.keys import KeyStore
from alusta.tenants.tenancy.models import Tenant
from alusta.tenants.tenancy.service import new_id

MAX_ATTEMPTS = 3
log = get_logger("alusta.dsr.exports")


def bundle_path(bundle_dir: Path, tenant_id: int, answer_id: int) -> Path:
    return bundle_dir / f"{tenant_id}-{answer_id}.sealed"


def bundle_aad(tenant_id: int, answer_id: int) -> bytes:
    return aad_for(tenant_id, "dsr_answers", answer_id, "bundle")


async def _checked_records(ctx: TenantContext, record_ids: list[int], registers_chosen: list[int]) -> list[int]:
    """Records staff found by search and add to the bundle: this tenant's, in a chosen register."""
    for record_id in set(record_ids):
        record = await ctx.session.get(Record, (ctx.tenant_id, record_id))
        if record is None or record.register_id not in registers_chosen:
            raise ActionRefusedError("unknown_record", "an added record does not exist in the chosen registers")
    return sorted(set(record_ids))


@dataclass(frozen=True)
class ExportOrder:
    """The controller's choice: registers (None: all it may use), added records, access log, language."""

    registers: list[int] | None
    access_log: bool
    lang: Lang
    records: list[int] = field(default_factory=list)


async def instruct_export(ctx: TenantContext, request: DsrRequest, order: ExportOrder) -> DsrAnswer:
    """The controller's documented instruction to compile (Art. 28(3)(a)); identity must be known."""
    if RequestState(request.state) in CLOSED:
        raise ActionRefusedError("request_closed", "the request is closed")
    if not request.identity_verified or request.subject_index is None:
        raise ActionRefusedError("identity_not_verified", "verify the requester's identity before disclosing anything")
    allowed = [v.register_id for v in await registers.list_registers(ctx.session, ctx.grant.registers)]
    if request.register_id is not None:
        allowed = [r for r in allowed if r == request.register_id]
    register_ids, lang = order.registers, order.lang
    chosen = allowed if register_ids is None else [r for r in register_ids if r in allowed]
    if register_ids is not None and len(chosen) != len(set(register_ids)):
        raise ActionRefusedError("unknown_register", "a chosen register does not exist or is not yours")
    added = await _checked_records(ctx, order.records, chosen)
    if request.state == RequestState.FORWARDED.value:
        await transition(ctx.session, request, RequestState.ACKNOWLEDGED, staff(ctx))
    # The access-log extract: asked for by the subject (or the request type), or added by the controller.
    asked = bool((await details_of(ctx.keys, request)).get("include_access_log"))
    access_log = order.access_log or asked or request.request_type == RequestType.ACCESS_LOG.value
    keys = await ctx.keys.primary()
    now = datetime.now(UTC)
    answer = DsrAnswer(
        tenant_id=ctx.tenant_id,
        id=new_id(),
        request_id=request.id,
        kind="bundle",
        status="pending",
        key_id=keys.key_id,
        body=None,
        instructions={
            "registers": sorted(set(chosen)),
            "records": added,  # found by staff search (point 1 of issue 14): ids only
            "access_log": access_log,
            "lang": lang.value,
            "redactions": [],
        },
        created_by=ctx.caller.identity_id,
        created_at=now,
    )
    ctx.session.add(answer)
    await ctx.session.flush()
    ctx.session.add(
        DsrJob(
            id=answer.id,
            controller_tenant_id=ctx.tenant_id,
            state="pending",
            attempts=0,
            created_at=now,
            updated_at=now,
        )
    )
    await ctx.session.flush()
    await ctx.audit(AuditAction.DSR_EXPORT_INSTRUCTED, "dsr_request", request.id)
    return answer


async def get_answer(ctx: TenantContext, request: DsrRequest, answer_id: int) -> DsrAnswer:
    answer = await ctx.session.get(DsrAnswer, (ctx.tenant_id, answer_id))
    if answer is None or answer.request_id != request.id:
        raise LookupError("answer")
    return answer


async def redact(ctx: TenantContext, answer: DsrAnswer, redactions: list[tuple[int, str]]) -> None:
    """Review: hide fields (Art. 15(4) third parties, non-disclosure); the bundle is recompiled."""
    if answer.kind != "bundle" or answer.status not in {"ready", "failed"}:
        raise ActionRefusedError("not_reviewable", "only a compiled bundle can be reviewed")
    answer.instructions = {**answer.instructions, "redactions": sorted({(r, f) for r, f in redactions})}
    answer.status = "pending"
    job = await ctx.session.get(DsrJob, answer.id)
    if job is not None:
        job.state, job.updated_at = "pending", datetime.now(UTC)
    await ctx.session.flush()
    await ctx.audit(AuditAction.DSR_EXPORT_REDACTED, "dsr_answer", answer.id)


async def release(ctx: TenantContext, request: DsrRequest, answer: DsrAnswer) -> None:
    """The controller releases the reviewed bundle: the request is answered (completed)."""
    if answer.kind != "bundle" or answer.status != "ready":
        raise ActionRefusedError("not_ready", "the bundle is not compiled yet")
    now = datetime.now(UTC)
    answer.status, answer.released_at, answer.expires_at = "released", now, now + LINK_TTL
    tenant = await ctx.session.get(Tenant, ctx.tenant_id)
    lang = Lang(answer.instructions.get("lang", "fi"))
    expires = letters.letter_date(answer.expires_at, lang)  # the letter's language, Helsinki calendar
    text = message("bundle_ready", lang).format(
        controller=tenant.name if tenant else "", reference=request.reference, expires=expires
    )
    if request.request_type == RequestType.ACCESS.value:  # Art. 15(3); recomputed at verification
        text = f"{text}\n\n{message('fee_free' if request.free_of_charge else 'fee_may_apply', lang)}"
    await add_letter(ctx, request, text)
    request.outcome = Outcome.COMPLETED.value
    await transition(ctx.session, request, RequestState.ANSWERED, staff(ctx))


@dataclass(frozen=True)
class Download:
    chunks: Iterator[bytes]
    filename: str


def open_bundle(bundle_dir: Path, answer: DsrAnswer, key: bytes) -> Download:
    path = bundle_path(bundle_dir, answer.tenant_id, answer.id)
    if not path.exists():
        raise FileNotFoundError(path.name)
    return Download(open_sealed(path, key, bundle_aad(answer.tenant_id, answer.id)), f"answer-{answer.id}.zip")


async def preview_bundle(ctx: TenantContext, bundle_dir: Path, answer: DsrAnswer) -> Download:
    """Staff review a compiled bundle before release; reading it is logged (design §2)."""
    if answer.kind != "bundle" or answer.status not in {"ready", "released"}:
        raise LookupError("bundle")
    key = (await ctx.keys.get(answer.key_id)).data_key
    download = open_bundle(bundle_dir, answer, key)  # FileNotFoundError: purged
    await ctx.audit(AuditAction.DSR_EXPORT_PREVIEWED, "dsr_answer", answer.id)
    return download


def expire_if_due(bundle_dir: Path, answer: DsrAnswer, now: datetime) -> bool:
    """Past its expiry the link is dead and the file is purged (notes/privacy.md §6.4)."""
    if answer.expires_at is None or now < as_utc(answer.expires_at):
        return False
    answer.status = "expired"
    bundle_path(bundle_dir, answer.tenant_id, answer.id).unlink(missing_ok=True)
    return True


# --- the runner -----------------------------------------------------------------------------


async def compile_answer(session: AsyncSession, provider: KeyProvider, bundle_dir: Path, answer_id: int) -> None:
    """Write the sealed bundle for one pending answer (the session's tenant is the answer's)."""
    keys = KeyStore(session, provider)
    answer = await session.get(DsrAnswer, (require_tenant(session), answer_id))
    if answer is None:
        raise LookupError("answer")
    request = await session.get(DsrRequest, (answer.tenant_id, answer.request_id))
    tenant = await session.get(Tenant, answer.tenant_id)
    if request is None or tenant is None:
        raise LookupError("request")
    details = await details_of(keys, request)
    known = known_identifiers(details)
    period = subject.Period.of(details)  # issue 14 point 2: only the period the subject asked about
    if SubjectKey.HETU not in known:
        raise LookupError("identity")
    lang = Lang(answer.instructions.get("lang", "fi"))
    redactions = {(int(r), str(f)) for r, f in answer.instructions.get("redactions", [])}
    added = [int(i) for i in answer.instructions.get("records", [])]
    scan = subject.SubjectScan(session, keys, subject_match(await keys.all(), known), added, [], period)
    exports, cover = [], []
    for register_id in answer.instructions.get("registers", []):
        register = await registers.get_register(session, int(register_id))
        if register is None:
            continue
        version = await registers.current_version(session, register)
        names = [f.name for f in registers.fields_of(version)]
        if await scan.count(register.id):  # no cover letter for a register holding nothing about them
            cover.append(letters.access_cover_letter(subject.facts(tenant, version, lang), lang))
        rows = scan.rows(register.id, names)
        exports.append(RegisterExport(str(register.id), version.name, names, rows, redactions))
    primary = await keys.primary()
    await asyncio.to_thread(bundle_dir.mkdir, parents=True, exist_ok=True)

    async def deferred_log() -> AsyncIterator[tuple[str, str]]:
        async for item in subject.access_log(
            session, scan.found, lang, period
        ):  # runs after the registers: ids are known
            yield item

    spec = BundleSpec(
        reference=request.reference,
        generated_at=datetime.now(UTC),
        cover_letter="\n\n".join(
            [
                "\n\n".join(cover)
                or message("no_data_letter", lang).format(controller=tenant.name, reference=request.reference),
                *([period.note(lang)] if period is not None else []),
            ]
        ),
        registers=exports,
        access_log=deferred_log() if answer.instructions.get("access_log") else None,
    )
    summary = await write_bundle(
        bundle_path(bundle_dir, answer.tenant_id, answer.id),
        primary.data_key,
        bundle_aad(answer.tenant_id, answer.id),
        spec,
    )
    answer.key_id = primary.key_id
    answer.status = "ready"
    answer.summary = {"records": summary.records, "redacted": summary.redacted, "size_bytes": summary.size_bytes}
    await audit(session, ActorRef.platform(), AuditAction.DSR_EXPORT_COMPILED, request.id)
    await notify_inbox(session, request, Event.ANSWER_READY, dedupe=f"{answer.id}:compiled:{new_id()}")


async def run_job(
    sessionmaker: async_sessionmaker[AsyncSession], provider: KeyProvider, bundle_dir: Path, job_id: int
) -> str:
    """Run one job unless a live runner holds it ("busy"); resumes an abandoned one at once.

    Returns "done", "pending" (failed, retried later), "failed" (out of attempts), "busy" or
    "skipped" (finished before the lease was taken).
    """
    async with job_lease(_engine_of(sessionmaker), bundle_dir, job_id) as held:
        if not held:
            return "busy"  # another live process is compiling it
        return await _run_leased(sessionmaker, provider, bundle_dir, job_id)


async def _run_leased(
    sessionmaker: async_sessionmaker[AsyncSession], provider: KeyProvider, bundle_dir: Path, job_id: int
) -> str:
    async with sessionmaker() as session:
        job = await session.get(DsrJob, job_id)
        if job is None or job.state in {"done", "failed"}:
            return "skipped"  # finished (or gone) before this runner got the lease
        job.state, job.attempts, job.updated_at = "running", job.attempts + 1, datetime.now(UTC)
        tenant_id, attempts = job.controller_tenant_id, job.attempts
        await session.commit()
    for leftover in partial_files(bundle_path(bundle_dir, tenant_id, job_id)):  # a killed writer's
        leftover.unlink(missing_ok=True)
    outcome = "done"
    try:
        async with tenant_session(sessionmaker, tenant_id) as session:  # rolled back if compiling fails
            await compile_answer(session, provider, bundle_dir, job_id)
    except Exception as exc:  # noqa: BLE001 - the job records the failure; the error type is logged
        log.warning("dsr_export_failed", job_id=job_id, exception_type=type(exc).__name__)
        outcome = "failed" if attempts >= MAX_ATTEMPTS else "pending"
    async with sessionmaker() as session:
        job = await session.get(DsrJob, job_id)
        if job is not None:
            job.state, job.updated_at = outcome, datetime.now(UTC)
        await session.commit()
    if outcome == "failed":
        async with tenant_session(sessionmaker, tenant_id) as session:
            failed = await session.get(DsrAnswer, (tenant_id, job_id))
            if failed is not None:
                failed.status = "failed"
    return outcome


def _engine_of(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncEngine:
    bind = sessionmaker.kw.get("bind")
    if not isinstance(bind, AsyncEngine):
        raise TypeError("the export runner needs a sessionmaker bound to an engine")
    return bind


async def run_pending(sessionmaker: async_sessionmaker[AsyncSession], provider: KeyProvider, bundle_dir: Path) -> int:
    """Run every pending job and every "running" one whose runner died; returns how many ran.

    A "running" job is abandoned exactly when its lease can be taken (``leases``): no stale window.
    Jobs another live runner holds are skipped and not counted.
    """
    async with sessionmaker() as session:
        statement = select(DsrJob.id).where(DsrJob.state.in_(("pending", "running"))).order_by(DsrJob.created_at)
        ids = list(await session.scalars(statement))
    ran = 0
    for job_id in ids:
        ran += await run_job(sessionmaker, provider, bundle_dir, job_id) not in {"busy", "skipped"}
    return ran
