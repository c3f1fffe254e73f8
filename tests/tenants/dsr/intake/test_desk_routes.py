"""The processor side never reads request content, answers or records, and never acts.

Walks every route of the request service with support-desk and operator identities (design §4,
issue 6 "done when"), and checks the desk learns nothing about whether a subject has data.
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from alusta.auth.permissions import Role
from alusta.calendar.periods import HELSINKI
from alusta.tenants.dsr.workflow.deadlines import Deadline
from fixtures.callers import as_identity
from fixtures.dsr import DESK, PORTAL, World
from fixtures.tenancy import PREFIX

BODIES: dict[str, Any] = {
    "request-info": {"text": "Lähetä henkilöllisyystodistus"},
    "messages": {"text": "Viesti"},
    "verify-identity": {"hetu": "010190-900X"},
    "extend": {"months": 2, "reason": "Pyyntö on laaja ja koskee useita rekistereitä"},
    "no-data": {},
    "reject": {"outcome": "refused_excessive", "reasons": "Sama pyyntö kolmesti kuukauden aikana"},
    "effects": {},
    "exports": {},
    "review": {"redactions": []},
    "release": {},
    "acknowledge": {},
    "withdraw": {},
}
# What a processor identity may use at all: the directory, its own (empty) portal list, the desk.
ALLOWED = {
    ("GET", "/api/v1/dsr/controllers"),
    ("GET", "/api/v1/dsr/requests"),
    ("GET", "/api/v1/desk/contact-points"),
    ("GET", "/api/v1/desk/requests"),
}


def dsr_routes(world: World) -> list[tuple[str, str]]:
    app = world.client.app
    found: list[tuple[str, str]] = []
    for route in app.routes:
        path = route.path
        if path.startswith((PORTAL, DESK)) or re.match(r"^/api/v1/tenants/\{tenant_id:int\}/requests", path):
            found.extend((method, path) for method in sorted(route.methods - {"HEAD", "OPTIONS"}))
    return found


def fill(path: str, values: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(values[m.group(1)]), path)


def test_desk_and_operator_cannot_read_or_move_anything(world: World) -> None:
    client, a = world.client, world.a
    reference = world.file(a.tenant, "access", text="Sisältö jota prosessori ei saa nähdä")
    request_id = world.staff_id(a, reference)
    answer_id = world.staff(a, request_id, "exports", {}).json()["id"]
    attached = client.post(
        f"{PORTAL}/requests/{reference}/attachments",
        params={"name": "valtakirja.txt"},
        content="Sisältö: valtakirja".encode(),
        headers={**world.as_subject(), "content-type": "text/plain"},
    )
    assert attached.status_code == 201, attached.text
    before = world.staff(a, request_id).json()
    values = {
        "tenant_id": a.tenant,
        "request_id": request_id,
        "answer_id": answer_id,
        "reference": reference,
        "attachment_id": attached.json()["id"],
    }
    routes = dsr_routes(world)
    assert len(routes) >= 20  # the walk covers the whole service
    for headers in (world.as_desk(), world.as_operator()):
        for method, path in routes:
            url = fill(path, values)
            action = path.rstrip("/").rsplit("/", 1)[-1]
            if (method, path.rstrip("/")) in ALLOWED:
                response = client.request(method, url, headers=headers)
                assert response.status_code in {200, 403}, (method, path, response.status_code)
                assert "Sisältö" not in response.text
                assert reference not in response.text
                continue
            if method == "POST" and path == f"{PORTAL}/requests":
                continue  # filing one's own request as a person is not acting on someone else's
            if method == "POST" and path == f"{DESK}/requests":
                continue  # registering is the desk's job (tested below); it moves nothing past forwarded
            response = client.request(
                method, url, json=BODIES.get(action, {}), params={"name": "a.pdf"}, headers=headers
            )
            assert response.status_code in {403, 404}, (method, path, response.status_code, response.text)
            assert "Sisältö" not in response.text
            assert a.hetu not in response.text
    after = world.staff(a, request_id).json()
    assert after["state"] == before["state"] == "acknowledged"  # the controller's export instruction
    assert after["events"] == before["events"]
    assert world.mine(reference)["answers"] == []


def test_desk_registers_and_sees_only_routing_metadata(world: World) -> None:
    client, a = world.client, world.a
    bodies = [
        {
            "tenant_id": a.tenant,
            "channel": "letter",
            "request_type": "access",
            "contact": "PL 1, 00100 Helsinki",
            "text": f"Henkilötunnus {hetu}",
        }
        for hetu in (a.hetu, "010190-955N")  # one with data in the tenant, one without
    ]
    responses = [client.post(f"{DESK}/requests", json=body, headers=world.as_desk()) for body in bodies]
    assert [r.status_code for r in responses] == [201, 201], [r.text for r in responses]
    shapes = [{k: v for k, v in r.json().items() if k not in {"reference", "received_at"}} for r in responses]
    assert shapes[0] == shapes[1]
    assert shapes[0]["status"] == "forwarded"
    references = [r.json()["reference"] for r in responses]
    ids = [world.staff_id(a, ref) for ref in references]
    unverified = world.staff(a, ids[0]).json()
    assert unverified["identity_verified"] is False
    assert unverified["details"]["contact"] == "PL 1, 00100 Helsinki"  # sealed to, and read by, the controller
    # The controller answers one "no data" and verifies + exports + releases the other.
    assert world.staff(a, ids[1], "no-data", {}).status_code == 200
    assert world.staff(a, ids[0], "verify-identity", {"hetu": a.hetu}).status_code == 200
    answer = world.staff(a, ids[0], "exports", {}).json()["id"]
    assert world.staff(a, ids[0], f"answers/{answer}/release").status_code == 200
    seen = [client.get(f"{DESK}/requests/{ref}", headers=world.as_desk()).json() for ref in references]
    assert [s["status"] for s in seen] == ["closed", "closed"]
    assert {k: v for k, v in seen[0].items() if k not in {"reference", "received_at"}} == {
        k: v for k, v in seen[1].items() if k not in {"reference", "received_at"}
    }
    listed = client.get(f"{DESK}/requests", headers=world.as_desk()).json()
    assert sorted(r["reference"] for r in listed) == sorted(references)
    assert all(
        set(r) == {"reference", "tenant_id", "controller", "request_type", "channel", "status", "received_at"}
        for r in listed
    )
    # Another desk member does not see these receipts; an operator may not register at all.
    other_desk = client.get(f"{DESK}/requests/{references[0]}", headers=as_identity(987654321, Role.SUPPORT_DESK))
    assert other_desk.status_code == 404
    assert client.post(f"{DESK}/requests", json=bodies[0], headers=world.as_operator()).status_code == 403


def test_contact_points_answer_who_holds_my_data(world: World) -> None:
    listed = world.client.get(f"{DESK}/contact-points", headers=world.as_desk()).json()
    ids = {c["tenant_id"] for c in listed}
    assert {world.a.tenant, world.b.tenant} <= ids  # every controller, never a yes/no
    assert all(c["contact_point"] and c["dpo_contact"] for c in listed)
    portal = world.client.get(f"{PORTAL}/controllers", headers=world.as_subject(world.stranger)).json()
    assert {world.a.tenant, world.b.tenant} <= {c["tenant_id"] for c in portal}
    entry = next(c for c in portal if c["tenant_id"] == world.a.tenant)
    assert [r["id"] for r in entry["registers"]] == [world.a.register]


def test_staff_of_another_tenant_never_see_requests(world: World) -> None:
    client, a, b = world.client, world.a, world.b
    reference = world.file(a.tenant, "erasure")
    request_id = world.staff_id(a, reference)
    assert client.get(f"{PREFIX}{a.tenant}/requests/", headers=as_identity(b.admin)).status_code == 404
    assert client.get(f"{PREFIX}{a.tenant}/requests/{request_id}", headers=as_identity(b.admin)).status_code == 404
    assert client.get(f"{PREFIX}{b.tenant}/requests/{request_id}", headers=as_identity(b.admin)).status_code == 404
    acted = client.post(f"{PREFIX}{b.tenant}/requests/{request_id}/acknowledge", headers=as_identity(b.admin))
    assert acted.status_code == 404
    assert reference not in client.get(f"{PREFIX}{b.tenant}/requests/", headers=as_identity(b.admin)).text
    assert "request_received" not in client.get(f"{PREFIX}{b.tenant}/requests/inbox", headers=as_identity(b.admin)).text
    assert world.staff(a, request_id).json()["state"] == "forwarded"


def test_register_limited_member_sees_only_requests_for_their_registers(world: World) -> None:
    client, a = world.client, world.a
    limited = 424242
    grant = {"role": "tenant_handler", "registers": [a.register + 1]}
    assert (
        client.put(f"{PREFIX}{a.tenant}/members/{limited}", json=grant, headers=as_identity(a.admin)).status_code == 200
    )
    tenant_wide = world.file(a.tenant, "access")
    scoped = world.file(a.tenant, "access", register_id=a.register)
    listed = client.get(f"{PREFIX}{a.tenant}/requests/", headers=as_identity(limited)).json()
    assert listed == []
    scoped_id = world.staff_id(a, scoped)
    assert client.get(f"{PREFIX}{a.tenant}/requests/{scoped_id}", headers=as_identity(limited)).status_code == 404
    assert {tenant_wide, scoped} <= {
        r["reference"] for r in client.get(f"{PREFIX}{a.tenant}/requests/", headers=as_identity(a.admin)).json()
    }
    viewer = 434343
    assert (
        client.put(
            f"{PREFIX}{a.tenant}/members/{viewer}", json={"role": "tenant_viewer"}, headers=as_identity(a.admin)
        ).status_code
        == 200
    )
    assert client.get(f"{PREFIX}{a.tenant}/requests/{scoped_id}", headers=as_identity(viewer)).status_code == 200
    assert (
        client.post(f"{PREFIX}{a.tenant}/requests/{scoped_id}/acknowledge", headers=as_identity(viewer)).status_code
        == 403
    )


def test_receipt_time_without_offset_is_helsinki_time(world: World) -> None:
    # 23:30 in Helsinki on the last day of a month is 21:30 UTC: the month counts from that day.
    local = (datetime.now(HELSINKI) - timedelta(days=3)).replace(hour=23, minute=30, second=0, microsecond=0)
    body = {
        "tenant_id": world.a.tenant,
        "channel": "letter",
        "request_type": "access",
        "contact": "PL 5",
        "received_at": local.replace(tzinfo=None).isoformat(),  # no offset
    }
    response = world.client.post(f"{DESK}/requests", json=body, headers=world.as_desk())
    assert response.status_code == 201, response.text
    received = datetime.fromisoformat(response.json()["received_at"])
    assert received == local.astimezone(UTC)
    detail = world.staff(world.a, world.staff_id(world.a, response.json()["reference"])).json()
    assert datetime.fromisoformat(detail["due_at"]) == Deadline(local).first_due
    schema = world.client.get("/schema/openapi.json").json()
    assert "Europe/Helsinki" in str(schema["components"]["schemas"]["DeskIn"])
