"""Reminders before deadlines and after them: idempotent, no personal data in e-mail."""

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from alusta.db.engine import build_engine, build_sessionmaker
from alusta.settings import Settings
from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.dsr.notify import reminders
from alusta.tenants.dsr.notify.notifier import Notification
from alusta.tenants.dsr.runtime import runtime_of
from fixtures.callers import as_identity
from fixtures.dsr import DESK, World
from fixtures.tenancy import PREFIX


@dataclass
class Recorder:
    sent: list[Notification] = field(default_factory=list)
    broken: bool = False

    async def send(self, notification: Notification) -> None:
        if self.broken:
            raise ConnectionError("relay down")
        self.sent.append(notification)


def run(settings: Settings, notifier: Recorder) -> reminders.RemindReport:
    async def go() -> reminders.RemindReport:
        engine = build_engine(settings.database_url or "")
        try:
            return await reminders.remind(build_sessionmaker(engine), notifier, "https://alusta.example.test")
        finally:
            await engine.dispose()

    return asyncio.run(go())


def desk_request(world: World, days_ago: int) -> str:
    received = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    body = {
        "tenant_id": world.a.tenant,
        "channel": "letter",
        "request_type": "access",
        "contact": "PL 3",
        "received_at": received,
    }
    response = world.client.post(f"{DESK}/requests", json=body, headers=world.as_desk())
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def test_reminders_are_sent_once_and_carry_no_personal_data(world: World, tenant_settings: Settings) -> None:
    fresh = world.file(world.a.tenant, "access", text=f"hetu {world.a.hetu}")
    soon = desk_request(world, 25)
    late = desk_request(world, 45)
    broken = Recorder(broken=True)
    failed = run(tenant_settings, broken)
    assert failed.failed >= 3
    recorder = Recorder()
    first = run(tenant_settings, recorder)
    assert first.failed == 0
    events = {(n.reference, n.event.value) for n in recorder.sent}
    assert (fresh, "request_received") in events
    assert (soon, "deadline_approaching") in events
    assert (late, "deadline_passed") in events
    assert (fresh, "deadline_approaching") not in events
    for notification in recorder.sent:
        assert world.a.hetu not in notification.subject + notification.body
        assert notification.recipients == ["dpo@example.test", "tietosuoja@example.test"]
    again = Recorder()
    second = run(tenant_settings, again)
    assert (second.reminders, second.emailed, again.sent) == (0, 0, [])
    inbox = world.client.get(f"{PREFIX}{world.a.tenant}/requests/inbox", headers=as_identity(world.a.admin)).json()
    assert sum(1 for n in inbox if n["reference"] == late and n["event"] == "deadline_passed") == 1


def test_due_events_pick_the_latest_reminder() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    request = DsrRequest(id=1, due_at=now + timedelta(days=2))
    assert [e.value for e, _ in reminders.due_events(request, now)] == ["deadline_approaching"]
    assert reminders.due_events(request, now)[0][1].startswith("1:before3:")
    request.due_at = now + timedelta(days=20)
    assert reminders.due_events(request, now) == []
    request.due_at = now - timedelta(seconds=1)
    assert [e.value for e, _ in reminders.due_events(request, now)] == ["deadline_passed"]


def test_controller_is_emailed_at_once_when_a_request_arrives(world: World) -> None:
    recorder = Recorder()
    runtime_of(world.client.app.state).notifier = recorder
    reference = world.file(world.a.tenant, "erasure", text=f"hetu {world.a.hetu}")
    assert [(n.reference, n.event.value) for n in recorder.sent] == [(reference, "request_received")]
    assert world.a.hetu not in recorder.sent[0].body
    # The link opens the request's workspace page (issue 12), not the API's JSON.
    request_id = world.staff_id(world.a, reference)
    assert recorder.sent[0].link.endswith(f"/t/{world.a.tenant}/requests/{request_id}")
    desk = desk_request(world, 0)
    assert (desk, "request_received") in {(n.reference, n.event.value) for n in recorder.sent}
