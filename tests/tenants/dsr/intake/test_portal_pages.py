"""The subject's request pages over HTTP, on SQLite and PostgreSQL: wizard, My requests, detail.

The same services as the portal API; someone else's reference is a 404 page, a closed request
takes no reply or withdrawal, and a form with a mistake is shown again (400) with the summary.
"""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from httpx import Response

from fixtures.callers import as_identity
from fixtures.dsr import World

HTML = {"accept": "text/html"}


def page(world: World, path: str, who: int | None = None, **params: Any) -> str:
    headers = {**HTML, **world.as_subject(who)}
    response = world.client.get(path, params=params or None, headers=headers)
    assert response.status_code == 200, (path, response.status_code, response.text[:500])
    return response.text


def post(world: World, path: str, data: dict[str, Any], who: int | None = None) -> Response:
    return world.client.post(
        path,
        data=data,
        headers={**HTML, **world.as_subject(who)},
        follow_redirects=False,
    )


def test_wizard_files_an_access_request_to_two_controllers(world: World) -> None:
    a, b = world.a, world.b
    first = page(world, "/requests/new", lang="en")
    assert f'value="{a.tenant}"' in first
    assert f'value="{b.tenant}"' in first
    right = page(world, "/requests/new/right", tenant=[a.tenant, b.tenant], lang="en")
    assert "Access to my data" in right
    assert "(Article 15)" in right
    details = page(world, "/requests/new/details", tenant=[a.tenant, b.tenant], right="access", lang="en")
    assert 'type="date"' in details
    body = {
        "tenant": [str(a.tenant), str(b.tenant)],
        "right": "access",
        "period_from": "2025-01-01",
        "period_to": "2025-12-31",
        "delivery_format": "electronic",
        "text": "Kaikki tietoni, kiitos.",
    }
    check = post(world, "/requests/new/check?lang=en", body)
    assert check.status_code == 200, check.text
    assert "Check your answers" in check.text
    assert "A Oy, B Oy" in check.text
    sent = post(world, "/requests/new/submit", body)
    assert sent.status_code == 303
    location = sent.headers["location"]
    references = parse_qs(urlsplit(location).query)["ref"]
    assert len(references) == 2
    confirmation = page(world, location + "&lang=en")
    assert all(ref in confirmation for ref in references)
    assert "Your requests have been sent" in confirmation
    mine = page(world, "/requests", lang="en")
    assert all(ref in mine for ref in references)
    assert "Sent to the controller" in mine
    api = {world.mine(ref)["tenant_id"]: world.mine(ref) for ref in references}
    assert set(api) == {a.tenant, b.tenant}
    assert api[a.tenant]["details"]["period"] == ["2025-01-01", "2025-12-31"]
    assert api[a.tenant]["details"]["text"] == "Kaikki tietoni, kiitos."
    # Someone else sees neither the requests nor the confirmation's rows.
    assert (
        world.client.get(f"/requests/{references[0]}", headers={**HTML, **world.as_subject(world.stranger)}).status_code
        == 404
    )
    assert f'href="/requests/{references[0]}"' not in page(world, location, who=world.stranger)


def _filed(world: World) -> int:
    """How many requests My requests lists (the test databases keep identities across tests)."""
    return page(world, "/requests").count('href="/requests/ALU-')


def test_details_with_mistakes_are_shown_again_and_nothing_is_filed(world: World) -> None:
    a = world.a
    before = _filed(world)
    body = {"tenant": [str(a.tenant)], "right": "access", "period_from": "2025-12-31", "period_to": "2025-01-01"}
    for path in ("/requests/new/check?lang=en", "/requests/new/submit?lang=en"):
        again = post(world, path, body)
        assert again.status_code == 400
        assert 'class="error-summary"' in again.text
        assert '<a href="#period_from">The period cannot start after it ends.</a>' in again.text
        assert 'value="2025-12-31"' in again.text
    rectify = post(world, "/requests/new/submit?lang=fi", {"tenant": [str(a.tenant)], "right": "rectification"})
    assert rectify.status_code == 400
    assert "Kerro, mikä on väärin ja mikä oikein." in rectify.text
    no_controller = world.client.get("/requests/new/right", headers={**HTML, **world.as_subject()})
    assert no_controller.status_code == 400
    foreign = post(world, "/requests/new/submit", {"tenant": ["999999"], "right": "access"})
    assert foreign.status_code == 400  # an unknown controller is dropped: none chosen
    assert _filed(world) == before  # nothing was filed by any of them


