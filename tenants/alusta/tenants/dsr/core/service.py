"""Shared rules of the request domain: sealing, transitions with their trail, notifications.

- Sealing: what a requester or the desk typed is sealed to the controller with
  :mod:`alusta.tenants.tenancy.keys` (design §2 layer 3; §4 "sealed to the controller").
- Every state change goes through :func:`transition`: the state machine of ``states.py`` decides,
  a ``dsr_events`` row and an audit-chain entry record actor and time, and the processor's
  routing receipt mirrors the new state and deadline (design §4).
- Messages between requester and controller are sealed the same way.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.actions import AuditAction
from alusta.audit.service import AuditEvent, append
from alusta.crypto.keys import TenantKeyMaterial
from alusta.db.base import as_utc
from alusta.tenants.dsr.core.models import DsrAttachment, DsrEvent, DsrMessage, DsrReceipt, DsrRequest
from alusta.tenants.dsr.core.states import CLOSED, Actor, RequestState, check_transition
from alusta.tenants.records.models import SubjectIndex
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.keys import KeyStore, Slot, seal, subject_index, unseal, unseal_bytes
from alusta.tenants.tenancy.service import new_id
from alusta.web.context import current_request_id

# Audit ``actor_role`` values for actors that hold no tenant role.
ACTOR_ROLES = {
    Actor.PLATFORM: "platform",
    Actor.REQUESTER: "data_subject",
    Actor.SUPPORT_DESK: "support_desk",
}


class RequestNotFoundError(LookupError):
    """No such request for this caller (never says whether it exists for someone else)."""


class ActionRefusedError(ValueError):
    """The controller's action is not allowed in the request's current state; ``code`` says why."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


def subject_digest(keys: TenantKeyMaterial, hetu: str) -> bytes:
    """The blind index the records domain stores for a ``hetu`` identifier (one formula: tenancy.keys)."""
    return subject_index(keys, "hetu", hetu)


def known_identifiers(details: dict[str, Any]) -> dict[SubjectKey, str]:
    """What the verified subject is known by (issue 14 point 1).

    The hetu, and the e-mail, phone or customer number given at filing (portal) or confirmed by
    the controller at verification (``identifiers``).
    """
    known: dict[SubjectKey, str] = {}
    if isinstance(details.get("hetu"), str):
        known[SubjectKey.HETU] = details["hetu"]
    given = details.get("identifiers")
    if isinstance(given, dict):
        for kind in SubjectKey:
            value = given.get(kind.value)
            if kind is not SubjectKey.HETU and isinstance(value, str):
                known[kind] = value
    return known


def subject_match(materials: list[TenantKeyMaterial], known: dict[SubjectKey, str]) -> ColumnElement[bool]:
    """Blind-index rows of any identifier kind the subject is known by, under every live key.

    A register declares which kinds identify its subjects (``FieldDef.identifies``); only those
    kinds are indexed, so matching every known kind searches every kind a register declares.
    """
    conditions = [
        and_(
            SubjectIndex.kind == kind.value,
            SubjectIndex.digest.in_([subject_index(m, kind.value, value) for m in materials]),
        )
        for kind, value in sorted(known.items())
    ]
    return or_(*conditions) if conditions else false()


async def previous_access(session: AsyncSession, digests: list[bytes], *, exclude: int | None = None) -> list[datetime]:
    """When the same subject (blind index under any live key) filed access requests in this tenant."""
    statement = select(DsrRequest.received_at).where(
        DsrRequest.subject_index.in_(digests), DsrRequest.request_type == "access"
    )
    if exclude is not None:
        statement = statement.where(DsrRequest.id != exclude)
    return [as_utc(moment) for moment in (await session.execute(statement)).scalars()]


async def details_of(keys: KeyStore, request: DsrRequest) -> dict[str, Any]:
    material = await keys.get(request.key_id)
    value = unseal(material, Slot(request.tenant_id, "dsr_requests", request.id, "details"), request.details)
    return value if isinstance(value, dict) else {}


