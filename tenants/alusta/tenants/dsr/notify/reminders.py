"""Reminders before each deadline, the overdue signal, and e-mail delivery of inbox notifications.

- Before every deadline of an open request (the first one and, after an extension, the new one)
  the controller gets a reminder 10 and 3 days ahead, and a "deadline passed" notice once it has
  passed (notes/privacy.md §6.3). Each is an in-app inbox row with a dedupe key, so running the
  command twice sends nothing twice (idempotent).
- Every inbox row not yet e-mailed goes to the tenant's contact point and DPO through the
  :class:`Notifier` (reference, event and deadline only: no personal data in e-mail).
Run by ``alusta requests remind`` (cron / Kubernetes CronJob).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.calendar.periods import last_day
from alusta.db.base import as_utc
from alusta.db.tenancy import tenant_session
from alusta.i18n import Lang
from alusta.logs import get_logger
from alusta.tenants.dsr.core.models import DsrInbox, DsrRequest
from alusta.tenants.dsr.core.states import CLOSED, RequestState
from alusta.tenants.dsr.notify.inbox import notify_inbox
from alusta.tenants.dsr.notify.notifier import Event, Notification, Notifier
from alusta.tenants.tenancy.models import Tenant

REMIND_DAYS_BEFORE = (10, 3)
log = get_logger("alusta.dsr.reminders")


@dataclass
class RemindReport:
    reminders: int = 0
    emailed: int = 0
    failed: int = 0


def due_events(request: DsrRequest, now: datetime) -> list[tuple[Event, str]]:
    """The notifications this request should have had by ``now`` (with their dedupe keys)."""
    due = as_utc(request.due_at)
    stamp = due.date().isoformat()
    if now >= due:
        return [(Event.DEADLINE_PASSED, f"{request.id}:passed:{stamp}")]
    return [
        (Event.DEADLINE_APPROACHING, f"{request.id}:before{days}:{stamp}")
        for days in REMIND_DAYS_BEFORE
        if now >= due - timedelta(days=days)
    ][-1:]  # only the latest applicable reminder: a request filed late gets one, not two


def _lang(tenant: Tenant) -> Lang:
    return Lang(tenant.locale) if tenant.locale in {x.value for x in Lang} else Lang.FI


async def _tenant_reminders(session: AsyncSession, now: datetime) -> int:
    open_states = [s.value for s in RequestState if s not in CLOSED]
    statement = select(DsrRequest).where(DsrRequest.state.in_(open_states))
    added = 0
    for request in list((await session.execute(statement)).scalars()):
        for event, key in due_events(request, now):
            added += await notify_inbox(session, request, event, dedupe=key)
    return added


async def _dispatch(
    session: AsyncSession, tenant: Tenant, notifier: Notifier, public_url: str, report: RemindReport
) -> None:
    pending = (
        await session.execute(select(DsrInbox).where(DsrInbox.emailed_at.is_(None)).order_by(DsrInbox.created_at))
    ).scalars()
    for row in list(pending):
        due = last_day(as_utc(row.due_at)).isoformat() if row.due_at else ""
        notification = Notification(
            event=Event(row.event),
            lang=_lang(tenant),
            recipients=sorted({tenant.contact_point, tenant.dpo_contact}),
            tenant_name=tenant.name,
            reference=row.reference,
            # The workspace page of the request (issue 12), not the API's JSON.
            link=f"{public_url.rstrip('/')}/t/{tenant.id}/requests/{row.request_id}",
            due=due,
        )
        try:
            await notifier.send(notification)
        except (OSError, ConnectionError) as exc:
            report.failed += 1
            log.warning("dsr_notification_failed", tenant_id=tenant.id, exception_type=type(exc).__name__)
            continue
        row.emailed_at = datetime.now(UTC)
        report.emailed += 1
        await session.flush()


async def dispatch_tenant(
    sessionmaker: async_sessionmaker[AsyncSession], notifier: Notifier, public_url: str, tenant_id: int
) -> RemindReport:
    """E-mail one tenant's pending notifications now (right after a request arrives)."""
    report = RemindReport()
    async with tenant_session(sessionmaker, tenant_id) as session:
        tenant = await session.get(Tenant, tenant_id)
        if tenant is not None:
            await _dispatch(session, tenant, notifier, public_url, report)
    return report


async def remind(
    sessionmaker: async_sessionmaker[AsyncSession],
    notifier: Notifier | None,
    public_url: str,
    now: datetime | None = None,
) -> RemindReport:
    moment = now or datetime.now(UTC)
    report = RemindReport()
    async with sessionmaker() as session:
        tenants = list((await session.execute(select(Tenant).where(Tenant.status == "active"))).scalars())
    for tenant in tenants:
        async with tenant_session(sessionmaker, tenant.id) as session:
            report.reminders += await _tenant_reminders(session, moment)
            if notifier is not None:
                await _dispatch(session, tenant, notifier, public_url, report)
    log.info("dsr_reminders", reminders=report.reminders, emailed=report.emailed, failed=report.failed)
    return report
