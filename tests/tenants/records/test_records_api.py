"""Records through the API: CRUD, search by blind index, masking, bad input storing nothing."""

import json

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.settings import Settings
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, build_side, new_identity, synthetic_hetu


@pytest.fixture
def side(tenant_client: TestClient[AlustaApp], tenant_settings: Settings) -> Side:
    return build_side(tenant_client, tenant_settings, "Records Oy", 10)


def records_url(side: Side) -> str:
    return f"{PREFIX}{side.tenant}/registers/{side.register}/records"


def count(client: TestClient[AlustaApp], side: Side) -> int:
    response = client.get(records_url(side), params={"limit": 200}, headers=as_identity(side.admin))
    assert response.status_code == 200
    return len(response.json()["items"])


def test_crud_and_search(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    admin = as_identity(side.admin)
    url = f"{PREFIX}{side.tenant}/records/{side.record}"
    read = tenant_client.get(url, headers=admin).json()
    assert read["values"]["hetu"] == side.hetu
    assert read["masked"] == ["diagnosis"]  # even an admin needs the explicit special-category grant
    changed = tenant_client.patch(url, json={"values": {"name": "Uusi Nimi", "email": None}}, headers=admin)
    assert changed.status_code == 200, changed.text
    assert changed.json()["values"] == {"hetu": side.hetu, "name": "Uusi Nimi", "diagnosis": None}
    found = tenant_client.post(
        f"{PREFIX}{side.tenant}/records/search", json={"kind": "hetu", "value": side.hetu.lower()}, headers=admin
    )
    assert [r["id"] for r in found.json()] == [side.record]
    gone = tenant_client.post(
        f"{PREFIX}{side.tenant}/records/search", json={"kind": "email", "value": "person10@example.test"}, headers=admin
    )
    assert gone.json() == []  # the e-mail was removed, and its index row with it
    assert tenant_client.delete(url, headers=admin).status_code == 204
    assert tenant_client.get(url, headers=admin).status_code == 404


def test_pagination(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    admin = as_identity(side.admin)
    for n in range(5):
        tenant_client.post(records_url(side), json={"values": {"hetu": synthetic_hetu(20 + n)}}, headers=admin)
    first = tenant_client.get(records_url(side), params={"limit": 4}, headers=admin).json()
    assert len(first["items"]) == 4
    rest = tenant_client.get(records_url(side), params={"limit": 4, "after": first["next_after"]}, headers=admin).json()
    assert len(rest["items"]) == 2
    assert rest["next_after"] is None
    ids = [r["id"] for r in first["items"] + rest["items"]]
    assert ids == sorted(ids)
    assert len(set(ids)) == 6


def test_masking_follows_explicit_grants(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    admin = as_identity(side.admin)
    viewer, trusted = new_identity(), new_identity()
    members = f"{PREFIX}{side.tenant}/members"
    assert tenant_client.put(f"{members}/{viewer}", json={"role": "tenant_viewer"}, headers=admin).status_code == 200
    grant = {"role": "tenant_handler", "explicit": ["tenant:special-category:read", "tenant:non-disclosure:read"]}
    assert tenant_client.put(f"{members}/{trusted}", json=grant, headers=admin).status_code == 200
    url = f"{PREFIX}{side.tenant}/records/{side.record}"
    tenant_client.patch(url, json={"values": {"secret_phone": "040 123 4567"}}, headers=admin)
    hidden = tenant_client.get(url, headers=as_identity(viewer)).json()
    assert hidden["values"]["diagnosis"] is None
    assert hidden["values"]["secret_phone"] is None
    # Issue 14 point 13: a viewer sees the henkilötunnus masked too (birth date only).
    assert sorted(hidden["masked"]) == ["diagnosis", "hetu", "secret_phone"]
    shown = tenant_client.get(url, headers=as_identity(trusted)).json()
    assert shown["values"]["diagnosis"] == "flunssa"
    assert shown["values"]["secret_phone"] == "+358401234567"
    assert shown["masked"] == []
    # A viewer may not write (403: a member already knows the tenant exists).
    assert tenant_client.patch(url, json={"values": {"name": "x"}}, headers=as_identity(viewer)).status_code == 403


def test_register_limited_member_sees_only_their_registers(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    admin = as_identity(side.admin)
    limited = new_identity()
    body = {"role": "tenant_handler", "registers": [side.register + 1]}
    tenant_client.put(f"{PREFIX}{side.tenant}/members/{limited}", json=body, headers=admin)
    assert (
        tenant_client.get(f"{PREFIX}{side.tenant}/records/{side.record}", headers=as_identity(limited)).status_code
        == 404
    )
    listed = tenant_client.get(f"{PREFIX}{side.tenant}/registers", headers=as_identity(limited)).json()
    assert listed == []


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"hetu": "010190-123A"}, "hetu", "invalid_value"),
        ({"hetu": "010190-9000"}, "hetu", "invalid_value"),
        ({"hetu": synthetic_hetu(30), "shoe_size": 44}, "shoe_size", "unknown_field"),
        ({"name": "no hetu"}, "hetu", "required"),
        ({"hetu": synthetic_hetu(31), "email": "not-an-address"}, "email", "invalid_value"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(
    tenant_client: TestClient[AlustaApp], side: Side, values: dict[str, object], field: str, code: str
) -> None:
    before = count(tenant_client, side)
    response = tenant_client.post(records_url(side), json={"values": values}, headers=as_identity(side.admin))
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {"field": field, "code": code} in [{"field": e["field"], "code": e["code"]} for e in problem["errors"]]
    assert "010190" not in response.text  # the offending value is never echoed
    assert count(tenant_client, side) == before


def test_oversize_body_is_refused(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    before = count(tenant_client, side)
    big = {"values": {"hetu": synthetic_hetu(32), "name": "x" * 100_000}}
    response = tenant_client.post(records_url(side), json=big, headers=as_identity(side.admin))
    assert response.status_code == 413
    assert count(tenant_client, side) == before


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b'hetu,name\n"unterminated,x\n', "text/csv", 400, "malformed_file"),
        (b"hetu,name\n010190-900A,x,extra\n", "text/csv", 400, "malformed_file"),
        (b'[{"hetu": ', "application/json", 400, "malformed_file"),
        (b'{"hetu": "x"}', "application/json", 400, "malformed_file"),
        (b"\xff\xfe", "text/csv", 400, "malformed_file"),
        (b"hetu\n", "text/csv", 400, "malformed_file"),
        (b"a;b", "application/xml", 415, "unsupported_media_type"),
    ],
)
def test_malformed_import_files_are_refused(  # noqa: PLR0917 - parametrised
    tenant_client: TestClient[AlustaApp], side: Side, content: bytes, content_type: str, status: int, code: str
) -> None:
    before = count(tenant_client, side)
    headers = as_identity(side.admin) | {"content-type": content_type}
    response = tenant_client.post(f"{records_url(side)}/import", content=content, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["type"].endswith(code)
    assert count(tenant_client, side) == before


def test_import_is_all_or_nothing_with_a_row_report(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    admin = as_identity(side.admin)
    rows = [{"hetu": synthetic_hetu(40), "name": "Hyvä"}, {"hetu": "bad"}, {"hetu": synthetic_hetu(41), "x": 1}]
    before = count(tenant_client, side)
    rejected = tenant_client.post(
        f"{records_url(side)}/import",
        content=json.dumps(rows).encode(),
        headers=admin | {"content-type": "application/json"},
    )
    assert rejected.status_code == 422
    report = {(e["row"], e["field"], e["code"]) for e in rejected.json()["errors"]}
    assert report == {(2, "hetu", "invalid_value"), (3, "x", "unknown_field")}
    assert count(tenant_client, side) == before
    csv_body = f"hetu,name,email\n{synthetic_hetu(42)},Eka,eka@example.test\n{synthetic_hetu(43)},Toka,\n".encode()
    accepted = tenant_client.post(
        f"{records_url(side)}/import", content=csv_body, headers=admin | {"content-type": "text/csv"}
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json() == {"imported": 2}
    assert count(tenant_client, side) == before + 2
    found = tenant_client.post(
        f"{PREFIX}{side.tenant}/records/search", json={"kind": "email", "value": "EKA@example.test"}, headers=admin
    )
    assert len(found.json()) == 1


def test_page_size_above_the_maximum_is_refused(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    """limit=500 was silently cut to 200 rows with no cursor; now it is refused, naming the field."""
    admin = {**as_identity(side.admin), "accept-language": "sv"}
    response = tenant_client.get(records_url(side), params={"limit": 500}, headers=admin)
    assert response.status_code == 400, response.text
    assert response.json()["title"] == "Begäran var felaktig."
    assert [(e["key"], e["source"]) for e in response.json()["errors"]] == [("limit", "query")]
    audit = tenant_client.get(f"{PREFIX}{side.tenant}/audit", params={"limit": 501}, headers=admin)
    assert audit.status_code == 400, audit.text
    assert tenant_client.get(records_url(side), params={"limit": 200}, headers=admin).status_code == 200


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"hetu": "030482A977U"}, "future"),  # born in 2082
        ({"hetu": "131052-308T"}, "only synthetic"),  # a real-looking number outside production
        ({"hetu": synthetic_hetu(3), "name": "Tunnus 131052-308T"}, "outside production"),  # typed into a name
    ],
)
def test_hetu_rules_outside_production(
    tenant_client: TestClient[AlustaApp], side: Side, values: dict[str, str], reason: str
) -> None:
    admin = as_identity(side.admin)
    before = count(tenant_client, side)
    response = tenant_client.post(records_url(side), json={"values": values}, headers=admin)
    assert response.status_code == 422, response.text
    assert reason in response.json()["detail"]
    csv_body = "hetu,name\n" + ",".join(f'"{v}"' for v in (values["hetu"], values.get("name", "x"))) + "\n"
    imported = tenant_client.post(
        f"{records_url(side)}/import", content=csv_body.encode(), headers={**admin, "content-type": "text/csv"}
    )
    assert imported.status_code == 422, imported.text
    assert count(tenant_client, side) == before
