"""What only the controller's staff may do (design §4: only they move a request past ``forwarded``).

- Visibility: members with the tenant's request permission; a member limited to some registers
  sees only requests filed against one of those registers (tenant-wide requests need an
  unlimited grant). Others get 404, as for any tenant resource.
- Acknowledge; ask for information or identity proof; verify the identity of a desk request;
  extend once, by 1-2 months, with reasons, before the first deadline (``Deadline.extend``),
  sending the reasons to the subject; answer "no data"; refuse with a reason code, always naming
  the right to complain to the Ombudsman and to a court (``letters.refusal_letter``).
- Every action leaves an event, an audit-chain entry and (where the subject is told) a released
  letter the subject reads in the portal.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from alusta.audit.actions import AuditAction
from alusta.auth.identifiers import InvalidIdentifierError, parse_hetu
from alusta.auth.identity import IdentityVault
from alusta.auth.permissions import Permission
from alusta.calendar.periods import HELSINKI
from alusta.db.base import as_utc
from alusta.i18n import Lang, localise
from alusta.tenants.dsr.answers import letters
from alusta.tenants.dsr.answers.replies import add_letter
from alusta.tenants.dsr.core.messages import message
from alusta.tenants.dsr.core.models import DsrAttachment, DsrReceipt, DsrRequest
from alusta.tenants.dsr.core.outcomes import REFUSALS, Outcome, RequestType, is_free_of_charge
from alusta.tenants.dsr.core.service import (
    ActionRefusedError,
    RequestNotFoundError,
    add_message,
    attachment_bytes,
    details_of,
    mirror_receipt,
    previous_access,
    staff,
    store_details,
    subject_digest,
    transition,
)
from alusta.tenants.dsr.core.states import CLOSED, Actor, RequestState
from alusta.tenants.dsr.notify.inbox import notify_inbox
from alusta.tenants.dsr.notify.notifier import Event
from alusta.tenants.dsr.workflow.deadlines import MIN_REASON_LENGTH, Deadline
from alusta.tenants.records.service import mask_hetu, normalize_identifier
from alusta.tenants.records.values import ValuesError
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant


def visible(ctx: TenantContext, request: DsrRequest) -> bool:
    if ctx.grant.registers is None:
        return True
    return request.register_id is not None and request.register_id in ctx.grant.registers


async def get_request(ctx: TenantContext, request_id: int) -> DsrRequest:
    request = await ctx.session.get(DsrRequest, (ctx.tenant_id, request_id))
    if request is None or not visible(ctx, request):
        raise RequestNotFoundError(str(request_id))
    return request


async def list_requests(
    ctx: TenantContext, *, overdue_only: bool = False, state: str | None = None
) -> list[DsrRequest]:
    statement = select(DsrRequest).order_by(DsrRequest.due_at, DsrRequest.id)
    if state is not None:
        statement = statement.where(DsrRequest.state == state)
    if overdue_only:
        # Overdue: still open after its (possibly extended) deadline (Art. 12(3)).
        open_states = [s.value for s in RequestState if s not in CLOSED]
        statement = statement.where(DsrRequest.state.in_(open_states), DsrRequest.due_at <= datetime.now(UTC))
    return [r for r in (await ctx.session.execute(statement)).scalars() if visible(ctx, r)]


async def tenant_lang(ctx: TenantContext, lang: str | None) -> Lang:
    if lang is not None:
        return Lang(lang)
    tenant = await get_tenant(ctx.session)
    return Lang(tenant.locale) if tenant.locale in {x.value for x in Lang} else Lang.FI


async def letter_lang(ctx: TenantContext, request: DsrRequest, lang: str | None = None) -> Lang:
    """The language of a letter to the subject: as asked, else the one they filed in, else the tenant's.

    Issue 11: letters go out in the language the subject used when filing (kept in the sealed
    details at filing); a desk request without one falls back to the controller's language.
    """
    if lang is not None:
        return Lang(lang)
    filed_in = (await details_of(ctx.keys, request)).get("lang")
    if filed_in in {x.value for x in Lang}:
        return Lang(filed_in)
    return await tenant_lang(ctx, None)


async def acknowledge(ctx: TenantContext, request: DsrRequest) -> None:
    await transition(ctx.session, request, RequestState.ACKNOWLEDGED, staff(ctx))


async def request_information(ctx: TenantContext, request: DsrRequest, text: str) -> None:
    """Art. 12(6): ask for more information or identity proof; the clock keeps running."""
    if request.state == RequestState.FORWARDED.value:
        await acknowledge(ctx, request)
    await transition(ctx.session, request, RequestState.INFO_REQUESTED, staff(ctx))
    await add_message(ctx.keys, ctx.session, request, Actor.CONTROLLER, text)


async def message_requester(ctx: TenantContext, request: DsrRequest, text: str) -> None:
    if RequestState(request.state) in CLOSED:
        raise ActionRefusedError("request_closed", "the request is closed")
    await add_message(ctx.keys, ctx.session, request, Actor.CONTROLLER, text)


async def verify_identity(
    ctx: TenantContext,
    request: DsrRequest,
    hetu: str,
    vault: IdentityVault,
    identifiers: dict[str, str] | None = None,
) -> None:
    """The controller checked who the requester is (desk requests start unverified).

    - Identifiers the controller confirmed with the hetu (e-mail, phone, customer number) are
      searched too when records are found (issue 14 point 1).
    - The once-a-year free-of-charge rule is recomputed for the now-known subject (point 6).
    - A desk request joins the person's portal (point 5): linked to their identity at once when
      they have logged in before, otherwise by the identity vault's blind index of the hetu on
      the routing receipt, claimed at their first login (``intake.portal.claim_linked``).
    """
    try:
        value = parse_hetu(hetu.strip().upper(), allow_synthetic=ctx.allow_synthetic).value
    except InvalidIdentifierError:
        raise ActionRefusedError("invalid_hetu", "not a valid henkilötunnus") from None
    confirmed = {}
    for kind, given in (identifiers or {}).items():
        try:
            confirmed[kind] = normalize_identifier(SubjectKey(kind), given, allow_synthetic=ctx.allow_synthetic)
        except ValuesError:
            raise ActionRefusedError("invalid_identifier", f"the {kind} given is not valid") from None
    keys = await ctx.keys.primary()
    details = await details_of(ctx.keys, request)
    details["hetu"] = value
    if confirmed:
        earlier = details.get("identifiers")
        details["identifiers"] = {**(earlier if isinstance(earlier, dict) else {}), **confirmed}
    await store_details(ctx.keys, request, details)
    request.subject_index = subject_digest(keys, value)
    request.subject_key_id = keys.key_id
    request.identity_verified = True
    request.updated_at = datetime.now(UTC)
    if request.request_type == RequestType.ACCESS.value:
        digests = [subject_digest(material, value) for material in await ctx.keys.all()]
        earlier_access = await previous_access(ctx.session, digests, exclude=request.id)
        request.free_of_charge = is_free_of_charge(earlier_access, as_utc(request.received_at))
    await _link_requester(ctx, request, vault, value)
    await ctx.audit(AuditAction.DSR_IDENTITY_VERIFIED, "dsr_request", request.id)


async def _link_requester(ctx: TenantContext, request: DsrRequest, vault: IdentityVault, hetu: str) -> None:
    """Make the verified person the requester of a desk request, so it reaches their portal."""
    if request.requester_identity_id is not None:
        return  # a portal request: already the logged-in subject's own
    receipt = await ctx.session.get(DsrReceipt, request.id)
    if receipt is None:
        raise RuntimeError("routing receipt missing")
    identity = await vault.find(ctx.session, hetu)
    if identity is not None:
        request.requester_identity_id = receipt.requester_identity_id = identity.id
        receipt.requester_index = receipt.requester_index_key_id = None
    else:
        key_id = vault.keyring.primary_id
        receipt.requester_index, receipt.requester_index_key_id = vault.index(hetu, key_id), key_id
    await ctx.session.flush()


@dataclass(frozen=True)
class ExtensionPlan:
    """An extension as it would be made now: the new deadline and the letter telling the subject."""

    deadline: Deadline
    letter: str


def plan_extension(request: DsrRequest, months: int, reason: str, lang: Lang) -> ExtensionPlan:
    """The extension's rules checked and its letter written, nothing stored (the page's preview)."""
    deadline = Deadline(as_utc(request.received_at), request.extended_months).extend(months, reason, datetime.now(UTC))
    due_day = letters.letter_date((deadline.due.astimezone(HELSINKI) - timedelta(days=1)).date(), lang)
    return ExtensionPlan(deadline, letters.extension_notice(lang, request.reference, months, due_day, reason.strip()))


async def extend(ctx: TenantContext, request: DsrRequest, months: int, reason: str, lang: Lang) -> Deadline:
    """Art. 12(3): once, 1-2 months, with reasons told to the subject within the first month."""
    plan = plan_extension(request, months, reason, lang)
    if request.state == RequestState.FORWARDED.value:
        await acknowledge(ctx, request)
    deadline = plan.deadline
    await transition(ctx.session, request, RequestState.EXTENDED, staff(ctx))
    request.extended_months = deadline.extended_months
    request.due_at = deadline.due.astimezone(UTC)  # stored in UTC: SQLite keeps no offset
    await add_letter(ctx, request, plan.letter)
    await mirror_receipt(ctx.session, request)
    await notify_inbox(ctx.session, request, Event.DEADLINE_EXTENDED, dedupe=f"{request.id}:extended")
    return deadline


async def _close(ctx: TenantContext, request: DsrRequest, target: RequestState, outcome: Outcome) -> None:
    if request.state == RequestState.FORWARDED.value:
        await acknowledge(ctx, request)
    request.outcome = outcome.value
    await transition(ctx.session, request, target, staff(ctx))


async def answer_no_data(ctx: TenantContext, request: DsrRequest, lang: Lang, note: str) -> None:
    """Answer "no data", a valid answer (design §6); the letter still names the complaint rights."""
    await add_letter(ctx, request, await no_data_letter(ctx, request, lang, note))
    await _close(ctx, request, RequestState.ANSWERED, Outcome.NO_DATA)


async def no_data_letter(ctx: TenantContext, request: DsrRequest, lang: Lang, note: str) -> str:
    """The "no data" letter as it will be sent (also the page's preview)."""
    tenant = await get_tenant(ctx.session)
    text = message("no_data_letter", lang).format(controller=tenant.name, reference=request.reference)
    return "\n\n".join(part for part in (text, note.strip(), _complaint(lang)) if part)


async def answer_completed(
    ctx: TenantContext, request: DsrRequest, report: str, kind: str = "report", outcome: Outcome = Outcome.COMPLETED
) -> None:
    """Answer with a report; an outcome that is a refusal (e.g. everything kept, Art. 17(3)) rejects."""
    await add_letter(ctx, request, report, kind=kind)
    await _close(ctx, request, RequestState.REJECTED if outcome in REFUSALS else RequestState.ANSWERED, outcome)


async def reject(ctx: TenantContext, request: DsrRequest, outcome: Outcome, reasons: str, lang: Lang) -> None:
    """A refusal names its legal ground and the right to complain (Art. 12(4)); reasons required."""
    await add_letter(ctx, request, await refusal_text(ctx, request, outcome, reasons, lang))
    await _close(ctx, request, RequestState.REJECTED, outcome)


async def refusal_text(ctx: TenantContext, request: DsrRequest, outcome: Outcome, reasons: str, lang: Lang) -> str:
    """The refusal letter as it will be sent, its rules checked (also the page's preview)."""
    if outcome not in REFUSALS:
        raise ActionRefusedError("not_a_refusal", "choose a refusal reason code")
    if len(reasons.strip()) < MIN_REASON_LENGTH:
        raise ActionRefusedError("reasons_required", "a refusal must give its reasons (Art. 12(4), 12(5))")
    tenant = await get_tenant(ctx.session)
    return letters.refusal_letter(outcome, lang, tenant.name, request.reference, reasons)


def _complaint(lang: Lang) -> str:
    return localise(letters.COMPLAINT_RIGHTS, lang).format(ombudsman=localise(letters.OMBUDSMAN, lang))


@dataclass(frozen=True)
class StaffView:
    request: DsrRequest
    details: dict[str, Any]


async def staff_view(ctx: TenantContext, request: DsrRequest) -> StaffView:
    """The request's sealed details; the hetu only to those who act on requests (1050/2018 s. 29).

    A viewer sees the date of birth part and asterisks (issue 14 point 13).
    """
    await ctx.audit(AuditAction.DSR_READ, "dsr_request", request.id)
    details = await details_of(ctx.keys, request)
    if isinstance(details.get("hetu"), str) and not ctx.can(Permission.TENANT_REQUESTS_ACT):
        details["hetu"] = mask_hetu(details["hetu"])
    return StaffView(request, details)


async def read_attachment(ctx: TenantContext, request: DsrRequest, attachment_id: int) -> tuple[DsrAttachment, bytes]:
    """An attachment of a visible request, unsealed; reading it is logged (design §2)."""
    row = await ctx.session.get(DsrAttachment, (ctx.tenant_id, attachment_id))
    if row is None or row.request_id != request.id:
        raise LookupError("attachment")
    data = await attachment_bytes(ctx.keys, row)
    await ctx.audit(AuditAction.DSR_ATTACHMENT_READ, "dsr_request", request.id)
    return row, data
