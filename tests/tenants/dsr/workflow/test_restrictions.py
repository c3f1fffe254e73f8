"""Restrictions have teeth (issue 14 point 11): lifted only after telling the subject; use checks."""

from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.tenancy import PREFIX

REASON = "Tietojen paikkansapitävyys on tarkistettu ja todettu oikeaksi"


def use(world: World, purpose: str, who: int | None = None) -> dict[str, object]:
    url = f"{PREFIX}{world.a.tenant}/records/{world.a.record}/use"
    response = world.client.get(url, params={"purpose": purpose}, headers=as_identity(who or world.a.admin))
    return {"status": response.status_code, **(response.json() if response.status_code == 200 else {})}


def test_restriction_is_lifted_only_after_the_subject_was_told(world: World) -> None:
    a = world.a
    reference = world.file(a.tenant, "restriction")
    request_id = world.staff_id(a, reference)
    early = world.staff(a, request_id, "restriction/announce-lift", {"reason": REASON})
    assert early.status_code == 422  # nothing restricted yet
    assert world.staff(a, request_id, "effects", {}).status_code == 200
    assert use(world, "processing") == {
        "status": 200,
        "purpose": "processing",
        "allowed": False,
        "flags": ["restricted"],
    }
    untold = world.staff(a, request_id, "restriction/lift", {})
    assert untold.status_code == 422
    assert untold.json()["type"].endswith("lift_not_announced")
    assert use(world, "processing")["allowed"] is False
    assert world.staff(a, request_id, "restriction/announce-lift", {"reason": "x"}).status_code == 422
    told = world.staff(a, request_id, "restriction/announce-lift", {"reason": REASON, "lang": "en"})
    assert told.status_code == 200, told.text
    letters = [x["text"] for x in world.mine(reference)["answers"] if x["kind"] == "letter"]
    assert any("intends to lift the restriction" in t and REASON in t for t in letters)
    assert use(world, "processing")["allowed"] is False  # still restricted until lifted
    lifted = world.staff(a, request_id, "restriction/lift", {"lang": "en"})
    assert lifted.status_code == 200, lifted.text
    assert use(world, "processing") == {"status": 200, "purpose": "processing", "allowed": True, "flags": []}
    assert any("has been lifted" in x["text"] for x in world.mine(reference)["answers"] if x["text"])
    # Another tenant's staff learn nothing about the record or the request.
    assert use(world, "marketing", world.b.admin)["status"] == 404
    other = f"{PREFIX}{world.b.tenant}/requests/{request_id}/restriction/lift"
    assert world.client.post(other, json={}, headers=as_identity(world.b.admin)).status_code == 404


def test_marketing_prohibition_answers_the_use_question(world: World) -> None:
    a = world.a
    assert use(world, "marketing") == {"status": 200, "purpose": "marketing", "allowed": True, "flags": []}
    reference = world.file(a.tenant, "marketing_prohibition")
    assert world.staff(a, world.staff_id(a, reference), "effects", {}).status_code == 200
    assert use(world, "marketing") == {
        "status": 200,
        "purpose": "marketing",
        "allowed": False,
        "flags": ["no_marketing"],
    }
    assert use(world, "processing")["allowed"] is True  # a marketing prohibition does not stop other processing
    assert use(world, "everything")["status"] == 400
