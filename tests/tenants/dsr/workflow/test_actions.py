"""Controller actions on desk requests: verification links the person, recomputes the fee rule."""

import io
import zipfile

from alusta.settings import Settings
from fixtures.callers import as_identity
from fixtures.dsr import DESK, PORTAL, World, make_subject
from fixtures.tenancy import PREFIX, synthetic_hetu


def desk_request(world: World, request_type: str = "access") -> str:
    body = {"tenant_id": world.a.tenant, "channel": "letter", "request_type": request_type, "contact": "PL 9"}
    response = world.client.post(f"{DESK}/requests", json=body, headers=world.as_desk())
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def portal_list(world: World, who: int) -> list[str]:
    response = world.client.get(f"{PORTAL}/requests", headers=world.as_subject(who))
    assert response.status_code == 200, response.text
    return [r["reference"] for r in response.json()]


def test_desk_request_reaches_the_verified_person_and_the_answer_too(world: World) -> None:
    a = world.a
    reference = desk_request(world)
    assert reference not in portal_list(world, world.subject)  # not linked before verification
    request_id = world.staff_id(a, reference)
    assert world.staff(a, request_id, "verify-identity", {"hetu": a.hetu}).status_code == 200
    assert reference in portal_list(world, world.subject)
    assert reference not in portal_list(world, world.stranger)
    answer = world.staff(a, request_id, "exports", {}).json()["id"]
    assert world.staff(a, request_id, f"answers/{answer}/release").status_code == 200
    mine = world.mine(reference)
    assert (mine["state"], mine["channel"]) == ("answered", "letter")
    assert sorted(x["kind"] for x in mine["answers"]) == ["bundle", "letter"]
    url = f"{PORTAL}/requests/{reference}/answers/{answer}/download"
    download = world.client.get(url, headers=world.as_subject())
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert str(a.record) in archive.read(f"registers/{a.register}.json").decode()
    # Someone else (or the desk that registered it) cannot open it.
    assert world.client.get(url, headers=world.as_subject(world.stranger)).status_code == 404
    assert world.client.get(f"{PORTAL}/requests/{reference}", headers=world.as_desk()).status_code in {403, 404}


def test_desk_request_joins_the_portal_at_the_persons_first_login(world: World, tenant_settings: Settings) -> None:
    a = world.a
    hetu = synthetic_hetu(77)  # nobody has logged in with this one yet
    reference = desk_request(world, "erasure")
    request_id = world.staff_id(a, reference)
    assert world.staff(a, request_id, "verify-identity", {"hetu": hetu}).status_code == 200
    assert world.staff(a, request_id, "no-data", {"lang": "en"}).status_code == 200
    newcomer = make_subject(tenant_settings, hetu)  # their first login
    assert portal_list(world, newcomer) == [reference]
    mine = world.mine(reference, newcomer)
    assert mine["outcome"] == "no_data"
    assert "no personal data about you" in mine["answers"][0]["text"]
    assert hetu not in str(mine)
    # Another tenant's staff still do not see the request; the stranger's portal stays without it.
    assert (
        world.client.get(
            f"{PREFIX}{world.b.tenant}/requests/{request_id}", headers=as_identity(world.b.admin)
        ).status_code
        == 404
    )
    assert reference not in portal_list(world, world.stranger)


def test_free_of_charge_is_recomputed_when_a_desk_request_is_verified(world: World) -> None:
    a = world.a
    first = world.file(a.tenant, "access")
    assert world.mine(first)["free_of_charge"] is True
    reference = desk_request(world)
    request_id = world.staff_id(a, reference)
    assert world.staff(a, request_id).json()["free_of_charge"] is True  # unknown subject at intake
    verified = world.staff(a, request_id, "verify-identity", {"hetu": a.hetu})
    assert verified.json()["free_of_charge"] is False  # a second access request within 12 months
    other = desk_request(world)
    other_id = world.staff_id(a, other)
    assert world.staff(a, other_id, "verify-identity", {"hetu": synthetic_hetu(78)}).json()["free_of_charge"] is True