async def store_details(keys: KeyStore, request: DsrRequest, details: dict[str, Any]) -> None:
    material = await keys.primary()
    request.key_id = material.key_id
    request.details = seal(material, Slot(request.tenant_id, "dsr_requests", request.id, "details"), details)


@dataclass(frozen=True)
class ActorRef:
    kind: Actor
    identity_id: int | None
    role: str  # audit actor_role (tenant role value for controller staff)

    @classmethod
    def platform(cls) -> "ActorRef":
        return cls(Actor.PLATFORM, None, ACTOR_ROLES[Actor.PLATFORM])


def staff(ctx: TenantContext) -> ActorRef:
    """The controller's staff member acting in ``ctx`` (audit role: their tenant role)."""
    return ActorRef(Actor.CONTROLLER, ctx.caller.identity_id, ctx.grant.role.value)


async def audit(session: AsyncSession, actor: ActorRef, action: str, request_id: int) -> None:
    await append(
        session,
        AuditEvent(
            actor_id=actor.identity_id,
            actor_role=actor.role,
            action=action,
            object_type="dsr_request",
            object_id=str(request_id),
            request_id=current_request_id(),
        ),
    )


async def transition(session: AsyncSession, request: DsrRequest, target: RequestState, actor: ActorRef) -> None:
    """Move the request (state machine decides), record event + audit entry, mirror the receipt."""
    current = RequestState(request.state)
    check_transition(current, target, actor.kind)
    now = datetime.now(UTC)
    seq = (
        await session.execute(select(func.count()).select_from(DsrEvent).where(DsrEvent.request_id == request.id))
    ).scalar_one() + 1
    session.add(
        DsrEvent(
            tenant_id=request.tenant_id,
            request_id=request.id,
            seq=seq,
            at=now,
            actor_kind=actor.kind.value,
            actor_id=actor.identity_id,
            from_state=current.value,
            to_state=target.value,
        )
    )
    request.state = target.value
    request.updated_at = now
    if target in CLOSED:
        request.closed_at = now
    await mirror_receipt(session, request)
    await audit(session, actor, AuditAction.dsr_state(target.value), request.id)


async def mirror_receipt(session: AsyncSession, request: DsrRequest) -> None:
    receipt = await session.get(DsrReceipt, request.id)
    if receipt is None:
        raise RuntimeError("routing receipt missing")
    receipt.state = request.state
    receipt.due_at = request.due_at
    receipt.updated_at = datetime.now(UTC)
    await session.flush()


async def add_message(keys: KeyStore, session: AsyncSession, request: DsrRequest, author: Actor, text: str) -> None:
    """A message between the requester and the controller, sealed to the controller's key."""
    material = await keys.primary()
    message_id = new_id()
    session.add(
        DsrMessage(
            tenant_id=request.tenant_id,
            id=message_id,
            request_id=request.id,
            at=datetime.now(UTC),
            author_kind=author.value,
            key_id=material.key_id,
            body=seal(material, Slot(request.tenant_id, "dsr_messages", message_id, "body"), text),
        )
    )
    await session.flush()


async def attachment_listing(keys: KeyStore, session: AsyncSession, request_id: int) -> list[tuple[DsrAttachment, str]]:
    statement = select(DsrAttachment).where(DsrAttachment.request_id == request_id).order_by(DsrAttachment.created_at)
    out = []
    for row in (await session.execute(statement)).scalars():
        material = await keys.get(row.key_id)
        out.append((row, str(unseal(material, Slot(row.tenant_id, "dsr_attachments", row.id, "name"), row.name))))
    return out


async def attachment_bytes(keys: KeyStore, row: DsrAttachment) -> bytes:
    material = await keys.get(row.key_id)
    return unseal_bytes(material, Slot(row.tenant_id, "dsr_attachments", row.id, "data"), row.data)
