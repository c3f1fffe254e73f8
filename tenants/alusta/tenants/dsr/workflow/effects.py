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

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class EffectPlan:
    """What an answer will do, worked out before anything changes (the workspace's preview).

    ``records``: the subject's records it touches; ``deleted`` / ``kept``: for an erasure, the ids
    deleted and those kept under an Art. 17(3) ground; ``changes``: for a rectification, per record
    the fields whose value changes (old, new); ``report``: the letter exactly as the subject reads it.
    """

    kind: RequestType
    records: list[Record]
    report: str
    outcome: Outcome = Outcome.COMPLETED
    deleted: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    changes: dict[int, dict[str, tuple[Any, Any]]] = field(default_factory=dict)


async def _erasure_plan(
    ctx: TenantContext, request: DsrRequest, found: list[Record], data: EffectIn, lang: Lang
) -> EffectPlan:
    """Erased, partly erased (something kept, Art. 17(3)) or refused (everything kept)."""
    retain = await _checked_retain(ctx, data.retain)
    deleted = [r.id for r in found if r.register_id not in retain]
    kept: dict[int, int] = {}
    for record in found:
        if record.register_id in retain:
            kept[record.register_id] = kept.get(record.register_id, 0) + 1
    lines = [
        message("retained_because", lang).format(
            register=await _register_name(ctx, rid),
            count=count,
            ground=localise(letters.ERASURE_GROUNDS[retain[rid][0]], lang),
            reason=retain[rid][1],
        )
        for rid, count in sorted(kept.items())
    ]
    opening = message("erasure_report", lang).format(reference=request.reference, done=len(deleted))
    note = data.note.strip()
    kept_ids = [r.id for r in found if r.register_id in retain]
    if not kept:
        report = "\n\n".join(p for p in (opening, note) if p)
        return EffectPlan(RequestType.ERASURE, found, report, deleted=deleted)
    summary = message("partly_erased" if deleted else "nothing_erased", lang)
    complaint = localise(letters.COMPLAINT_RIGHTS, lang).format(ombudsman=localise(letters.OMBUDSMAN, lang))
    report = "\n\n".join(p for p in (opening, summary, *lines, note, complaint) if p)
    outcome = Outcome.PARTLY_ERASED if deleted else Outcome.REFUSED_ART_17_3_EXCEPTION
    return EffectPlan(RequestType.ERASURE, found, report, outcome, deleted=deleted, kept=kept_ids)


async def _rectification_changes(
    ctx: TenantContext, found: list[Record], values: dict[str, Any], *, show_current: bool
) -> dict[int, dict[str, tuple[Any, Any]]]:
    """Per record, the corrected fields its register has, with the new value.

    For a preview also the value now (reading it is the records domain's audited read).
    """
    changes: dict[int, dict[str, tuple[Any, Any]]] = {}
    for record in found:
        register = await registers.get_register(ctx.session, record.register_id)
        if register is None:
            continue
        names = {f.name for f in registers.fields_of(await registers.current_version(ctx.session, register))}
        applicable = {k: v for k, v in values.items() if k in names}
        if applicable:
            now = (await records.read_record(ctx, record.id)).values if show_current else {}
            changes[record.id] = {k: (now.get(k), v) for k, v in applicable.items()}
    return changes


async def _rectify(ctx: TenantContext, changes: dict[int, dict[str, tuple[Any, Any]]]) -> None:
    for record_id, fields in changes.items():
        try:
            await records.update_record(ctx, record_id, {k: new for k, (_, new) in fields.items()})
        except ValuesError as exc:
            raise ActionRefusedError("invalid_values", str(exc)) from None


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


def _report(request: DsrRequest, done: int, note: str, lang: Lang) -> str:
    opening = message("effect_report", lang).format(reference=request.reference, done=done)
    return "\n\n".join(part for part in (opening, note.strip()) if part)


async def plan(
    ctx: TenantContext, request: DsrRequest, data: EffectIn, lang: Lang, *, show_current: bool = False
) -> EffectPlan:
    """The answer's effect and letter, checked, with nothing changed yet."""
    kind = RequestType(request.request_type)
    found = await subject_records(ctx, request)
    if kind is RequestType.ERASURE:
        return await _erasure_plan(ctx, request, found, data, lang)
    if kind is RequestType.RECTIFICATION:
        if not data.values:
            raise ActionRefusedError("values_required", "give the corrected field values")
        changes = await _rectification_changes(ctx, found, data.values, show_current=show_current)
        return EffectPlan(kind, found, _report(request, len(changes), data.note, lang), changes=changes)
    if kind in FLAGS:
        return EffectPlan(kind, found, _report(request, len(found), data.note, lang))
    raise ActionRefusedError("wrong_answer_type", "access and portability are answered with an export bundle")


async def apply(ctx: TenantContext, request: DsrRequest, data: EffectIn, lang: Lang) -> None:
    """Carry out the planned effect and answer with its report (one unit of work)."""
    planned = await plan(ctx, request, data, lang)
    if planned.kind is RequestType.ERASURE:
        for record_id in planned.deleted:
            await records.delete_record(ctx, record_id)
    elif planned.kind is RequestType.RECTIFICATION:
        await _rectify(ctx, planned.changes)
    else:
        await _flag(ctx, request, planned.records, FLAGS[planned.kind])
    await answer_completed(ctx, request, planned.report, outcome=planned.outcome)
