"""Rectification, erasure with retention exceptions, restriction/objection/marketing flags."""

from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.tenancy import PREFIX


def record(world: World) -> dict[str, object]:
    response = world.client.get(
        f"{PREFIX}{world.a.tenant}/records/{world.a.record}", headers=as_identity(world.a.admin)
    )
    return {"status": response.status_code, **(response.json() if response.status_code == 200 else {})}


def test_rectification_applies_the_correction(world: World) -> None:
    reference = world.file(world.a.tenant, "rectification", correction="Nimeni on Korjattu Nimi")
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id, "effects", {}).status_code == 422  # values required
    bad = world.staff(world.a, request_id, "effects", {"values": {"email": "not-an-address"}})
    assert bad.status_code == 422
    done = world.staff(world.a, request_id, "effects", {"values": {"name": "Korjattu Nimi"}, "lang": "en"})
    assert done.status_code == 200, done.text
    assert record(world)["values"]["name"] == "Korjattu Nimi"  # type: ignore[index]
    mine = world.mine(reference)
    assert (mine["state"], mine["outcome"]) == ("answered", "completed")
    assert "1 records handled" in mine["answers"][0]["text"]


def test_erasure_honours_retention_exceptions_with_reasons(world: World) -> None:
    kept = world.file(world.a.tenant, "erasure")
    kept_id = world.staff_id(world.a, kept)
    reason = "Kirjanpitolaki 2:10 edellyttää tositteiden säilyttämistä kuusi vuotta"
    done = world.staff(world.a, kept_id, "effects", {"retain": [{"register_id": world.a.register, "reason": reason}]})
    assert done.status_code == 200, done.text
    assert record(world)["status"] == 200  # kept
    assert reason in world.mine(kept)["answers"][0]["text"]
    erased = world.file(world.a.tenant, "erasure")
    assert world.staff(world.a, world.staff_id(world.a, erased), "effects", {}).status_code == 200
    assert record(world)["status"] == 404


def test_restriction_and_marketing_flags_are_set(world: World) -> None:
    for kind in ("restriction", "marketing_prohibition", "objection"):
        reference = world.file(world.a.tenant, kind)
        response = world.staff(world.a, world.staff_id(world.a, reference), "effects", {})
        assert response.status_code == 200, response.text
        assert "1 tietuetta" in world.mine(reference)["answers"][0]["text"]
    access = world.file(world.a.tenant, "access")
    assert world.staff(world.a, world.staff_id(world.a, access), "effects", {}).status_code == 422
    assert record(world)["flags"] == ["no_marketing", "objected", "restricted"]  # staff see why
    page = world.client.get(
        f"{PREFIX}{world.a.tenant}/registers/{world.a.register}/records", headers=as_identity(world.a.admin)
    ).json()
    assert [item["flags"] for item in page["items"]] == [["no_marketing", "objected", "restricted"]]


def test_restricted_record_cannot_be_changed_or_deleted_by_staff(world: World) -> None:
    reference = world.file(world.a.tenant, "restriction")
    assert world.staff(world.a, world.staff_id(world.a, reference), "effects", {}).status_code == 200
    url = f"{PREFIX}{world.a.tenant}/records/{world.a.record}"
    before = record(world)
    edit = world.client.patch(url, json={"values": {"name": "Muutettu"}}, headers=as_identity(world.a.admin))
    assert edit.status_code == 409
    assert edit.json()["type"] == "urn:alusta:problem:record_restricted"
    assert world.client.delete(url, headers=as_identity(world.a.admin)).status_code == 409
    assert record(world) == before  # nothing changed
    # Another tenant's staff still get 404, not a hint that the record is restricted.
    assert world.client.patch(url, json={"values": {}}, headers=as_identity(world.b.admin)).status_code == 404


def test_unverified_desk_request_cannot_be_applied_or_exported(world: World) -> None:
    body = {"tenant_id": world.a.tenant, "channel": "email", "request_type": "erasure", "contact": "x@example.test"}
    reference = world.client.post("/api/v1/desk/requests", json=body, headers=world.as_desk()).json()["reference"]
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id, "effects", {}).json()["type"].endswith("identity_not_verified")
    assert world.staff(world.a, request_id, "exports", {}).status_code == 422
    assert record(world)["status"] == 200


def test_desk_erasure_request_verified_then_applied(world: World) -> None:
    body = {
        "tenant_id": world.a.tenant,
        "channel": "letter",
        "request_type": "erasure",
        "contact": "PL 4, 00100 Helsinki",
    }
    reference = world.client.post("/api/v1/desk/requests", json=body, headers=world.as_desk()).json()["reference"]
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id, "verify-identity", {"hetu": "not-a-hetu"}).status_code == 422
    assert (
        world.staff(world.a, request_id, "verify-identity", {"hetu": world.a.hetu}).json()["identity_verified"] is True
    )
    assert world.staff(world.a, request_id, "effects", {}).json()["outcome"] == "completed"
    assert record(world)["status"] == 404
    status = world.client.get(f"/api/v1/desk/requests/{reference}", headers=world.as_desk()).json()["status"]
    assert status == "closed"