def test_detail_page_reply_and_withdraw(world: World) -> None:
    a = world.a
    reference = world.file(a.tenant, "erasure", text="Poistakaa tietoni.")
    detail = page(world, f"/requests/{reference}", lang="en")
    assert "Erasure of my data" in detail
    assert "Poistakaa tietoni." in detail
    assert "A Oy" in detail
    assert a.hetu not in detail  # the henkilötunnus is never echoed back
    empty = post(world, f"/requests/{reference}/messages?lang=en", {"text": "  "})
    assert empty.status_code == 400
    assert "Write your message." in empty.text
    replied = post(world, f"/requests/{reference}/messages", {"text": "Lisätieto: asiakasnumero 12."})
    assert replied.status_code == 303
    assert "Lisätieto: asiakasnumero 12." in page(world, f"/requests/{reference}")
    # Another person's reference: the same 404 as a missing one, for every page and form.
    stranger = world.as_subject(world.stranger)
    for method, path in (("GET", ""), ("GET", "/withdraw"), ("POST", "/withdraw"), ("POST", "/messages")):
        other = world.client.request(
            method, f"/requests/{reference}{path}", headers={**HTML, **stranger}, data={"text": "x"}
        )
        assert other.status_code == 404, (method, path)
    confirm = page(world, f"/requests/{reference}/withdraw", lang="en")
    assert "Withdraw the request?" in confirm
    done = post(world, f"/requests/{reference}/withdraw", {})
    assert done.status_code == 303
    assert world.mine(reference)["state"] == "withdrawn"
    assert "Withdrawn" in page(world, f"/requests/{reference}", lang="en")
    for path, data in ((f"/requests/{reference}/withdraw", {}), (f"/requests/{reference}/messages", {"text": "x"})):
        assert post(world, path, data).status_code == 409


def test_pages_need_a_login_and_staff_of_a_tenant_see_no_subject_pages(world: World) -> None:
    anonymous = world.client.get("/requests", headers=HTML, follow_redirects=False)
    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["location"].startswith("/auth/login")
    reference = world.file(world.a.tenant, "access")
    # The controller's admin holds no subject request of this reference: 404, not the request.
    staff = world.client.get(f"/requests/{reference}", headers={**HTML, **as_identity(world.a.admin)})
    assert staff.status_code == 404


def test_attach_a_file_from_the_detail_page(world: World) -> None:
    reference = world.file(world.a.tenant, "access")
    headers = {**HTML, **world.as_subject()}
    url = f"/requests/{reference}/attachments"
    pdf = b"%PDF-1.4\n% synthetic proof\n"
    sent = world.client.post(
        url, files={"file": ("todistus.pdf", pdf, "application/pdf")}, headers=headers, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text[:300]
    assert sent.headers["location"] == f"/requests/{reference}#attachments"
    assert "todistus.pdf" in page(world, f"/requests/{reference}", lang="en")
    refused = world.client.post(
        f"{url}?lang=en", files={"file": ("ohjelma.pdf", b"MZ\x90\x00binary", "application/pdf")}, headers=headers
    )
    assert refused.status_code == 415
    assert '<a href="#file">Attach a PDF, PNG, JPEG or plain-text file.</a>' in refused.text
    empty = world.client.post(f"{url}?lang=en", files={"other": ("x.txt", b"x", "text/plain")}, headers=headers)
    assert empty.status_code == 400
    assert "Choose a file to attach." in empty.text
    stranger = {**HTML, **world.as_subject(world.stranger)}
    other = world.client.post(url, files={"file": ("todistus.pdf", pdf, "application/pdf")}, headers=stranger)
    assert other.status_code == 404
    assert page(world, f"/requests/{reference}").count("todistus.pdf") == 1  # only the one accepted


def test_control_and_bidi_characters_are_refused_in_page_forms_as_in_the_api(world: World) -> None:
    reference = world.file(world.a.tenant, "access")
    before = page(world, f"/requests/{reference}")
    reply = post(world, f"/requests/{reference}/messages?lang=en", {"text": "lasku\u202egpj.exe"})
    assert reply.status_code == 400
    assert "The text contains control characters that are not allowed." in reply.text
    body = {"tenant": [str(world.a.tenant)], "right": "access", "text": "soita\x07minulle"}
    check = post(world, "/requests/new/check?lang=en", body)
    assert check.status_code == 400
    assert '<a href="#text">The text contains control characters that are not allowed.</a>' in check.text
    assert page(world, f"/requests/{reference}").count("lasku") == before.count("lasku")  # nothing stored
