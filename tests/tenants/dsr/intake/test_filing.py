"""Intake services: a filing to several controllers is all or nothing (one unit of work)."""

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from alusta.audit.models import AuditEntry
from alusta.db.engine import build_sessionmaker
from alusta.db.tenancy import tenant_session
from alusta.tenants.dsr.core.models import DsrEvent, DsrInbox, DsrReceipt, DsrRequest
from alusta.tenants.dsr.intake import filing
from alusta.tenants.dsr.notify import inbox
from fixtures.callers import as_identity
from fixtures.database import run_on_engine
from fixtures.dsr import PORTAL, World
from fixtures.tenancy import PREFIX


class WriteKilledError(OSError):
    """Stands for the database going away in the middle of the second controller's writes."""


def _stored(world: World, tenant_id: int) -> dict[str, int]:
    async def count(engine: AsyncEngine) -> dict[str, int]:
        async with tenant_session(build_sessionmaker(engine), tenant_id) as session:
            counts = {}
            for model in (DsrRequest, DsrEvent, DsrInbox, AuditEntry):
                statement = select(func.count()).select_from(model)
                counts[str(model.__tablename__)] = (await session.execute(statement)).scalar_one()
            receipts = select(func.count()).select_from(DsrReceipt).where(DsrReceipt.controller_tenant_id == tenant_id)
            counts["dsr_receipts"] = (await session.execute(receipts)).scalar_one()
            return counts

    return run_on_engine(world.client.app.state["settings"].database_url or "", count)


def test_filing_to_several_controllers_stores_nothing_when_the_second_write_dies(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_a, before_b = _stored(world, world.a.tenant), _stored(world, world.b.tenant)
    mine_before = world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json()
    real_notify = inbox.notify_inbox
    calls: list[int] = []

    async def dies_on_the_second_controller(*args: Any, **kwargs: Any) -> bool:
        calls.append(1)
        if len(calls) == 2:  # the first controller is fully written, the second nearly
            raise WriteKilledError("connection lost")
        return await real_notify(*args, **kwargs)

    monkeypatch.setattr(filing, "notify_inbox", dies_on_the_second_controller)
    body = {"tenant_ids": [world.a.tenant, world.b.tenant], "request_type": "access", "text": "Kaikki tietoni"}
    response = world.client.post(f"{PORTAL}/requests", json=body, headers=world.as_subject())
    assert response.status_code == 503  # a connection lost mid-write answers 503 (issue 17 point 3)
    assert len(calls) == 2
    assert _stored(world, world.a.tenant) == before_a  # nothing at the first tenant: no request, receipt,
    assert _stored(world, world.b.tenant) == before_b  # event, inbox row or audit entry
    assert world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json() == mine_before
    for side in (world.a, world.b):
        listed = world.client.get(f"{PREFIX}{side.tenant}/requests/", headers=as_identity(side.admin)).json()
        assert listed == []

    monkeypatch.setattr(filing, "notify_inbox", real_notify)
    filed = world.client.post(f"{PORTAL}/requests", json=body, headers=world.as_subject())
    assert filed.status_code == 201, filed.text
    assert [f["tenant_id"] for f in filed.json()] == [world.a.tenant, world.b.tenant]  # in the order asked
    assert _stored(world, world.a.tenant)["dsr_requests"] == before_a["dsr_requests"] + 1
    assert _stored(world, world.b.tenant)["dsr_requests"] == before_b["dsr_requests"] + 1
