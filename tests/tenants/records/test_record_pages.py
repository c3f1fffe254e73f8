"""The controller's records pages over HTTP, on SQLite and PostgreSQL (issue 12, "Records").

Browse a register page by page with masked fields said in words, search by identifier in a POST
(never in a link), create/edit/delete through the API's services (a restricted record refuses
with a message), a bulk import with a row report (all or nothing) and the CSV export. Other
tenants' staff, the desk, operators and subjects get the HTML 404 on every page and form; a
viewer reads but gets 403 on every write.
"""

import csv
import io
import re
from typing import Any

import pytest
from httpx import Response

from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.tenancy import PREFIX, Side, new_identity, synthetic_hetu

HTML = {"accept": "text/html"}


def get(world: World, path: str, who: int | None = None, **params: Any) -> Response:
    headers = {**HTML, **as_identity(world.a.admin if who is None else who)}
    if params:  # added to the query the path may already have (httpx's params would replace it)
        path += ("&" if "?" in path else "?") + "&".join(f"{k}={v}" for k, v in params.items())
    return world.client.get(path, headers=headers, follow_redirects=False)


def post(world: World, path: str, data: dict[str, Any], who: int | None = None, **kwargs: Any) -> Response:
    headers = {**HTML, **as_identity(world.a.admin if who is None else who)}
    return world.client.post(path, data=data, headers=headers, follow_redirects=False, **kwargs)


def pages(side: Side) -> str:
    return f"/t/{side.tenant}/records"


def api_record(world: World, record_id: int, who: int | None = None) -> Response:
    return world.client.get(
        f"{PREFIX}{world.a.tenant}/records/{record_id}", headers=as_identity(world.a.admin if who is None else who)
    )


def record_ids(world: World, side: Side | None = None) -> list[int]:
    side = side or world.a
    url = f"{PREFIX}{side.tenant}/registers/{side.register}/records"
    response = world.client.get(url, params={"limit": 200}, headers=as_identity(side.admin))
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def add_record(world: World, values: dict[str, Any]) -> int:
    url = f"{PREFIX}{world.a.tenant}/registers/{world.a.register}/records"
    response = world.client.post(url, json={"values": values}, headers=as_identity(world.a.admin))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def member(world: World, role: str, **extra: Any) -> int:
    who = new_identity()
    url = f"{PREFIX}{world.a.tenant}/members/{who}"
    response = world.client.put(url, json={"role": role, **extra}, headers=as_identity(world.a.admin))
    assert response.status_code == 200, response.text
    return who


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html) + re.findall(r'action="([^"]*)"', html)


def audit_actions(world: World) -> list[str]:
    response = world.client.get(
        f"{PREFIX}{world.a.tenant}/audit", params={"limit": 500}, headers=as_identity(world.a.admin)
    )
    return [e["action"] for e in response.json()["items"]]


def test_registers_are_listed_and_browsed_page_by_page_with_masked_fields_in_words(world: World) -> None:
    for n in range(60, 90):
        add_record(world, {"hetu": synthetic_hetu(n), "name": f"Sivutus {n}", "diagnosis": "flunssa"})
    home = get(world, pages(world.a), lang="en")
    assert home.status_code == 200, home.text
    browse = f"{pages(world.a)}/registers/{world.a.register}"
    assert f'href="{browse}"' in home.text
    assert "Asiakasrekisteri (en)" in home.text  # the register's name in the reader's language
    first = get(world, browse, lang="en")
    assert first.status_code == 200, first.text
    assert first.text.count("<tr>") == 26  # the header row and a page of 25
    assert "masked (special category data)" in first.text  # even an admin needs the explicit grant
    assert "flunssa" not in first.text
    ids = record_ids(world)
    assert len(ids) == 31
    nxt = re.search(r'href="([^"]*\?after=(\d+))"', first.text)
    assert nxt is not None
    assert int(nxt.group(2)) == sorted(ids)[24]
    second = get(world, nxt.group(1).replace("&amp;", "&"), lang="en")
    assert second.status_code == 200
    assert second.text.count("<tr>") == 7
    assert "Next page" not in second.text  # the last page
    assert "First page" in second.text
    assert f'href="{browse}"' in second.text  # back to the first page
    assert world.a.hetu in first.text + second.text  # an admin may change records: the hetu in full
    record = get(world, f"{pages(world.a)}/{world.a.record}", lang="en")
    assert record.status_code == 200
    assert "masked: special category data, shown only with the explicit permission" in record.text
    assert "Special category data (Article 9)" in record.text  # the classification in words
    assert "records.list" in audit_actions(world)


