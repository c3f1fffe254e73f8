"""One request as the workspace's request page shows it to a member, and what they may do next.

- The sealed details are opened for members who read requests (the API's ``staff_view``, whose
  read is audit-logged). The requester's identifiers (henkilötunnus, e-mail, phone, customer
  number) stay hidden until a member who acts on requests chooses to reveal them; every reveal is
  an audit entry of its own (issue 12; 1050/2018 s. 29: the hetu only where needed).
- The actions offered follow the state machine and the deadline rules, so a page never offers
  what the service would refuse; the service checks again when the form is posted.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from alusta.audit.actions import AuditAction
from alusta.auth.permissions import Permission
from alusta.db.base import as_utc
from alusta.i18n import Lang
from alusta.tenants.dsr.core.models import DsrAnswer, DsrEvent, DsrRequest
from alusta.tenants.dsr.core.outcomes import Outcome, RequestType
from alusta.tenants.dsr.core.states import RequestState, is_open
from alusta.tenants.dsr.intake.portal import (
    AttachmentInfo,
    answer_text,
    asked_period,
    attachments_of,
    events_of,
    messages_of,
)
from alusta.tenants.dsr.workflow import actions
from alusta.tenants.dsr.workflow.deadlines import Deadline
from alusta.tenants.tenancy.context import TenantContext

HIDDEN_DETAILS = ("hetu", "identifiers")  # shown only after a reveal
EFFECT_TYPES = frozenset(
    t.value
    for t in (
        RequestType.RECTIFICATION,
        RequestType.ERASURE,
        RequestType.RESTRICTION,
        RequestType.OBJECTION,
        RequestType.MARKETING_PROHIBITION,
    )
)
COMPILED_TYPES = frozenset({RequestType.ACCESS.value, RequestType.PORTABILITY.value, RequestType.ACCESS_LOG.value})


class StaffAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    MESSAGE = "message"
    VERIFY = "verify"
    EXTEND = "extend"
    NO_DATA = "no_data"
    REFUSE = "refuse"


def available_actions(request: DsrRequest, can_act: bool, now: datetime) -> frozenset[StaffAction]:
    state = RequestState(request.state)
    if not can_act or not is_open(state) or state is RequestState.RECEIVED:
        return frozenset()
    offered = {StaffAction.MESSAGE, StaffAction.NO_DATA, StaffAction.REFUSE}
    if state is RequestState.FORWARDED:
        offered.add(StaffAction.ACKNOWLEDGE)
    if not request.identity_verified:
        offered.add(StaffAction.VERIFY)
    # Art. 12(3): one extension, told to the subject within the first month.
    first_due = Deadline(as_utc(request.received_at)).first_due
    if request.extended_months == 0 and state is not RequestState.EXTENDED and now < first_due:
        offered.add(StaffAction.EXTEND)
    return frozenset(offered)


@dataclass(frozen=True)
class StaffPage:
    request: DsrRequest
    details: dict[str, Any]  # without the identifiers unless revealed
    period: tuple[date | None, date | None] | None
    identifiers: dict[str, str] | None  # None: hidden (not revealed)
    has_identifiers: bool
    can_reveal: bool
    messages: list[tuple[datetime, str, str]]
    events: list[DsrEvent]
    attachments: list[AttachmentInfo]
    answers: list[tuple[DsrAnswer, str | None]]
    actions: frozenset[StaffAction]
    letter_lang: Lang
    can_act: bool = False

    @property
    def restriction_in_force(self) -> bool:
        """An answered restriction request placed flags that only Art. 18(3)'s steps remove."""
        return (
            self.can_act
            and self.request.request_type == RequestType.RESTRICTION.value
            and self.request.outcome == Outcome.COMPLETED.value
        )

    @property
    def can_change_records(self) -> bool:
        """Rectification, erasure, restriction and objection are answered by changing records."""
        return StaffAction.MESSAGE in self.actions and self.request.request_type in EFFECT_TYPES

    @property
    def can_compile(self) -> bool:
        """Access and portability are answered with a bundle, once the identity is verified."""
        return (
            StaffAction.MESSAGE in self.actions
            and self.request.identity_verified
            and self.request.request_type in COMPILED_TYPES
        )


def _identifiers(details: dict[str, Any]) -> dict[str, str]:
    found = {"hetu": details["hetu"]} if isinstance(details.get("hetu"), str) else {}
    extra = details.get("identifiers")
    if isinstance(extra, dict):
        found.update({str(k): str(v) for k, v in extra.items()})
    return found


async def staff_page(ctx: TenantContext, request: DsrRequest, *, reveal: bool) -> StaffPage:
    details = (await actions.staff_view(ctx, request)).details
    identifiers = _identifiers(details)
    can_reveal = ctx.can(Permission.TENANT_REQUESTS_ACT) and bool(identifiers)
    shown = None
    if reveal and can_reveal:
        await ctx.audit(AuditAction.DSR_IDENTIFIERS_REVEALED, "dsr_request", request.id)
        shown = identifiers
    statement = select(DsrAnswer).where(DsrAnswer.request_id == request.id).order_by(DsrAnswer.created_at)
    answers = [(a, await answer_text(ctx.keys, a)) for a in (await ctx.session.execute(statement)).scalars()]
    return StaffPage(
        request=request,
        details={k: v for k, v in details.items() if k not in HIDDEN_DETAILS},
        period=asked_period(details),
        identifiers=shown,
        has_identifiers=bool(identifiers),
        can_reveal=can_reveal,
        messages=await messages_of(ctx.keys, ctx.session, request),
        events=await events_of(ctx.session, request.id),
        attachments=await attachments_of(ctx.keys, ctx.session, request),
        answers=answers,
        actions=available_actions(request, ctx.can(Permission.TENANT_REQUESTS_ACT), datetime.now(UTC)),
        letter_lang=await actions.letter_lang(ctx, request),
        can_act=ctx.can(Permission.TENANT_REQUESTS_ACT),
    )
