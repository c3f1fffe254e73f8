"""What the requester and the support desk may see and do after intake.

- A subject sees only requests filed under their own identity: status, deadlines, their own
  text, messages and *released* answers; they may reply and withdraw (Art. 7(3) spirit; states.py).
- The desk sees only routing receipts it registered, with the state reduced to forwarded /
  acknowledged / closed: never content, outcome, answers or records (design §4), so what it sees
  is the same whether or not the subject has data in the tenant.
- "Who holds my data": every active controller's contact points, never a yes/no (design §4);
  the directory itself is the registers domain's (:mod:`alusta.tenants.registers.directory`).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.actions import AuditAction
from alusta.auth.identity import IdentityVault
from alusta.auth.models import Identity
from alusta.crypto.keys import KeyProvider
from alusta.db.base import as_utc
from alusta.db.tenancy import bind_tenant
from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.core.models import DsrAnswer, DsrAttachment, DsrEvent, DsrMessage, DsrReceipt, DsrRequest
from alusta.tenants.dsr.core.outcomes import Outcome
from alusta.tenants.dsr.core.service import ActorRef, RequestNotFoundError, add_message, audit, details_of, transition
from alusta.tenants.dsr.core.states import CLOSED, Actor, RequestState
from alusta.tenants.dsr.intake.attachments import MAX_ATTACHMENTS, CheckedAttachment
from alusta.tenants.tenancy.keys import KeyStore, Slot, seal, seal_bytes, unseal
from alusta.tenants.tenancy.models import Tenant
from alusta.tenants.tenancy.service import new_id

DESK_STATES = {
    RequestState.RECEIVED: "forwarded",
    RequestState.FORWARDED: "forwarded",
    RequestState.ACKNOWLEDGED: "acknowledged",
    RequestState.INFO_REQUESTED: "acknowledged",
    RequestState.EXTENDED: "acknowledged",
}


def desk_status(state: str) -> str:
    return DESK_STATES.get(RequestState(state), "closed")


def asked_period(details: dict[str, Any]) -> tuple[date | None, date | None] | None:
    """The access period asked about, as dates (stored as ISO strings), or None if none."""
    period = details.get("period") or []
    days = [date.fromisoformat(day) if isinstance(day, str) else None for day in period[:2]]
    return (days[0], days[-1]) if days and any(days) else None


async def tenant_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await session.execute(select(Tenant.id, Tenant.name).where(Tenant.id.in_(sorted(ids))))
    return {int(tid): str(name) for tid, name in rows.all()}


async def claim_linked(session: AsyncSession, vault: IdentityVault, identity_id: int) -> None:
    """Desk requests the controller verified as this person's become theirs (issue 14 point 5).

    The receipt holds the identity vault's blind index of the verified hetu (under the key id
    it names); the logged-in person's hetu is indexed under every key of the ring and matched.
    """
    identity = await session.get(Identity, identity_id)
    if identity is None:
        return
    hetu = vault.reveal(identity)
    pairs = [(key_id, vault.index(hetu, key_id)) for key_id in vault.keyring.keys]
    await session.execute(
        update(DsrReceipt)
        .where(
            DsrReceipt.requester_identity_id.is_(None),
            tuple_(DsrReceipt.requester_index_key_id, DsrReceipt.requester_index).in_(pairs),
        )
        .values(requester_identity_id=identity_id, requester_index=None, requester_index_key_id=None)
        .execution_options(synchronize_session=False)
    )


async def own_receipts(
    session: AsyncSession, identity_id: int, vault: IdentityVault | None = None
) -> tuple[list[DsrReceipt], dict[int, str]]:
    if vault is not None:
        await claim_linked(session, vault, identity_id)
    statement = (
        select(DsrReceipt)
        .where(DsrReceipt.requester_identity_id == identity_id)
        .order_by(DsrReceipt.received_at.desc())
    )
    receipts = list((await session.execute(statement)).scalars())
    return receipts, await tenant_names(session, {r.controller_tenant_id for r in receipts})


async def desk_receipts(
    session: AsyncSession, identity_id: int, reference: str | None = None
) -> tuple[list[DsrReceipt], dict[int, str]]:
    statement = select(DsrReceipt).where(DsrReceipt.registered_by == identity_id)
    if reference is not None:
        statement = statement.where(DsrReceipt.reference == reference)
    receipts = list((await session.execute(statement.order_by(DsrReceipt.received_at.desc()))).scalars())
    return receipts, await tenant_names(session, {r.controller_tenant_id for r in receipts})


async def _own_receipt(session: AsyncSession, identity_id: int, reference: str) -> DsrReceipt:
    statement = select(DsrReceipt).where(
        DsrReceipt.reference == reference, DsrReceipt.requester_identity_id == identity_id
    )
    receipt = (await session.execute(statement)).scalar_one_or_none()
    if receipt is None:
        raise RequestNotFoundError(reference)
    return receipt


@dataclass
class SubjectSession:
    """A tenant session opened for the requester of one request (their own request only)."""

    session: AsyncSession
    keys: KeyStore
    receipt: DsrReceipt
    request: DsrRequest
    tenant_name: str

    @property
    def identity_id(self) -> int:
        """The requester (the caller: :func:`open_own` admits only their own request)."""
        if self.request.requester_identity_id is None:
            raise RequestNotFoundError(self.request.reference)
        return self.request.requester_identity_id


async def open_own(
    session: AsyncSession, provider: KeyProvider, identity_id: int, reference: str, vault: IdentityVault | None = None
) -> SubjectSession:
    """Bind the session's tenant from the caller's own receipt, then load the request (404 otherwise)."""
    if vault is not None:
        await claim_linked(session, vault, identity_id)
    receipt = await _own_receipt(session, identity_id, reference)
    await bind_tenant(session, receipt.controller_tenant_id, identity_id)
    request = await session.get(DsrRequest, (receipt.controller_tenant_id, receipt.id))
    if request is not None and request.requester_identity_id is None and request.channel != "portal":
        request.requester_identity_id = identity_id  # a verified desk request claimed by its person
    if request is None or request.requester_identity_id != identity_id:
        raise RequestNotFoundError(reference)
    tenant = await session.get(Tenant, receipt.controller_tenant_id)
    return SubjectSession(session, KeyStore(session, provider), receipt, request, tenant.name if tenant else "")


@dataclass(frozen=True)
class AttachmentInfo:
    """What the requester sees of a file they attached: its name (unsealed), type and size."""

    id: int
    name: str
    content_type: str
    size: int
    created_at: datetime


@dataclass(frozen=True)
class SubjectView:
    request: DsrRequest
    tenant_name: str
    details: dict[str, Any]
    messages: list[tuple[datetime, str, str]]
    answers: list[tuple[DsrAnswer, str | None]]
    events: list[DsrEvent]
    attachments: list[AttachmentInfo]


async def attachments_of(keys: KeyStore, session: AsyncSession, request: DsrRequest) -> list[AttachmentInfo]:
    statement = select(DsrAttachment).where(DsrAttachment.request_id == request.id).order_by(DsrAttachment.created_at)
    out = []
    for row in (await session.execute(statement)).scalars():
        material = await keys.get(row.key_id)
        name = str(unseal(material, Slot(row.tenant_id, "dsr_attachments", row.id, "name"), row.name))
        out.append(AttachmentInfo(row.id, name, row.content_type, row.size, as_utc(row.created_at)))
    return out


async def messages_of(keys: KeyStore, session: AsyncSession, request: DsrRequest) -> list[tuple[datetime, str, str]]:
    rows = (
        await session.execute(select(DsrMessage).where(DsrMessage.request_id == request.id).order_by(DsrMessage.at))
    ).scalars()
    out = []
    for row in rows:
        material = await keys.get(row.key_id)
        out.append(
            (
                as_utc(row.at),
                row.author_kind,
                str(unseal(material, Slot(row.tenant_id, "dsr_messages", row.id, "body"), row.body)),
            )
        )
    return out


async def answer_text(keys: KeyStore, answer: DsrAnswer) -> str | None:
    if answer.body is None:
        return None
    material = await keys.get(answer.key_id)
    return str(unseal(material, Slot(answer.tenant_id, "dsr_answers", answer.id, "body"), answer.body))


async def events_of(session: AsyncSession, request_id: int) -> list[DsrEvent]:
    statement = select(DsrEvent).where(DsrEvent.request_id == request_id).order_by(DsrEvent.seq)
    return list((await session.execute(statement)).scalars())


async def subject_view(own: SubjectSession) -> SubjectView:
    statement = (
        select(DsrAnswer)
        .where(DsrAnswer.request_id == own.request.id, DsrAnswer.status.in_(("released", "expired")))
        .order_by(DsrAnswer.created_at)
    )
    answers = [(a, await answer_text(own.keys, a)) for a in (await own.session.execute(statement)).scalars()]
    details = await details_of(own.keys, own.request)
    details.pop("hetu", None)  # never echoed back (Data Protection Act 1050/2018 s. 29(3))
    return SubjectView(
        own.request,
        own.tenant_name,
        details,
        await messages_of(own.keys, own.session, own.request),
        answers,
        await events_of(own.session, own.request.id),
        await attachments_of(own.keys, own.session, own.request),
    )


class RequestClosedError(ValueError):
    """The request is already answered, rejected or withdrawn."""


async def subject_reply(own: SubjectSession, identity_id: int, text: str) -> None:
    """The requester supplies information; a request waiting for it goes back to the controller."""
    if RequestState(own.request.state) in CLOSED:
        raise RequestClosedError(own.request.reference)
    await add_message(own.keys, own.session, own.request, Actor.REQUESTER, text)
    if own.request.state == RequestState.INFO_REQUESTED.value:
        await transition(own.session, own.request, RequestState.ACKNOWLEDGED, _requester(identity_id))


async def subject_withdraw(own: SubjectSession, identity_id: int) -> None:
    if RequestState(own.request.state) in CLOSED:
        raise RequestClosedError(own.request.reference)
    own.request.outcome = Outcome.WITHDRAWN.value
    await transition(own.session, own.request, RequestState.WITHDRAWN, _requester(identity_id))


def _requester(identity_id: int | None) -> ActorRef:
    return ActorRef(Actor.REQUESTER, identity_id, "data_subject")


class AttachmentLimitError(ValueError):
    """The request already has the maximum number of attachments."""


async def subject_attach(own: SubjectSession, checked: CheckedAttachment) -> int:
    """Store a checked and scanned file, sealed (name and bytes) to the controller."""
    if RequestState(own.request.state) in CLOSED:
        raise RequestClosedError(own.request.reference)
    count = select(func.count()).select_from(DsrAttachment).where(DsrAttachment.request_id == own.request.id)
    if (await own.session.execute(count)).scalar_one() >= MAX_ATTACHMENTS:
        raise AttachmentLimitError(own.request.reference)
    material = await own.keys.primary()
    attachment_id = new_id()
    tenant_id = own.request.tenant_id
    own.session.add(
        DsrAttachment(
            tenant_id=tenant_id,
            id=attachment_id,
            request_id=own.request.id,
            content_type=checked.content_type.value,
            size=len(checked.data),
            key_id=material.key_id,
            name=seal(material, Slot(tenant_id, "dsr_attachments", attachment_id, "name"), checked.name),
            data=seal_bytes(material, Slot(tenant_id, "dsr_attachments", attachment_id, "data"), checked.data),
            created_at=datetime.now(UTC),
        )
    )
    await own.session.flush()
    return attachment_id


class LinkExpiredError(LookupError):
    """The answer's download link has expired (its file is purged)."""


async def subject_download(own: SubjectSession, bundle_dir: Path, answer_id: int) -> exports.Download:
    """The subject's released bundle; reading it is logged (design §2), the subject's own download too."""
    answer = await own.session.get(DsrAnswer, (own.request.tenant_id, answer_id))
    if answer is None or answer.request_id != own.request.id or answer.kind != "bundle":
        raise RequestNotFoundError(own.request.reference)
    if answer.status == "expired" or exports.expire_if_due(bundle_dir, answer, datetime.now(UTC)):
        raise LinkExpiredError(own.request.reference)  # the expiry itself is kept (the caller commits)
    if answer.status != "released":
        raise RequestNotFoundError(own.request.reference)
    key = (await own.keys.get(answer.key_id)).data_key
    try:
        download = exports.open_bundle(bundle_dir, answer, key)
    except FileNotFoundError:
        raise LinkExpiredError(own.request.reference) from None
    await audit(
        own.session,
        _requester(identity_id=own.request.requester_identity_id),
        AuditAction.DSR_ANSWER_DOWNLOADED,
        own.request.id,
    )
    return download