def test_search_by_email_finds_the_record_and_puts_the_address_in_no_link(world: World) -> None:
    search = f"{pages(world.a)}/search?lang=en"
    found = post(world, search, {"kind": "email", "value": "PERSON1@example.test"})
    assert found.status_code == 200, found.text
    assert "1 record found" in found.text
    assert f'href="/t/{world.a.tenant}/records/{world.a.record}"' in found.text
    assert not [link for link in hrefs(found.text) if "person1" in link.lower() or "%40" in link]
    by_hetu = post(world, search, {"kind": "hetu", "value": world.a.hetu})
    assert f"/records/{world.a.record}" in by_hetu.text
    wrong = post(world, search, {"kind": "email", "value": "not an address"})
    assert wrong.status_code == 400
    assert "This is not a valid identifier of the chosen kind." in wrong.text
    empty = post(world, search, {"kind": "email", "value": ""})
    assert empty.status_code == 400
    # B's admin searches B: A's record is not found there.
    other = post(
        world, f"{pages(world.b)}/search?lang=en", {"kind": "email", "value": "person1@example.test"}, world.b.admin
    )
    assert other.status_code == 200
    assert "No record matches." in other.text
    assert "records.search" in audit_actions(world)


def test_create_needs_the_required_field_and_stores_nothing_until_valid(world: World) -> None:
    before = record_ids(world)
    new = f"{pages(world.a)}/registers/{world.a.register}/new"
    form = get(world, new, lang="en")
    assert form.status_code == 200
    assert 'for="v_hetu"' in form.text
    assert "Personal identity code; Identifier; required" in form.text
    refused = post(world, f"{new}?lang=en", {"v_name": "Ilman Tunnusta", "v_email": "ilman@example.test"})
    assert refused.status_code == 400
    assert 'id="v_hetu-error"' in refused.text
    assert "Fill in this field: it is required." in refused.text
    assert 'value="ilman@example.test"' in refused.text  # values kept
    bad = post(world, f"{new}?lang=en", {"v_hetu": synthetic_hetu(70), "v_email": "not-an-address"})
    assert bad.status_code == 400
    assert "Enter an e-mail address, like name@example.fi." in bad.text
    assert record_ids(world) == before
    made = post(world, new, {"v_hetu": synthetic_hetu(71), "v_name": "Uusi Asiakas", "v_email": "uusi@example.test"})
    assert made.status_code == 303, made.text
    location = made.headers["location"]
    record_id = int(re.fullmatch(rf"/t/{world.a.tenant}/records/(\d+)\?done=created", location).group(1))  # type: ignore[union-attr]
    assert api_record(world, record_id).json()["values"]["name"] == "Uusi Asiakas"
    page = get(world, location, lang="en")
    assert "The record was saved." in page.text
    assert "uusi@example.test" in page.text


def test_edit_changes_the_visible_fields_and_keeps_the_masked_ones(world: World) -> None:
    edit = f"{pages(world.a)}/{world.a.record}/edit"
    form = get(world, edit, lang="en")
    assert form.status_code == 200
    assert 'value="Henkilö 1"' in form.text
    assert 'name="v_diagnosis"' not in form.text  # masked: not in the form, never sent
    bad = post(world, f"{edit}?lang=en", {"v_hetu": world.a.hetu, "v_email": "broken"})
    assert bad.status_code == 400
    assert 'id="v_email-error"' in bad.text
    assert api_record(world, world.a.record).json()["values"]["email"] == "person1@example.test"
    done = post(world, edit, {"v_hetu": world.a.hetu, "v_name": "Muutettu Nimi", "v_email": ""})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/t/{world.a.tenant}/records/{world.a.record}?done=updated"
    trusted = member(world, "tenant_handler", explicit=["tenant:special-category:read"])
    values = api_record(world, world.a.record, trusted).json()["values"]
    assert values["name"] == "Muutettu Nimi"
    assert "email" not in values or values["email"] is None  # emptied: removed
    assert values["diagnosis"] == "flunssa"  # masked for the admin, kept as stored


