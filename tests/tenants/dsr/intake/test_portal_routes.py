"""End to end: subject portal -> controller -> answer, on SQLite and PostgreSQL."""

import io
import json
import zipfile

from fixtures.callers import as_identity
from fixtures.dsr import PORTAL, World
from fixtures.tenancy import PREFIX


def unzip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_access_request_compiled_reviewed_released_downloaded(world: World) -> None:
    client, a = world.client, world.a
    reference = world.file(
        a.tenant, "access", text="Haluan kaikki tietoni, hetu 010190-900X mainittu", include_access_log=True
    )
    mine = world.mine(reference)
    assert mine["state"] == "forwarded"
    assert mine["identity_verified"] is True
    assert mine["free_of_charge"] is True
    assert "hetu" not in mine["details"]
    inbox = client.get(f"{PREFIX}{a.tenant}/requests/inbox", headers=as_identity(a.admin)).json()
    assert [(n["reference"], n["event"]) for n in inbox] == [(reference, "request_received")]

    request_id = world.staff_id(a, reference)
    detail = world.staff(a, request_id).json()
    assert detail["details"]["hetu"] == a.hetu  # the controller sees who asks
    assert [e["to_state"] for e in detail["events"]] == ["received", "forwarded"]

    started = world.staff(a, request_id, "exports", {"include_access_log": True, "lang": "en"})
    assert started.status_code == 202, started.text
    answer_id = started.json()["id"]
    answer = next(x for x in world.staff(a, request_id).json()["answers"] if x["id"] == answer_id)
    assert answer["status"] == "ready"  # the job ran after the response
    assert answer["summary"]["records"] == {str(a.register): 1}
    assert world.mine(reference)["answers"] == []  # nothing reaches the subject before release

    preview = client.get(
        f"{PREFIX}{a.tenant}/requests/{request_id}/answers/{answer_id}/download", headers=as_identity(a.admin)
    )
    assert preview.status_code == 200
    rows = json.loads(unzip(preview.content).read(f"registers/{a.register}.json"))
    assert rows[0]["hetu"] == a.hetu
    assert rows[0]["diagnosis"] == "flunssa"  # the subject's own special-category data is theirs

    review = world.staff(
        a, request_id, f"answers/{answer_id}/review", {"redactions": [{"record_id": a.record, "field": "email"}]}
    )
    assert review.status_code == 202, review.text
    released = world.staff(a, request_id, f"answers/{answer_id}/release")
    assert released.status_code == 200, released.text
    assert released.json()["state"] == "answered"
    assert released.json()["outcome"] == "completed"

    mine = world.mine(reference)
    assert mine["state"] == "answered"
    bundle = next(x for x in mine["answers"] if x["kind"] == "bundle")
    assert bundle["expires_at"] is not None
    download = client.get(f"{PORTAL}/requests/{reference}/answers/{answer_id}/download", headers=world.as_subject())
    assert download.status_code == 200
    archive = unzip(download.content)
    assert sorted(archive.namelist()) == sorted(
        ["README.txt", f"registers/{a.register}.json", f"registers/{a.register}.csv", "access_log.csv", "manifest.json"]
    )
    rows = json.loads(archive.read(f"registers/{a.register}.json"))
    assert rows[0]["email"] == "[redacted]"
    cover = archive.read("README.txt").decode()
    assert "Data Protection Ombudsman" in cover
    assert "Purposes and legal basis" in cover
    log = archive.read("access_log.csv").decode()
    assert "recording the data" in log  # localised purposes, never raw codes (issue 14 point 3)
    assert "record.create" not in log
    # Someone else cannot fetch it, even knowing the reference and the answer id.
    other = client.get(
        f"{PORTAL}/requests/{reference}/answers/{answer_id}/download", headers=world.as_subject(world.stranger)
    )
    assert other.status_code == 404


def test_request_to_tenant_without_subject_data(world: World) -> None:
    reference = world.file(world.b.tenant, "access")
    request_id = world.staff_id(world.b, reference)
    started = world.staff(world.b, request_id, "exports", {})
    assert started.status_code == 202
    answer = world.staff(world.b, request_id).json()["answers"][0]
    assert answer["summary"]["records"] == {str(world.b.register): 0}
    assert world.staff(world.b, request_id, "no-data", {"lang": "fi"}).status_code == 200
    mine = world.mine(reference)
    assert mine["outcome"] == "no_data"
    letter = next(x for x in mine["answers"] if x["kind"] == "letter")["text"]
    assert "Tietosuojavaltuutetun" in letter


def test_access_log_request_gets_the_extract(world: World) -> None:
    reference = world.file(world.a.tenant, "access_log")
    request_id = world.staff_id(world.a, reference)
    answer_id = world.staff(world.a, request_id, "exports", {"lang": "sv"}).json()["id"]
    assert world.staff(world.a, request_id, f"answers/{answer_id}/release").status_code == 200
    download = world.client.get(
        f"{PORTAL}/requests/{reference}/answers/{answer_id}/download", headers=world.as_subject()
    )
    archive = unzip(download.content)
    assert "access_log.csv" in archive.namelist()
    assert "Dataombudsmannens" in archive.read("README.txt").decode()


def test_filing_to_several_controllers_gives_one_reference_each(world: World) -> None:
    body = {"tenant_ids": [world.a.tenant, world.b.tenant], "request_type": "objection", "text": "Vastustan"}
    response = world.client.post(f"{PORTAL}/requests", json=body, headers=world.as_subject())
    assert response.status_code == 201, response.text
    filed = response.json()
    assert {f["tenant_id"] for f in filed} == {world.a.tenant, world.b.tenant}
    assert len({f["reference"] for f in filed}) == 2
    listed = world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json()
    assert {f["reference"] for f in filed} <= {r["reference"] for r in listed}
    assert world.client.get(f"{PORTAL}/requests", headers=world.as_subject(world.stranger)).json() == []


def _receipts(world: World) -> list[object]:
    listed = world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json()
    assert isinstance(listed, list)
    return listed


def test_a_high_assurance_controller_refuses_a_loa2_login_and_stores_nothing(world: World) -> None:
    before = _receipts(world)
    body = {"tenant_ids": [world.a.tenant], "request_type": "access"}
    headers = {**world.as_subject(), "x-test-loa": "http://ftn.ficora.fi/2017/loa2"}  # demo tenants require loa3
    response = world.client.post(f"{PORTAL}/requests", json=body, headers=headers)
    assert response.status_code == 403
    assert response.json()["type"] == "urn:alusta:problem:loa_insufficient"
    assert "acr=loa3" in response.json()["detail"]
    assert _receipts(world) == before


def test_one_unknown_controller_refuses_the_whole_filing(world: World) -> None:
    before = _receipts(world)
    body = {"tenant_ids": [world.a.tenant, 999_999_999], "request_type": "erasure"}
    response = world.client.post(f"{PORTAL}/requests", json=body, headers=world.as_subject())
    assert response.status_code == 404
    assert _receipts(world) == before  # nothing was filed to A either
    inbox = world.client.get(f"{PREFIX}{world.a.tenant}/requests/inbox", headers=as_identity(world.a.admin)).json()
    assert inbox == []
