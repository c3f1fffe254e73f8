"""Intake: the subject portal and the support desk file requests; both are forwarded at once.

Rules (issue 6, design §4):
- the clock starts at the first receipt anywhere in alusta (the desk may enter when a letter or
  call arrived, never in the future); due = receipt + one month (``deadlines.py``);
- a portal request is identity-verified by the strong login (loa recorded); a desk request is
  "identity not verified" until the controller verifies it;
- what was typed is sealed to the controller; the processor keeps only a routing receipt;
- the platform forwards at once and tells the controller (in-app inbox) at once;
- the subject's hetu is turned into the tenant's blind index so the controller can find the
  subject's records; nothing here looks whether the subject has data (the answer never depends
  on it, so neither the desk nor the subject learns anything at intake);
- the once-a-year free-of-charge rule is evaluated against the same subject's earlier access
  requests in that tenant, and only the controller may act on it.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.actions import AuditAction
from alusta.auth.identifiers import contains_real_hetu
from alusta.auth.identity import IdentityVault
from alusta.auth.models import Identity
from alusta.calendar.periods import HELSINKI
from alusta.crypto.keys import KeyProvider
from alusta.db.base import as_utc
from alusta.db.tenancy import bind_tenant
from alusta.tenants.dsr.core.models import DsrEvent, DsrReceipt, DsrRequest
from alusta.tenants.dsr.core.outcomes import RequestType, is_free_of_charge
from alusta.tenants.dsr.core.service import (
    ActorRef,
    audit,
    previous_access,
    store_details,
    subject_digest,
    transition,
)
from alusta.tenants.dsr.core.states import Actor, RequestState
from alusta.tenants.dsr.intake.reference import new_reference
from alusta.tenants.dsr.notify.inbox import notify_inbox
from alusta.tenants.dsr.notify.notifier import Event
from alusta.tenants.dsr.workflow.deadlines import Deadline
from alusta.tenants.records.service import normalize_identifier
from alusta.tenants.records.values import ValuesError
from alusta.tenants.registers.models import Register
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.keys import KeyStore
from alusta.tenants.tenancy.models import Tenant
from alusta.tenants.tenancy.service import new_id

MAX_BACKDATE = timedelta(days=60)  # a desk entry of an older letter needs a controller's look anyway


class IntakeRefusedError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Filing:
    tenant_id: int
    request_type: RequestType
    channel: str  # portal | phone | letter | email
    actor: ActorRef
    details: dict[str, Any] = field(default_factory=dict)
    register_id: int | None = None
    requester_identity_id: int | None = None
    loa: str | None = None
    hetu: str | None = None  # portal: from the strong login; never logged
    received_at: datetime | None = None
    synthetic_only: bool = False  # outside production: no real henkilötunnus in the details
    identifiers: dict[str, str] = field(default_factory=dict)  # e-mail, phone, customer number given


def normalized_identifiers(given: dict[str, str]) -> dict[str, str]:
    """The given identifiers in the form records index them; a malformed one refuses the filing."""
    clean = {}
    for kind, value in given.items():
        try:
            clean[kind] = normalize_identifier(SubjectKey(kind), value, allow_synthetic=True)
        except (ValueError, ValuesError):
            raise IntakeRefusedError("invalid_identifier", f"the {kind} given is not valid") from None
    return clean


@dataclass(frozen=True)
class Filed:
    id: int
    reference: str
    tenant_id: int
    state: str
    received_at: datetime
    due_at: datetime


async def requester_hetu(session: AsyncSession, vault: IdentityVault, identity_id: int) -> str | None:
    """The logged-in subject's own henkilötunnus (used only to compute the tenant's blind index)."""
    identity = await session.get(Identity, identity_id)
    return vault.reveal(identity) if identity is not None else None


def _check_period(period: Any) -> None:
    """An access request may name a period (design §6); its first day cannot be after its last."""
    if isinstance(period, list) and all(isinstance(day, str) for day in period) and period[0] > period[-1]:
        raise IntakeRefusedError("invalid_period", "the period starts after it ends")


def _receipt_time(requested: datetime | None, now: datetime) -> datetime:
    if requested is None:
        return now
    # A time entered without an offset is the desk's wall-clock time in Finland, not UTC (issue 14
    # point 4): a letter received 29 Nov 23:30 in Helsinki is due a month from 29 Nov, not 30 Nov.
    local = requested if requested.tzinfo is not None else requested.replace(tzinfo=HELSINKI)
    moment = as_utc(local)
    if moment > now + timedelta(minutes=5):
        raise IntakeRefusedError("received_in_future", "the time of receipt cannot be in the future")
    if moment < now - MAX_BACKDATE:
        raise IntakeRefusedError("received_too_old", "the time of receipt is more than 60 days ago")
    return moment


def needs_stronger_login(required_loa: str, loa: str | None) -> bool:
    """The controller accepts portal requests only after high assurance, and this login is weaker."""
    return required_loa == "loa3" and loa != "loa3"


async def _check_target(session: AsyncSession, filing: Filing) -> None:
    """The controller exists and is active, the register is theirs, the login is strong enough."""
    tenant = await session.get(Tenant, filing.tenant_id)
    if tenant is None or tenant.status != "active":
        raise IntakeRefusedError("unknown_controller", "no such controller on the platform")
    if filing.register_id is not None and await session.get(Register, (filing.tenant_id, filing.register_id)) is None:
        raise IntakeRefusedError("unknown_register", "no such register at this controller")
    # A controller may require the substantial or high level of assurance (tenant setting): a
    # portal request filed after a weaker login is refused, with the way to log in again.
    if filing.channel == "portal" and needs_stronger_login(tenant.required_loa, filing.loa):
        raise IntakeRefusedError(
            "loa_insufficient", "this controller requires high assurance: log in again at /auth/login?acr=loa3"
        )


def _check_identifiers(filing: Filing) -> None:
    """Ground rule 7: outside production a typed-in henkilötunnus must be a synthetic one."""
    texts = [v for v in filing.details.values() if isinstance(v, str)]
    if filing.synthetic_only and any(contains_real_hetu(text) for text in texts):
        raise IntakeRefusedError(
            "synthetic_hetu_only", "only synthetic henkilötunnus (individual number 900-999) outside production"
        )


async def file_requests(session: AsyncSession, provider: KeyProvider, filings: list[Filing]) -> list[Filed]:
    """File to one or several controllers in the caller's one transaction: all or nothing.

    Every target is checked before anything is written (a refusal names the first bad target);
    each request is then written under its own tenant (:func:`~alusta.db.tenancy.bind_tenant`
    per controller), and the request-scoped unit of work commits all of them or none.
    """
    for filing in filings:
        _receipt_time(filing.received_at, datetime.now(UTC))
        _check_identifiers(filing)
        normalized_identifiers(filing.identifiers)
        _check_period(filing.details.get("period"))
        await bind_tenant(session, filing.tenant_id)
        await _check_target(session, filing)
    # Written in tenant order, so two filings to the same controllers take the per-tenant audit
    # locks in the same order (no deadlock); answered in the order asked.
    order = sorted(range(len(filings)), key=lambda k: filings[k].tenant_id)
    done = {k: await _file_one(session, provider, filings[k]) for k in order}
    return [done[k] for k in range(len(filings))]


async def _file_one(session: AsyncSession, provider: KeyProvider, filing: Filing) -> Filed:
    """In the owning tenant: sealed request, receipt, trail, forward, inbox."""
    now = datetime.now(UTC)
    received = _receipt_time(filing.received_at, now)
    await bind_tenant(session, filing.tenant_id)
    keys = KeyStore(session, provider)
    deadline = Deadline(received)
    request = DsrRequest(
        tenant_id=filing.tenant_id,
        id=new_id(),
        reference=new_reference(),
        register_id=filing.register_id,
        request_type=filing.request_type.value,
        channel=filing.channel,
        state=RequestState.RECEIVED.value,
        received_at=received,
        first_due_at=deadline.first_due.astimezone(UTC),
        due_at=deadline.due.astimezone(UTC),  # stored in UTC: SQLite keeps no offset
        extended_months=0,
        identity_verified=filing.hetu is not None and filing.channel == "portal",
        loa=filing.loa,
        requester_identity_id=filing.requester_identity_id,
        free_of_charge=True,
        updated_at=now,
    )
    details = dict(filing.details)
    if filing.identifiers:
        details["identifiers"] = normalized_identifiers(filing.identifiers)
    if filing.hetu is not None:
        primary = await keys.primary()
        request.subject_index = subject_digest(primary, filing.hetu)
        request.subject_key_id = primary.key_id
        details["hetu"] = filing.hetu
        if filing.request_type is RequestType.ACCESS:
            digests = [subject_digest(material, filing.hetu) for material in await keys.all()]
            request.free_of_charge = is_free_of_charge(await previous_access(session, digests), received)
    await store_details(keys, request, details)
    session.add(request)
    session.add(
        DsrReceipt(
            id=request.id,
            reference=request.reference,
            controller_tenant_id=filing.tenant_id,
            channel=filing.channel,
            request_type=filing.request_type.value,
            state=request.state,
            received_at=received,
            due_at=request.due_at,
            requester_identity_id=filing.requester_identity_id,
            registered_by=filing.actor.identity_id if filing.actor.kind is Actor.SUPPORT_DESK else None,
            updated_at=now,
        )
    )
    await session.flush()
    session.add(
        DsrEvent(
            tenant_id=filing.tenant_id,
            request_id=request.id,
            seq=1,
            at=now,
            actor_kind=filing.actor.kind.value,
            actor_id=filing.actor.identity_id,
            from_state=None,
            to_state=RequestState.RECEIVED.value,
        )
    )
    await audit(session, filing.actor, AuditAction.DSR_RECEIVED, request.id)
    # The platform forwards at once: the processor never holds a request (design §4).
    await transition(session, request, RequestState.FORWARDED, ActorRef.platform())
    await notify_inbox(session, request, Event.REQUEST_RECEIVED, dedupe=f"{request.id}:received")
    await session.flush()
    return Filed(request.id, request.reference, filing.tenant_id, request.state, received, request.due_at)
