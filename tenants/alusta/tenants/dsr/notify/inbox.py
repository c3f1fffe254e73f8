"""The tenant's in-app inbox: one row per event (reference and event only, no personal data).

E-mail goes out later through a :class:`~alusta.tenants.dsr.notify.notifier.Notifier`
(``reminders.py``); the inbox row is what the controller is told at once (design §4).
"""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.tenants.dsr.core.models import DsrInbox, DsrRequest
from alusta.tenants.dsr.notify.notifier import Event
from alusta.tenants.tenancy.service import new_id


async def notify_inbox(session: AsyncSession, request: DsrRequest, event: Event, dedupe: str | None = None) -> bool:
    """Add an in-app notification unless one with the same ``dedupe`` key exists (idempotent)."""
    key = dedupe or f"{request.id}:{event.value}:{new_id()}"
    exists = (await session.execute(select(DsrInbox.id).where(DsrInbox.dedupe == key))).first()
    if exists is not None:
        return False
    session.add(
        DsrInbox(
            tenant_id=request.tenant_id,
            id=new_id(),
            request_id=request.id,
            reference=request.reference,
            event=event.value,
            due_at=request.due_at,
            dedupe=key,
            created_at=datetime.now(UTC),
        )
    )
    await session.flush()
    return True
