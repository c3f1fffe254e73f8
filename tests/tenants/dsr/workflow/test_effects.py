"""Rectification, erasure with retention exceptions, restriction/objection/marketing flags."""

from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.tenancy import PREFIX, register_body


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
    assert "Records handled: 1." in mine["answers"][0]["text"]


def test_erasure_honours_retention_exceptions_with_reasons(world: World) -> None:
    kept = world.file(world.a.tenant, "erasure")
    kept_id = world.staff_id(world.a, kept)
    reason = "Kirjanpitolaki 2:10 edellyttää tositteiden säilyttämistä kuusi vuotta"
    retain = {"register_id": world.a.register, "ground": "b", "reason": reason}
    done = world.staff(world.a, kept_id, "effects", {"retain": [retain]})
    assert done.status_code == 200, done.text
    assert record(world)["status"] == 200  # kept
    mine = world.mine(kept)
    assert mine["outcome"] == "refused_art_17_3_exception"  # nothing erased
    assert reason in mine["answers"][0]["text"]
    assert "17 artiklan 3 kohdan b alakohta" in mine["answers"][0]["text"]
    erased = world.file(world.a.tenant, "erasure")
    assert world.staff(world.a, world.staff_id(world.a, erased), "effects", {}).status_code == 200
    assert record(world)["status"] == 404


def test_erasure_exception_needs_a_ground_and_an_explanation(world: World) -> None:
    """Issue 14 point 9: Art. 17(3)(a)-(e) code + explanation; the tenant's own registers only."""
    a = world.a
    reference = world.file(a.tenant, "erasure")
    request_id = world.staff_id(a, reference)
    reason = "Kirjanpitolaki 2:10 edellyttää tositteiden säilyttämistä kuusi vuotta"
    no_ground = world.staff(a, request_id, "effects", {"retain": [{"register_id": a.register, "reason": reason}]})
    assert no_ground.status_code == 400
    wrong = world.staff(
        a, request_id, "effects", {"retain": [{"register_id": a.register, "ground": "f", "reason": reason}]}
    )
    assert wrong.status_code == 400
    short = world.staff(
        a, request_id, "effects", {"retain": [{"register_id": a.register, "ground": "e", "reason": "x"}]}
    )
    assert short.status_code == 422
    assert short.json()["type"].endswith("reasons_required")
    foreign = world.staff(
        a, request_id, "effects", {"retain": [{"register_id": world.b.register, "ground": "e", "reason": reason}]}
    )
    assert foreign.status_code == 422
    assert foreign.json()["type"].endswith("unknown_register")
    assert record(world)["status"] == 200  # nothing done by the refused attempts
    assert world.staff(a, request_id).json()["state"] == "forwarded"


def test_partly_erased_when_something_is_kept(world: World) -> None:
    a = world.a
    other = world.client.post(
        f"{PREFIX}{a.tenant}/registers", json=register_body("Laskut"), headers=as_identity(a.admin)
    )
    invoices = other.json()["id"]
    url = f"{PREFIX}{a.tenant}/registers/{invoices}/records"
    kept = world.client.post(url, json={"values": {"hetu": a.hetu, "name": "Lasku"}}, headers=as_identity(a.admin))
    assert kept.status_code == 201, kept.text
    reference = world.file(a.tenant, "erasure")
    reason = "Kirjanpitolaki 2:10: tositteet säilytetään kuusi vuotta tilikauden päättymisestä"
    body = {"retain": [{"register_id": invoices, "ground": "b", "reason": reason}], "lang": "en"}
    done = world.staff(a, world.staff_id(a, reference), "effects", body)
    assert done.status_code == 200, done.text
    assert done.json()["outcome"] == "partly_erased"
    text = world.mine(reference)["answers"][0]["text"]
    assert "partly erased" in text
    assert "Records erased: 1." in text
    assert "records kept: 1" in text
    assert "compliance with a legal obligation" in text
    assert record(world)["status"] == 404
    kept_id = kept.json()["id"]
    assert world.client.get(f"{PREFIX}{a.tenant}/records/{kept_id}", headers=as_identity(a.admin)).status_code == 200


def test_restriction_and_marketing_flags_are_set(world: World) -> None:
    for kind in ("restriction", "marketing_prohibition", "objection"):
        reference = world.file(world.a.tenant, kind)
        response = world.staff(world.a, world.staff_id(world.a, reference), "effects", {})
        assert response.status_code == 200, response.text
        text = world.mine(reference)["answers"][0]["text"]
        assert "Käsiteltyjä tietueita: 1." in text  # issue 14 point 13: never "1 tietuetta"
        assert "1 tietuetta" not in text
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
