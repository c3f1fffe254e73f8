"""Answers that change records: rectification, erasure, restriction, objection, marketing prohibition.

Applied only on the controller's instruction (a staff action), to the records linked through the
blind index to any identifier the verified subject is known by (``core.service.subject_match``)
in the registers the member may use, then reported to the subject:
- rectification (Art. 16): the corrected fields, validated by the records domain;
- erasure (Art. 17): records deleted except in registers the controller keeps under a legal
  retention exception, each with the reason shown to the subject (Art. 17(3));
- restriction (Art. 18), objection (Art. 21(1)), marketing prohibition (Art. 21(2)-(3)): a flag
  on each record (``dsr_record_flags``) that processing must honour.
Every change writes an audit entry (the records domain's ``record.update`` / ``record.delete``).
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from alusta.audit.actions import AuditAction
from alusta.i18n import Lang, localise
from alusta.tenants.dsr.answers import letters
from alusta.tenants.dsr.core.messages import message
from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.dsr.core.outcomes import Outcome, RequestType
from alusta.tenants.dsr.core.service import ActionRefusedError, details_of, known_identifiers, subject_match
from alusta.tenants.dsr.schemas import EffectIn, RetainIn
from alusta.tenants.dsr.workflow.actions import answer_completed
from alusta.tenants.dsr.workflow.deadlines import MIN_REASON_LENGTH
from alusta.tenants.records import service as records
from alusta.tenants.records.models import NO_MARKETING, OBJECTED, RESTRICTED, Record, RecordFlag, SubjectIndex
from alusta.tenants.records.values import ValuesError
from alusta.tenants.registers import service as registers
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.context import TenantContext

FLAGS = {
    RequestType.RESTRICTION: RESTRICTED,
    RequestType.OBJECTION: OBJECTED,
    RequestType.MARKETING_PROHIBITION: NO_MARKETING,
}


async def subject_records(ctx: TenantContext, request: DsrRequest) -> list[Record]:
    """The subject's records in the registers this member (and this request) may touch."""
    known = known_identifiers(await details_of(ctx.keys, request))
    if not request.identity_verified or SubjectKey.HETU not in known:
        raise ActionRefusedError("identity_not_verified", "verify the requester's identity first")
    indexed = select(SubjectIndex.record_id).where(subject_match(await ctx.keys.all(), known))
    statement = select(Record).where(Record.id.in_(indexed)).order_by(Record.id)
    found = (await ctx.session.execute(statement)).scalars()
    return [
        r
        for r in found
        if ctx.register_allowed(r.register_id) and (request.register_id is None or r.register_id == request.register_id)
    ]


async def _register_name(ctx: TenantContext, register_id: int) -> str:
    register = await registers.get_register(ctx.session, register_id)
    return (await registers.current_version(ctx.session, register)).name if register is not None else str(register_id)


async def _checked_retain(ctx: TenantContext, retain: list[RetainIn]) -> dict[int, tuple[str, str]]:
    """Art. 17(3): each kept register is this controller's, with a ground (a)-(e) and an explanation."""
    checked: dict[int, tuple[str, str]] = {}
    for item in retain:
        known = ctx.register_allowed(item.register_id) and await registers.get_register(ctx.session, item.register_id)
        if not known:
            raise ActionRefusedError("unknown_register", "a register to keep is not one of this controller's")
        if len(item.reason.strip()) < MIN_REASON_LENGTH:
            raise ActionRefusedError("reasons_required", "explain the Art. 17(3) ground: what is kept, why, how long")
        checked[item.register_id] = (item.ground, item.reason.strip())
    return checked


async def _erase(
    ctx: TenantContext, found: list[Record], retain: dict[int, tuple[str, str]], lang: Lang
) -> tuple[int, int, list[str]]:
    """Delete the subject's records except those in kept registers; one line per kept register."""
    deleted = 0
    kept: dict[int, int] = {}
    for record in found:
        if record.register_id in retain:
            kept[record.register_id] = kept.get(record.register_id, 0) + 1
            continue
        await records.delete_record(ctx, record.id)
        deleted += 1
    lines = [
        message("retained_because", lang).format(
            register=await _register_name(ctx, rid),
            count=count,
            ground=localise(letters.ERASURE_GROUNDS[retain[rid][0]], lang),
            reason=retain[rid][1],
        )
        for rid, count in sorted(kept.items())
    ]
    return deleted, sum(kept.values()), lines


async def _answer_erasure(
    ctx: TenantContext, request: DsrRequest, found: list[Record], data: EffectIn, lang: Lang
) -> None:
    """Erased, partly erased (something kept, Art. 17(3)) or refused (everything kept)."""
    retain = await _checked_retain(ctx, data.retain)
    deleted, kept, lines = await _erase(ctx, found, retain, lang)
    opening = message("erasure_report", lang).format(reference=request.reference, done=deleted)
    note = data.note.strip()
    if not kept:
        await answer_completed(ctx, request, "\n\n".join(p for p in (opening, note) if p))
        return
    summary = message("partly_erased" if deleted else "nothing_erased", lang)
    complaint = localise(letters.COMPLAINT_RIGHTS, lang).format(ombudsman=localise(letters.OMBUDSMAN, lang))
    report = "\n\n".join(p for p in (opening, summary, *lines, note, complaint) if p)
    if deleted:
        await answer_completed(ctx, request, report, outcome=Outcome.PARTLY_ERASED)
    else:
        await answer_completed(ctx, request, report, outcome=Outcome.REFUSED_ART_17_3_EXCEPTION)


async def _rectify(ctx: TenantContext, found: list[Record], values: dict[str, Any]) -> int:
    changed = 0
    for record in found:
        register = await registers.get_register(ctx.session, record.register_id)
        if register is None:
            continue
        names = {f.name for f in registers.fields_of(await registers.current_version(ctx.session, register))}
        applicable = {k: v for k, v in values.items() if k in names}
        if applicable:
            try:
                await records.update_record(ctx, record.id, applicable)
            except ValuesError as exc:
                raise ActionRefusedError("invalid_values", str(exc)) from None
            changed += 1
    return changed


async def _flag(ctx: TenantContext, request: DsrRequest, found: list[Record], flag: str) -> int:
    now = datetime.now(UTC)
    ids = [r.id for r in found]
    if ids:
        await ctx.session.execute(delete(RecordFlag).where(RecordFlag.record_id.in_(ids), RecordFlag.flag == flag))
    ctx.session.add_all(
        RecordFlag(tenant_id=ctx.tenant_id, record_id=i, flag=flag, request_id=request.id, set_at=now) for i in ids
    )
    await ctx.session.flush()
    for record_id in ids:
        await ctx.audit(AuditAction.record_flag(flag), "record", record_id)
    return len(ids)


async def apply(ctx: TenantContext, request: DsrRequest, data: EffectIn, lang: Lang) -> None:
    kind = RequestType(request.request_type)
    found = await subject_records(ctx, request)
    if kind is RequestType.ERASURE:
        await _answer_erasure(ctx, request, found, data, lang)
        return
    if kind is RequestType.RECTIFICATION:
        if not data.values:
            raise ActionRefusedError("values_required", "give the corrected field values")
        done = await _rectify(ctx, found, data.values)
    elif kind in FLAGS:
        done = await _flag(ctx, request, found, FLAGS[kind])
    else:
        raise ActionRefusedError("wrong_answer_type", "access and portability are answered with an export bundle")
    report = "\n\n".join(
        part
        for part in (
            message("effect_report", lang).format(reference=request.reference, done=done),
            data.note.strip(),
        )
        if part
    )
    await answer_completed(ctx, request, report)