def test_delete_asks_first_then_deletes(world: World) -> None:
    record_id = add_record(world, {"hetu": synthetic_hetu(72), "name": "Poistettava"})
    delete = f"{pages(world.a)}/{record_id}/delete"
    confirm = get(world, delete, lang="en")
    assert confirm.status_code == 200
    assert "Delete the record?" in confirm.text
    assert "Poistettava" in confirm.text
    assert api_record(world, record_id).status_code == 200  # asking deletes nothing
    done = post(world, delete, {})
    assert done.status_code == 303
    assert done.headers["location"] == f"/t/{world.a.tenant}/records/registers/{world.a.register}?done=deleted"
    assert api_record(world, record_id).status_code == 404
    assert "The record was deleted." in get(world, done.headers["location"], lang="en").text


def test_a_restricted_record_refuses_changes_with_a_message(world: World) -> None:
    reference = world.file(world.a.tenant, "restriction")
    assert world.staff(world.a, world.staff_id(world.a, reference), "effects", {}).status_code == 200
    before = api_record(world, world.a.record).json()
    record = get(world, f"{pages(world.a)}/{world.a.record}", lang="en")
    assert "Processing restricted (Article 18): storage only" in record.text
    assert f"/records/{world.a.record}/edit" not in record.text
    refusal = "it is only stored and cannot be changed or deleted"
    assert refusal in get(world, f"{pages(world.a)}/{world.a.record}/edit", lang="en").text
    edit = post(world, f"{pages(world.a)}/{world.a.record}/edit?lang=en", {"v_hetu": world.a.hetu, "v_name": "X"})
    assert edit.status_code == 409
    assert refusal in edit.text
    delete = post(world, f"{pages(world.a)}/{world.a.record}/delete?lang=en", {})
    assert delete.status_code == 409
    assert refusal in delete.text
    assert api_record(world, world.a.record).json() == before


def upload(world: World, content: bytes, name: str = "rows.csv", media: str = "text/csv") -> Response:
    path = f"{pages(world.a)}/registers/{world.a.register}/import?lang=en"
    return post(world, path, {}, files={"file": (name, content, media)})


def test_import_reports_the_bad_row_and_imports_nothing_then_all_rows(world: World) -> None:
    before = record_ids(world)
    good = f"{synthetic_hetu(73)},Eka,eka@example.test\n{synthetic_hetu(74)},Toka,\n"
    rejected = upload(world, f"hetu,name,email\n{good}{synthetic_hetu(75)},Kolmas,not-an-address\n".encode())
    assert rejected.status_code == 422, rejected.text
    assert "Nothing was imported" in rejected.text
    assert "3 rows were checked." in rejected.text
    assert re.search(r"<td>3</td><td>email</td><td>Enter an e-mail address", rejected.text)
    assert record_ids(world) == before
    malformed = upload(world, b'hetu,name\n"unterminated,x\n')
    assert malformed.status_code == 400
    assert "The file cannot be read" in malformed.text
    wrong_type = upload(world, b"hetu\n", name="rows.txt", media="text/plain")
    assert wrong_type.status_code == 400
    assert "Choose a CSV (.csv) or JSON (.json) file." in wrong_type.text
    accepted = upload(world, f"hetu,name,email\n{good}".encode())
    assert accepted.status_code == 303, accepted.text
    assert accepted.headers["location"].endswith("/import?imported=2")
    assert "2 rows were imported." in get(world, accepted.headers["location"], lang="en").text
    assert len(record_ids(world)) == len(before) + 2
    as_json = upload(world, f'[{{"hetu": "{synthetic_hetu(76)}"}}]'.encode(), "rows.json", "application/json")
    assert as_json.status_code == 303
    assert len(record_ids(world)) == len(before) + 3


def test_export_is_a_masked_csv_safe_from_formulas_and_audited(world: World) -> None:
    add_record(world, {"hetu": synthetic_hetu(77), "name": '=HYPERLINK("http://x")'})
    response = get(world, f"{pages(world.a)}/registers/{world.a.register}/export")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [int(row["record_id"]) for row in rows] == record_ids(world)
    first = next(row for row in rows if int(row["record_id"]) == world.a.record)
    assert (first["hetu"], first["email"], first["diagnosis"]) == (world.a.hetu, "person1@example.test", "[masked]")
    assert '\'=HYPERLINK("http://x")' in [row["name"] for row in rows]
    assert audit_actions(world).count("records.export") == len(rows) + 1  # the register and each record


