"""Deadlines, extension, withdrawal, refusal, free of charge, link expiry, effects on records."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from alusta.db.engine import build_engine, build_sessionmaker
from alusta.settings import Settings
from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.runtime import runtime_of
from alusta.tenants.dsr.workflow.deadlines import Deadline
from alusta.tenants.tenancy.keys import KEY_PROVIDER_STATE_KEY
from fixtures.callers import as_identity
from fixtures.dsr import DESK, PORTAL, World
from fixtures.tenancy import PREFIX

REASON = "Pyyntö koskee useita rekistereitä ja vuosien aineistoa"


def owner_sql(url: str, statement: str, **params: object) -> None:
    """As the schema owner (bypasses RLS): simulate time passing or a crash."""

    async def run() -> None:
        engine = build_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(statement), params)
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_deadline_is_one_calendar_month_and_extension_within_it(world: World) -> None:
    reference = world.file(world.a.tenant, "erasure")
    request_id = world.staff_id(world.a, reference)
    detail = world.staff(world.a, request_id).json()
    received = datetime.fromisoformat(detail["received_at"])
    assert datetime.fromisoformat(detail["due_at"]) == Deadline(received).first_due
    short = world.staff(world.a, request_id, "extend", {"months": 2, "reason": "kiire"})
    assert short.status_code == 422  # reasons must be given
    extended = world.staff(world.a, request_id, "extend", {"months": 2, "reason": REASON, "lang": "en"})
    assert extended.status_code == 200, extended.text
    body = extended.json()
    assert body["state"] == "extended"
    assert datetime.fromisoformat(body["due_at"]) == Deadline(received, 2).due
    again = world.staff(world.a, request_id, "extend", {"months": 1, "reason": REASON})
    assert again.status_code in {409, 422}
    mine = world.mine(reference)
    assert mine["due_at"] == body["due_at"]
    notice = next(a for a in mine["answers"] if a["kind"] == "letter")["text"]
    assert REASON in notice
    assert "extended by 2 months" in notice


def test_extension_refused_after_the_first_month(world: World) -> None:
    received = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    body = {
        "tenant_id": world.a.tenant,
        "channel": "letter",
        "request_type": "access",
        "contact": "PL 2",
        "received_at": received,
    }
    response = world.client.post(f"{DESK}/requests", json=body, headers=world.as_desk())
    assert response.status_code == 201, response.text
    request_id = world.staff_id(world.a, response.json()["reference"])
    refused = world.staff(world.a, request_id, "extend", {"months": 2, "reason": REASON})
    assert refused.status_code == 422
    assert "within one month" in refused.json()["detail"]
    overdue = world.client.get(f"{PREFIX}{world.a.tenant}/requests/overdue", headers=as_identity(world.a.admin)).json()
    assert [r["id"] for r in overdue] == [request_id]
    assert world.staff(world.a, request_id).json()["state"] == "forwarded"  # the refused action changed nothing


def test_withdrawal_and_nothing_after_it(world: World) -> None:
    reference = world.file(world.a.tenant, "restriction")
    assert world.client.post(f"{PORTAL}/requests/{reference}/withdraw", headers=world.as_subject()).status_code == 204
    mine = world.mine(reference)
    assert (mine["state"], mine["outcome"]) == ("withdrawn", "withdrawn")
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id, "acknowledge").status_code == 409
    again = world.client.post(f"{PORTAL}/requests/{reference}/withdraw", headers=world.as_subject())
    assert again.status_code == 409
    stranger = world.client.post(f"{PORTAL}/requests/{reference}/withdraw", headers=world.as_subject(world.stranger))
    assert stranger.status_code == 404


def test_information_request_and_reply(world: World) -> None:
    reference = world.file(world.a.tenant, "objection", text="Vastustan markkinointia")
    request_id = world.staff_id(world.a, reference)
    asked = world.staff(world.a, request_id, "request-info", {"text": "Mitä käsittelyä vastustat?"})
    assert asked.json()["state"] == "info_requested"
    reply = world.client.post(
        f"{PORTAL}/requests/{reference}/messages", json={"text": "Suoramarkkinointia"}, headers=world.as_subject()
    )
    assert reply.status_code == 204
    mine = world.mine(reference)
    assert mine["state"] == "acknowledged"
    assert [m["author"] for m in mine["messages"]] == ["controller", "requester"]


def test_rejection_names_the_ombudsman_and_needs_reasons(world: World) -> None:
    reference = world.file(world.a.tenant, "access")
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id, "reject", {"outcome": "completed", "reasons": REASON}).status_code == 422
    assert (
        world.staff(world.a, request_id, "reject", {"outcome": "refused_excessive", "reasons": "toisto"}).status_code
        == 422
    )
    done = world.staff(world.a, request_id, "reject", {"outcome": "refused_excessive", "reasons": REASON, "lang": "sv"})
    assert done.status_code == 200
    mine = world.mine(reference)
    assert (mine["state"], mine["outcome"]) == ("rejected", "refused_excessive")
    letter = mine["answers"][0]["text"]
    assert "Dataombudsmannens" in letter
    assert "domstol" in letter


def test_access_is_free_once_a_year(world: World) -> None:
    first = world.file(world.a.tenant, "access")
    second = world.file(world.a.tenant, "access")
    assert world.mine(first)["free_of_charge"] is True
    assert world.mine(second)["free_of_charge"] is False  # only the controller may charge or refuse
    elsewhere = world.file(world.b.tenant, "access")
    assert world.mine(elsewhere)["free_of_charge"] is True


def test_download_link_expires(world: World, tenant_settings: Settings, db_url: str) -> None:
    reference = world.file(world.a.tenant, "portability")
    request_id = world.staff_id(world.a, reference)
    answer = world.staff(world.a, request_id, "exports", {}).json()["id"]
    assert world.staff(world.a, request_id, f"answers/{answer}/release").status_code == 200
    url = f"{PORTAL}/requests/{reference}/answers/{answer}/download"
    assert world.client.get(url, headers=world.as_subject()).status_code == 200
    owner_sql(
        db_url,
        "UPDATE dsr_answers SET expires_at = :t WHERE id = :id",
        t=datetime.now(UTC) - timedelta(seconds=1),
        id=answer,
    )
    gone = world.client.get(url, headers=world.as_subject())
    assert gone.status_code == 410
    assert not (Path(tenant_settings.state_dir) / "dsr-bundles" / f"{world.a.tenant}-{answer}.sealed").exists()
    assert world.client.get(url, headers=world.as_subject()).status_code == 410


def test_export_resumes_after_a_restart(world: World, db_url: str) -> None:
    reference = world.file(world.a.tenant, "access")
    request_id = world.staff_id(world.a, reference)
    answer = world.staff(world.a, request_id, "exports", {}).json()["id"]
    # The process died mid-export: job "running" long ago, answer pending, file half-written.
    old = datetime.now(UTC) - timedelta(hours=1)
    owner_sql(db_url, "UPDATE dsr_jobs SET state = 'running', updated_at = :t WHERE id = :id", t=old, id=answer)
    owner_sql(db_url, "UPDATE dsr_answers SET status = 'pending' WHERE id = :id", id=answer)
    state = world.client.app.state
    path = runtime_of(state).bundle_dir / f"{world.a.tenant}-{answer}.sealed"
    path.write_bytes(b"truncated")

    async def restart() -> int:  # a new process: its own engine, the runner picks up unfinished jobs
        engine = build_engine(state["settings"].database_url)
        try:
            return await exports.run_pending(
                build_sessionmaker(engine), state[KEY_PROVIDER_STATE_KEY], runtime_of(state).bundle_dir
            )
        finally:
            await engine.dispose()

    resumed = asyncio.run(restart())
    assert resumed >= 1
    status = next(a for a in world.staff(world.a, request_id).json()["answers"] if a["id"] == answer)
    assert status["status"] == "ready"
    assert world.staff(world.a, request_id, f"answers/{answer}/release").status_code == 200
    assert (
        world.client.get(
            f"{PORTAL}/requests/{reference}/answers/{answer}/download", headers=world.as_subject()
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "body",
    [
        {"tenant_ids": [1], "request_type": "everything"},
        {"tenant_ids": [], "request_type": "access"},
        {"request_type": "access"},
    ],
)
def test_bad_input_is_refused_and_nothing_stored(world: World, body: dict[str, object]) -> None:
    before = world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json()
    response = world.client.post(f"{PORTAL}/requests", json=body, headers=world.as_subject())
    assert response.status_code == 400
    unknown = world.client.post(
        f"{PORTAL}/requests", json={"tenant_ids": [12345], "request_type": "access"}, headers=world.as_subject()
    )
    assert unknown.status_code == 404
    assert world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json() == before


def test_hetu_in_free_text_is_accepted_but_never_logged(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    hetu = "010190-955N"
    world.file(world.a.tenant, "rectification", text=f"Oikea hetuni on {hetu}", correction=f"{hetu}")
    desk = {
        "tenant_id": world.a.tenant,
        "channel": "phone",
        "request_type": "erasure",
        "contact": f"soittaja {hetu}",
        "text": hetu,
    }
    assert world.client.post(f"{DESK}/requests", json=desk, headers=world.as_desk()).status_code == 201
    out = capsys.readouterr()
    assert hetu not in out.out + out.err


@pytest.mark.parametrize(("filed_in", "expected"), [("sv", "Dataombudsmannens"), ("en", "Data Protection Ombudsman")])
def test_letters_go_out_in_the_language_the_subject_filed_in(world: World, filed_in: str, expected: str) -> None:
    """Issue 11: no ``lang`` in the staff's call: the letter takes the subject's language at filing."""
    body = {"tenant_ids": [world.a.tenant], "request_type": "access"}
    filed = world.client.post(f"{PORTAL}/requests?lang={filed_in}", json=body, headers=world.as_subject())
    assert filed.status_code == 201, filed.text
    reference = filed.json()[0]["reference"]
    request_id = world.staff_id(world.a, reference)
    done = world.staff(world.a, request_id, "reject", {"outcome": "refused_excessive", "reasons": REASON})
    assert done.status_code == 200, done.text
    assert expected in world.mine(reference)["answers"][0]["text"]
    # Asked for explicitly, the staff's choice wins (e.g. the subject wrote in another language).
    other = world.file(world.a.tenant, "access")  # filed without a language: Finnish, the default
    other_id = world.staff_id(world.a, other)
    assert world.staff(world.a, other_id, "no-data", {"lang": "en"}).status_code == 200
    assert "Data Protection Ombudsman" in world.mine(other)["answers"][0]["text"]
