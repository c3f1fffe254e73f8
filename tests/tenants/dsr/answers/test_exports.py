"""Access bundles find the subject by every identifier they are known by (issue 14 point 1)."""

import csv
import io
import json
import zipfile
from datetime import datetime
from typing import Any

from alusta.calendar.periods import HELSINKI
from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.tenancy import FIELDS, PREFIX, Side, localized, notice_body

EMAIL_FIELDS: list[dict[str, object]] = [
    {"name": "email", "type": "email", "classification": "contact", "identifies": "email", "required": True},
    {"name": "name", "type": "text", "classification": "ordinary"},
]
CUSTOMER_FIELDS: list[dict[str, object]] = [
    {"name": "customer", "type": "customer_number", "classification": "identifier", "identifies": "customer_number"},
    {"name": "note", "type": "text", "classification": "ordinary"},
]


def add_register(world: World, side: Side, name: str, fields: list[dict[str, object]]) -> int:
    body = {"notice": {**notice_body(name), "register_name": localized(name)}, "fields": fields}
    response = world.client.post(f"{PREFIX}{side.tenant}/registers", json=body, headers=as_identity(side.admin))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def add_record(world: World, side: Side, register: int, values: dict[str, object]) -> int:
    url = f"{PREFIX}{side.tenant}/registers/{register}/records"
    response = world.client.post(url, json={"values": values}, headers=as_identity(side.admin))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def bundle(world: World, side: Side, request_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Instruct, then read the compiled bundle as staff do in review: {member name: text}."""
    answer = world.staff(side, request_id, "exports", body)
    assert answer.status_code == 202, answer.text
    url = f"{PREFIX}{side.tenant}/requests/{request_id}/answers/{answer.json()['id']}/download"
    response = world.client.get(url, headers=as_identity(side.admin))
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def rows(members: dict[str, Any], register: int) -> list[dict[str, Any]]:
    return list(json.loads(members[f"registers/{register}.json"]))


def test_subject_known_only_by_email_gets_that_record(world: World) -> None:
    a = world.a
    newsletter = add_register(world, a, "Uutiskirje", EMAIL_FIELDS)
    mine = add_record(world, a, newsletter, {"email": "henkilo.yksi@example.test", "name": "Yksi"})
    add_record(world, a, newsletter, {"email": "joku.muu@example.test", "name": "Muu"})
    reference = world.file(a.tenant, "access", identifiers={"email": "Henkilo.Yksi@Example.test"})
    members = bundle(world, a, world.staff_id(a, reference), {})
    assert [r["record_id"] for r in rows(members, newsletter)] == [mine]  # found by e-mail
    assert [r["record_id"] for r in rows(members, a.register)] == [a.record]  # and by hetu
    assert "Uutiskirje (fi)" in members["README.txt"]


def test_desk_request_uses_identifiers_the_controller_confirmed(world: World) -> None:
    a = world.a
    newsletter = add_register(world, a, "Uutiskirje", EMAIL_FIELDS)
    mine = add_record(world, a, newsletter, {"email": "kirje@example.test"})
    body = {"tenant_id": a.tenant, "channel": "letter", "request_type": "access", "contact": "PL 3"}
    reference = world.client.post("/api/v1/desk/requests", json=body, headers=world.as_desk()).json()["reference"]
    request_id = world.staff_id(a, reference)
    bad = world.staff(a, request_id, "verify-identity", {"hetu": a.hetu, "identifiers": {"email": "ei osoite"}})
    assert bad.status_code == 422
    assert bad.json()["type"].endswith("invalid_identifier")
    verified = world.staff(
        a, request_id, "verify-identity", {"hetu": a.hetu, "identifiers": {"email": "kirje@example.test"}}
    )
    assert verified.status_code == 200, verified.text
    assert [r["record_id"] for r in rows(bundle(world, a, request_id, {}), newsletter)] == [mine]


def test_staff_add_records_found_by_search(world: World) -> None:
    a, b = world.a, world.b
    customers = add_register(world, a, "Asiakasnumerot", CUSTOMER_FIELDS)
    found = add_record(world, a, customers, {"customer": "AS-1001", "note": "tilaus"})
    reference = world.file(a.tenant, "access")
    request_id = world.staff_id(a, reference)
    search = world.client.post(
        f"{PREFIX}{a.tenant}/records/search",
        json={"kind": "customer_number", "value": "AS-1001"},
        headers=as_identity(a.admin),
    )
    assert [r["id"] for r in search.json()] == [found]
    # Another tenant's record, or one outside the chosen registers, is refused (nothing instructed).
    other = world.staff(a, request_id, "exports", {"records": [b.record]})
    assert other.status_code == 422
    assert other.json()["type"].endswith("unknown_record")
    outside = world.staff(a, request_id, "exports", {"registers": [a.register], "records": [found]})
    assert outside.status_code == 422
    members = bundle(world, a, request_id, {"records": [found]})
    assert [r["record_id"] for r in rows(members, customers)] == [found]
    assert [r["record_id"] for r in rows(members, a.register)] == [a.record]


def test_invalid_identifier_at_filing_is_refused(world: World) -> None:
    before = world.client.get("/api/v1/dsr/requests", headers=world.as_subject()).json()
    body = {"tenant_ids": [world.a.tenant], "request_type": "access", "identifiers": {"phone": "abc12"}}
    response = world.client.post(
        "/api/v1/dsr/requests", json=body, headers={**world.as_subject(), "accept-language": "sv"}
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("invalid_identifier")
    assert world.client.get("/api/v1/dsr/requests", headers=world.as_subject()).json() == before


def test_no_cover_letter_for_a_register_without_the_subjects_records(world: World) -> None:
    a = world.a
    add_register(world, a, "Tyhjä rekisteri", EMAIL_FIELDS)
    reference = world.file(a.tenant, "access")
    members = bundle(world, a, world.staff_id(a, reference), {})
    assert "Tyhjä rekisteri" not in members["README.txt"]
    assert "Asiakasrekisteri (fi)" in members["README.txt"]


def test_cover_letter_words_the_legal_basis_and_automated_decisions(world: World) -> None:
    """Issue 14 points 7 and 8: the cover letter uses the notice's Art. 15(1)(h) text and words for Art. 6(1)."""
    a = world.a
    body = {"notice": notice_body(), "fields": FIELDS}
    body["notice"]["automated_decisions"] = localized("Pisteytys maksuhistorian perusteella")  # type: ignore[index]
    url = f"{PREFIX}{a.tenant}/registers/{a.register}"
    changed = world.client.put(url, json=body, headers=as_identity(a.admin))
    assert changed.status_code == 200, changed.text
    reference = world.file(a.tenant, "access")
    readme = bundle(world, a, world.staff_id(a, reference), {"lang": "sv"})["README.txt"]
    assert "fullgörande av avtal" in readme
    assert "(contract)" not in readme
    assert "Pisteytys maksuhistorian perusteella (sv)" in readme


def test_release_letter_dates_and_fee(world: World) -> None:
    """Issue 14 points 6 and 13: the letter's language writes the expiry date; a repeat may cost."""
    a = world.a
    first = world.file(a.tenant, "access")
    second = world.file(a.tenant, "access")
    for reference, fee in ((first, "free of charge"), (second, "may charge a reasonable fee")):
        request_id = world.staff_id(a, reference)
        answer = world.staff(a, request_id, "exports", {"lang": "en"}).json()["id"]
        assert world.staff(a, request_id, f"answers/{answer}/release").status_code == 200
        mine = world.mine(reference)
        letter = next(x for x in mine["answers"] if x["kind"] == "letter")["text"]
        expires = datetime.fromisoformat(next(x for x in mine["answers"] if x["kind"] == "bundle")["expires_at"])
        day = expires.astimezone(HELSINKI)
        assert f"until {day.day} {day.strftime('%B')} {day.year}" in letter
        assert fee in letter


def test_viewer_sees_the_hetu_masked(world: World) -> None:
    """Issue 14 point 13: a viewer sees "010190-****" in requests and records; a handler sees it all."""
    a = world.a
    viewer = 515151
    grant = {"role": "tenant_viewer"}
    member = world.client.put(f"{PREFIX}{a.tenant}/members/{viewer}", json=grant, headers=as_identity(a.admin))
    assert member.status_code == 200
    reference = world.file(a.tenant, "access")
    request_id = world.staff_id(a, reference)
    seen = world.client.get(f"{PREFIX}{a.tenant}/requests/{request_id}", headers=as_identity(viewer)).json()
    assert seen["details"]["hetu"] == a.hetu[:7] + "****"
    assert world.staff(a, request_id).json()["details"]["hetu"] == a.hetu
    record = world.client.get(f"{PREFIX}{a.tenant}/records/{a.record}", headers=as_identity(viewer)).json()
    assert record["values"]["hetu"] == a.hetu[:7] + "****"
    assert a.hetu not in world.client.get(f"{PREFIX}{a.tenant}/records/{a.record}", headers=as_identity(viewer)).text
    full = world.client.get(f"{PREFIX}{a.tenant}/records/{a.record}", headers=as_identity(a.admin)).json()
    assert full["values"]["hetu"] == a.hetu


def test_access_log_names_every_list_and_search_that_showed_the_record(world: World) -> None:
    """Issue 14 point 3: a list page or a search shows records; each shown record is a logged view."""
    a = world.a
    admin = as_identity(a.admin)
    assert world.client.get(f"{PREFIX}{a.tenant}/registers/{a.register}/records", headers=admin).status_code == 200
    search = world.client.post(
        f"{PREFIX}{a.tenant}/records/search", json={"kind": "hetu", "value": a.hetu}, headers=admin
    )
    assert [r["id"] for r in search.json()] == [a.record]
    reference = world.file(a.tenant, "access_log")
    log = bundle(world, a, world.staff_id(a, reference), {"lang": "fi"})["access_log.csv"]
    purposes = [row[1] for row in list(csv.reader(io.StringIO(log)))[1:]]  # cells are quoted (csv_safe)
    assert "tietojen näyttäminen rekisterin luettelossa" in purposes
    assert "tietojen haku tunnisteella" in purposes
    assert "tietojen tallentaminen" in purposes
    assert not any("." in p for p in purposes)  # no raw action codes in a Finnish bundle


def test_bundle_holds_only_the_period_asked_about(world: World) -> None:
    """Issue 14 point 2: records outside the period are left out, and the cover letter says so."""
    a = world.a
    today = datetime.now(HELSINKI).date()
    past = world.file(a.tenant, "access", period_from="2025-01-01", period_to="2025-12-31")
    members = bundle(world, a, world.staff_id(a, past), {"lang": "en"})
    assert rows(members, a.register) == []
    assert "You asked for the period 1 January 2025–31 December 2025" in members["README.txt"]
    current = world.file(a.tenant, "access", period_from=today.isoformat(), period_to=today.isoformat())
    members = bundle(world, a, world.staff_id(a, current), {"lang": "fi"})
    assert [r["record_id"] for r in rows(members, a.register)] == [a.record]
    assert f"Pyysit tietoja ajalta {today.day}.{today.month}.{today.year}" in members["README.txt"]
    backwards = {
        "tenant_ids": [a.tenant],
        "request_type": "access",
        "period_from": "2026-02-01",
        "period_to": "2026-01-01",
    }
    refused = world.client.post("/api/v1/dsr/requests", json=backwards, headers=world.as_subject())
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("invalid_period")
