"""Answers that change records, through the workspace pages, on SQLite and PostgreSQL (issue 12).

The page shows the subject's records, then exactly what changes (deleted and kept records;
old → new values; records marked) and the letter, before anything is stored; "confirm" applies
it through the same service as the API. Other tenants' staff, the desk and subjects get 404.
"""

from typing import Any

import pytest
from httpx import Response

from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.tenancy import PREFIX, register_body

HTML = {"accept": "text/html"}
REASON = "Kirjanpitolaki 2:10: tositteet säilytetään kuusi vuotta tilikauden päättymisestä"


def send(world: World, path: str, data: dict[str, Any], who: int | None = None) -> Response:
    headers = {**HTML, **as_identity(world.a.admin if who is None else who)}
    return world.client.post(path, data=data, headers=headers, follow_redirects=False)


def record_status(world: World, record_id: int) -> int:
    url = f"{PREFIX}{world.a.tenant}/records/{record_id}"
    return world.client.get(url, headers=as_identity(world.a.admin)).status_code


def effect_path(world: World, reference: str) -> str:
    return f"/t/{world.a.tenant}/requests/{world.staff_id(world.a, reference)}/effect"


def test_erasure_shows_what_is_deleted_and_kept_before_it_happens(world: World) -> None:
    a = world.a
    invoices = world.client.post(
        f"{PREFIX}{a.tenant}/registers", json=register_body("Laskut"), headers=as_identity(a.admin)
    ).json()["id"]
    kept = world.client.post(
        f"{PREFIX}{a.tenant}/registers/{invoices}/records",
        json={"values": {"hetu": a.hetu, "name": "Lasku 2026/17"}},
        headers=as_identity(a.admin),
    ).json()["id"]
    reference = world.file(a.tenant, "erasure")
    path = effect_path(world, reference)
    form = world.client.get(path + "?lang=en", headers={**HTML, **as_identity(a.admin)})
    assert form.status_code == 200, form.text
    assert "2 records are linked to the requester" in form.text
    assert "Lasku 2026/17" in form.text
    short = send(
        world, path + "?lang=en", {"keep": str(invoices), f"ground-{invoices}": "b", f"reason-{invoices}": "laki"}
    )
    assert short.status_code == 422
    assert "at least 20 characters" in short.text
    body = {"keep": str(invoices), f"ground-{invoices}": "b", f"reason-{invoices}": REASON, "step": "check"}
    preview = send(world, path + "?lang=en", body)
    assert preview.status_code == 200, preview.text
    assert "1 record will be deleted. 1 record is kept." in preview.text
    assert "compliance with a legal obligation" in preview.text  # the letter's Art. 17(3) ground
    assert record_status(world, a.record) == 200  # nothing deleted by the preview
    done = send(world, path, {**body, "step": "send"})
    assert done.status_code == 303
    assert done.headers["location"].endswith("#answers")
    assert record_status(world, a.record) == 404
    assert record_status(world, kept) == 200
    mine = world.mine(reference)
    assert mine["outcome"] == "partly_erased"
    assert REASON in mine["answers"][0]["text"]


def test_rectification_shows_old_and_new_values(world: World) -> None:
    reference = world.file(world.a.tenant, "rectification", correction="Nimeni on Korjattu Nimi")
    path = effect_path(world, reference)
    page = world.client.get(path + "?lang=en", headers={**HTML, **as_identity(world.a.admin)})
    assert 'id="value-name"' in page.text  # a field per field of the subject's registers
    nothing = send(world, path + "?lang=en", {"step": "check"})
    assert nothing.status_code == 422
    assert "Give at least one corrected value." in nothing.text
    preview = send(world, path + "?lang=en", {"value-name": "Korjattu Nimi", "step": "check"})
    assert preview.status_code == 200, preview.text
    assert "Henkilö 1" in preview.text  # the value now
    assert "Korjattu Nimi" in preview.text  # and after
    url = f"{PREFIX}{world.a.tenant}/records/{world.a.record}"
    assert world.client.get(url, headers=as_identity(world.a.admin)).json()["values"]["name"] == "Henkilö 1"
    done = send(world, path, {"value-name": "Korjattu Nimi", "step": "send"})
    assert done.status_code == 303
    assert world.client.get(url, headers=as_identity(world.a.admin)).json()["values"]["name"] == "Korjattu Nimi"


def test_restriction_marks_the_records_after_the_preview(world: World) -> None:
    reference = world.file(world.a.tenant, "restriction")
    path = effect_path(world, reference)
    preview = send(world, path + "?lang=en", {"step": "check"})
    assert "1 record will be marked." in preview.text
    url = f"{PREFIX}{world.a.tenant}/records/{world.a.record}"
    assert world.client.get(url, headers=as_identity(world.a.admin)).json()["flags"] == []
    assert send(world, path, {"step": "send"}).status_code == 303
    assert world.client.get(url, headers=as_identity(world.a.admin)).json()["flags"] == ["restricted"]
    assert world.mine(reference)["state"] == "answered"


def test_access_requests_have_no_effect_page(world: World) -> None:
    reference = world.file(world.a.tenant, "access")
    response = world.client.get(effect_path(world, reference), headers={**HTML, **as_identity(world.a.admin)})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["other_tenant", "desk", "subject"])
def test_other_callers_get_404_and_nothing_changes(world: World, who: str) -> None:
    reference = world.file(world.a.tenant, "erasure")
    path = effect_path(world, reference)
    headers = {"other_tenant": as_identity(world.b.admin), "desk": world.as_desk(), "subject": world.as_subject()}[who]
    assert world.client.get(path, headers={**HTML, **headers}).status_code == 404
    posted = world.client.post(path, data={"step": "send"}, headers={**HTML, **headers}, follow_redirects=False)
    assert posted.status_code == 404
    assert record_status(world, world.a.record) == 200
    assert world.mine(reference)["state"] == "forwarded"
