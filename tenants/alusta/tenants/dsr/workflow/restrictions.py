"""Lifting a restriction of processing (Art. 18(3)): the subject is told first, then it is lifted.

- ``announce_lift``: the controller tells the subject, with reasons, that the restriction their
  answered restriction request placed will be lifted (a letter in the portal); the records stay
  restricted.
- ``lift``: only after that announcement, the request's restriction flags are removed, each
  record's change audited, and the subject told that it has been lifted (issue 14 point 11).
"""

from datetime import UTC, datetime

from sqlalchemy import delete, select

from alusta.audit.actions import AuditAction
from alusta.i18n import Lang
from alusta.tenants.dsr.answers.replies import add_letter
from alusta.tenants.dsr.core.messages import message
from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.dsr.core.outcomes import Outcome, RequestType
from alusta.tenants.dsr.core.service import ActionRefusedError, details_of, store_details
from alusta.tenants.dsr.workflow.deadlines import MIN_REASON_LENGTH
from alusta.tenants.records.models import RESTRICTED, RecordFlag
from alusta.tenants.tenancy.context import TenantContext

ANNOUNCED = "restriction_lift_announced_at"  # in the request's sealed details


def check_restricting(request: DsrRequest) -> None:
    if request.request_type != RequestType.RESTRICTION.value or request.outcome != Outcome.COMPLETED.value:
        raise ActionRefusedError("not_restricted", "only an answered restriction request placed a restriction")


def lift_notice(request: DsrRequest, reason: str, lang: Lang) -> str:
    """The Art. 18(3) letter as it will be sent (also the workspace's preview)."""
    return message("restriction_lift_notice", lang).format(reference=request.reference, reason=reason.strip())


async def restricted_records(ctx: TenantContext, request: DsrRequest) -> list[int]:
    """The records this request's restriction still holds."""
    placed = select(RecordFlag.record_id).where(RecordFlag.request_id == request.id, RecordFlag.flag == RESTRICTED)
    return [int(i) for i in (await ctx.session.execute(placed)).scalars()]


async def is_announced(ctx: TenantContext, request: DsrRequest) -> bool:
    return ANNOUNCED in await details_of(ctx.keys, request)


async def announce_lift(ctx: TenantContext, request: DsrRequest, reason: str, lang: Lang) -> None:
    """Art. 18(3): inform the subject before the restriction is lifted, with the reasons."""
    check_restricting(request)
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ActionRefusedError("reasons_required", "say why the restriction ends (Art. 18(3))")
    details = await details_of(ctx.keys, request)
    if ANNOUNCED in details:
        raise ActionRefusedError("already_announced", "the subject has already been told")
    details[ANNOUNCED] = datetime.now(UTC).isoformat()
    await store_details(ctx.keys, request, details)
    await add_letter(ctx, request, lift_notice(request, reason, lang))
    await ctx.audit(AuditAction.DSR_RESTRICTION_LIFT_ANNOUNCED, "dsr_request", request.id)


async def lift(ctx: TenantContext, request: DsrRequest, lang: Lang) -> int:
    """Remove the restriction flags this request placed; refused unless the subject was told first."""
    check_restricting(request)
    if ANNOUNCED not in await details_of(ctx.keys, request):
        raise ActionRefusedError("lift_not_announced", "tell the subject before lifting the restriction (Art. 18(3))")
    record_ids = await restricted_records(ctx, request)
    if record_ids:
        await ctx.session.execute(
            delete(RecordFlag).where(RecordFlag.record_id.in_(record_ids), RecordFlag.flag == RESTRICTED)
        )
    for record_id in record_ids:
        await ctx.audit(AuditAction.RECORD_RESTRICTION_LIFTED, "record", record_id)
    await add_letter(ctx, request, message("restriction_lifted", lang).format(reference=request.reference))
    return len(record_ids)