@pytest.mark.parametrize("who", ["other_tenant", "desk", "operator", "subject"])
def test_other_callers_get_the_html_404_on_every_records_page_and_form(world: World, who: str) -> None:
    headers = {
        "other_tenant": as_identity(world.b.admin),
        "desk": world.as_desk(),
        "operator": world.as_operator(),
        "subject": world.as_subject(),
    }[who]
    base, register, record = pages(world.a), f"{pages(world.a)}/registers/{world.a.register}", world.a.record
    before = api_record(world, record).json()
    ids = record_ids(world)
    for path in [base, register, f"{register}/new", f"{register}/import", f"{register}/export",
                 f"{base}/{record}", f"{base}/{record}/edit", f"{base}/{record}/delete"]:  # fmt: skip
        response = world.client.get(path, headers={**HTML, **headers}, follow_redirects=False)
        assert response.status_code == 404, (path, response.status_code)
        assert "text/html" in response.headers["content-type"]
        assert "person1@example.test" not in response.text
    forms = {
        f"{base}/search": {"kind": "email", "value": "person1@example.test"},
        f"{register}/new": {"v_hetu": synthetic_hetu(78)},
        f"{base}/{record}/edit": {"v_hetu": world.a.hetu, "v_name": "Vieras"},
        f"{base}/{record}/delete": {},
    }
    for path, data in forms.items():
        response = world.client.post(path, data=data, headers={**HTML, **headers}, follow_redirects=False)
        assert response.status_code == 404, (path, response.status_code)
    imported = world.client.post(
        f"{register}/import",
        files={"file": ("rows.csv", f"hetu\n{synthetic_hetu(79)}\n".encode(), "text/csv")},
        headers={**HTML, **headers},
        follow_redirects=False,
    )
    assert imported.status_code == 404
    assert api_record(world, record).json() == before
    assert record_ids(world) == ids


def test_a_viewer_reads_with_the_hetu_masked_and_gets_403_on_every_write(world: World) -> None:
    viewer = member(world, "tenant_viewer")
    base, register, record = pages(world.a), f"{pages(world.a)}/registers/{world.a.register}", world.a.record
    browse = get(world, register, viewer, lang="en")
    assert browse.status_code == 200
    assert world.a.hetu not in browse.text
    assert world.a.hetu[:7] + "****" in browse.text
    assert "partly masked" in browse.text
    assert f"{register}/new" not in browse.text  # no write buttons for a reader
    page = get(world, f"{base}/{record}", viewer, lang="en")
    assert page.status_code == 200
    assert "only the date of birth is shown" in page.text
    assert f"/records/{record}/edit" not in page.text
    assert get(world, f"{register}/export", viewer).status_code == 200
    for path in [f"{register}/new", f"{register}/import", f"{base}/{record}/edit", f"{base}/{record}/delete"]:
        assert get(world, path, viewer).status_code == 403, path
    before, ids = api_record(world, record).json(), record_ids(world)
    assert post(world, f"{register}/new", {"v_hetu": synthetic_hetu(80)}, viewer).status_code == 403
    assert post(world, f"{base}/{record}/edit", {"v_hetu": world.a.hetu, "v_name": "X"}, viewer).status_code == 403
    assert post(world, f"{base}/{record}/delete", {}, viewer).status_code == 403
    rows = {"file": ("rows.csv", f"hetu\n{synthetic_hetu(81)}\n".encode(), "text/csv")}
    assert post(world, f"{register}/import", {}, viewer, files=rows).status_code == 403
    assert api_record(world, record).json() == before
    assert record_ids(world) == ids


def test_a_member_limited_to_other_registers_gets_404(world: World) -> None:
    limited = member(world, "tenant_handler", registers=[world.a.register + 1])
    register = f"{pages(world.a)}/registers/{world.a.register}"
    assert get(world, register, limited).status_code == 404
    assert get(world, f"{register}/new", limited).status_code == 404
    assert get(world, f"{pages(world.a)}/{world.a.record}", limited).status_code == 404
    assert world.a.hetu not in get(world, pages(world.a), limited, lang="en").text
