"""The controller's workspace pages over HTTP, on SQLite and PostgreSQL (issue 12, first pages).

Dashboard and search, a request's page with identifiers hidden until revealed (audit-logged),
acknowledge, message and ask for information, verify a desk request, and the letters (extend,
"no data", refuse) previewed in the subject's language before anything is stored. Other
tenants' staff, the desk, operators and subjects get the HTML 404 on every page and form.
"""

from typing import Any

import pytest
from httpx import Response

from fixtures.callers import as_identity
from fixtures.dsr import DESK, World
from fixtures.tenancy import PREFIX, Side

HTML = {"accept": "text/html"}


def staff_get(world: World, path: str, side: Side | None = None, **params: Any) -> Response:
    who = (side or world.a).admin
    return world.client.get(path, params=params or None, headers={**HTML, **as_identity(who)})


def staff_post(world: World, path: str, data: dict[str, Any], side: Side | None = None) -> Response:
    who = (side or world.a).admin
    return world.client.post(path, data=data, headers={**HTML, **as_identity(who)}, follow_redirects=False)


def filed(world: World, request_type: str = "access", lang: str = "en", **extra: Any) -> tuple[str, int, str]:
    """A request filed in the portal to A (in ``lang``); its reference, id and page address."""
    body = {"tenant_ids": [world.a.tenant], "request_type": request_type, **extra}
    response = world.client.post(f"/api/v1/dsr/requests?lang={lang}", json=body, headers=world.as_subject())
    assert response.status_code == 201, response.text
    reference = str(response.json()[0]["reference"])
    request_id = world.staff_id(world.a, reference)
    return reference, request_id, f"/t/{world.a.tenant}/requests/{request_id}"


def state_of(world: World, request_id: int) -> str:
    return str(world.staff(world.a, request_id).json()["state"])


def audit_actions(world: World) -> list[str]:
    response = world.client.get(f"{PREFIX}{world.a.tenant}/audit", headers=as_identity(world.a.admin))
    return [e["action"] for e in response.json()["items"]]


def test_dashboard_lists_open_requests_and_finds_by_reference_and_hetu(world: World) -> None:
    reference, request_id, _ = filed(world)
    home = staff_get(world, f"/t/{world.a.tenant}", lang="en")
    assert home.status_code == 200, home.text
    assert "A Oy" in home.text
    assert f'href="/t/{world.a.tenant}/requests/{request_id}"' in home.text
    assert "New, not acknowledged" in home.text
    search = f"/t/{world.a.tenant}/search?lang=en"
    by_reference = staff_post(world, search, {"q": reference.lower()})
    assert by_reference.status_code == 200, by_reference.text
    assert "1 request found" in by_reference.text
    by_hetu = staff_post(world, search, {"q": world.a.hetu})
    assert reference in by_hetu.text
    # The hetu is echoed in the search field only, never in a link (no identifier in a URL).
    assert world.a.hetu not in by_hetu.text.replace(f'value="{world.a.hetu}"', "")
    nonsense = staff_post(world, search, {"q": "not a code"})
    assert nonsense.status_code == 400
    assert "Enter a request reference or a personal identity code." in nonsense.text
    # B's staff search their own tenant: A's request is not found there.
    other = staff_post(world, f"/t/{world.b.tenant}/search?lang=en", {"q": reference}, side=world.b)
    assert other.status_code == 200
    assert "No request matches." in other.text


def test_workspace_index_takes_a_one_tenant_member_to_their_dashboard(world: World) -> None:
    response = world.client.get("/t", headers={**HTML, **as_identity(world.a.admin)}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{world.a.tenant}"
    nobody = world.client.get("/t?lang=en", headers={**HTML, **world.as_subject()})
    assert nobody.status_code == 200
    assert "You are not a member of any controller's staff." in nobody.text


def test_identifiers_are_hidden_until_revealed_and_each_reveal_is_audited(world: World) -> None:
    _, _, path = filed(world)
    page = staff_get(world, path, lang="en")
    assert page.status_code == 200, page.text
    assert world.a.hetu not in page.text
    assert "The requester's identifiers are hidden." in page.text
    assert audit_actions(world).count("dsr.identifiers_revealed") == 0
    shown = staff_get(world, path, show="identifiers", lang="en")
    assert world.a.hetu in shown.text
    assert "recorded in the audit log" in shown.text
    assert audit_actions(world).count("dsr.identifiers_revealed") == 1


def test_acknowledge_and_ask_for_information(world: World) -> None:
    reference, request_id, path = filed(world)
    done = staff_post(world, f"{path}/acknowledge", {})
    assert done.status_code == 303
    assert done.headers["location"] == path
    assert state_of(world, request_id) == "acknowledged"
    again = staff_post(world, f"{path}/acknowledge", {})
    assert again.status_code == 409
    assert "text/html" in again.headers["content-type"]
    empty = staff_post(world, f"{path}/messages?lang=en", {"text": "  "})
    assert empty.status_code == 400
    assert "Write your message." in empty.text
    asked = staff_post(world, f"{path}/messages", {"text": "Lähettäkää asiakasnumeronne.", "asks": "yes"})
    assert asked.status_code == 303
    assert state_of(world, request_id) == "info_requested"
    messages = world.mine(reference)["messages"]
    assert [m["text"] for m in messages] == ["Lähettäkää asiakasnumeronne."]


def test_extension_is_previewed_in_the_subjects_language_before_it_is_stored(world: World) -> None:
    reference, request_id, path = filed(world, lang="sv")
    form = staff_get(world, f"{path}/extend", lang="en")
    assert form.status_code == 200
    assert "Swedish" in form.text  # the letter's language, the subject's at filing
    body = {"months": "2", "reason": "Pyyntöjä on tällä viikolla poikkeuksellisen paljon.", "step": "check"}
    preview = staff_post(world, f"{path}/extend?lang=en", body)
    assert preview.status_code == 200, preview.text
    assert "New deadline" in preview.text
    assert "två månader" in preview.text or "2 månader" in preview.text
    assert state_of(world, request_id) == "forwarded"  # nothing stored by the preview
    short = staff_post(world, f"{path}/extend?lang=en", {**body, "reason": "kiire"})
    assert short.status_code == 400
    assert "at least 20 characters" in short.text
    sent = staff_post(world, f"{path}/extend", {**body, "step": "send"})
    assert sent.status_code == 303
    assert state_of(world, request_id) == "extended"
    letters = [a["text"] for a in world.mine(reference)["answers"]]
    assert any("månader" in (text or "") for text in letters)
    refused = staff_post(world, f"{path}/extend?lang=en", {**body, "step": "send"})
    assert refused.status_code == 422
    assert "already been extended once" in refused.text


def test_refusal_needs_a_ground_and_reasons_and_is_previewed(world: World) -> None:
    reference, request_id, path = filed(world, lang="en")
    missing = staff_post(world, f"{path}/refuse?lang=en", {"reasons": "", "step": "check"})
    assert missing.status_code == 400
    assert "Choose the ground for refusing." in missing.text
    assert 'href="#outcome"' in missing.text
    body = {
        "outcome": "refused_excessive",
        "reasons": "Sama pyyntö on tehty viisi kertaa tässä kuussa.",
        "step": "check",
    }
    preview = staff_post(world, f"{path}/refuse?lang=en", body)
    assert preview.status_code == 200
    assert "right to lodge a complaint" in preview.text
    assert state_of(world, request_id) == "forwarded"
    sent = staff_post(world, f"{path}/refuse", {**body, "step": "send"})
    assert sent.status_code == 303
    assert state_of(world, request_id) == "rejected"
    assert world.mine(reference)["outcome"] == "refused_excessive"
    closed = staff_get(world, f"{path}/refuse")
    assert closed.status_code == 409


def test_no_data_answer_is_previewed_then_sent(world: World) -> None:
    reference, request_id, path = filed(world, lang="fi")
    preview = staff_post(world, f"{path}/no-data?lang=en", {"note": "Haettu asiakasrekisteristä.", "step": "check"})
    assert preview.status_code == 200
    assert "Haettu asiakasrekisteristä." in preview.text
    assert state_of(world, request_id) == "forwarded"
    sent = staff_post(world, f"{path}/no-data", {"note": "Haettu asiakasrekisteristä.", "step": "send"})
    assert sent.status_code == 303
    assert world.mine(reference)["outcome"] == "no_data"


def test_desk_request_is_verified_from_its_page(world: World) -> None:
    desk = {
        "tenant_id": world.a.tenant,
        "request_type": "access",
        "channel": "phone",
        "contact": "soittaja@example.test",
        "text": "Soittaja pyysi tietojaan.",
    }
    response = world.client.post(f"{DESK}/requests", json=desk, headers=world.as_desk())
    assert response.status_code == 201, response.text
    request_id = world.staff_id(world.a, response.json()["reference"])
    path = f"/t/{world.a.tenant}/requests/{request_id}"
    home = staff_get(world, f"/t/{world.a.tenant}", lang="en")
    assert "Waiting for identity verification" in home.text
    bad = staff_post(world, f"{path}/verify?lang=en", {"hetu": "010190-0000"})
    assert bad.status_code == 422
    assert "not a valid personal identity code" in bad.text
    ok = staff_post(world, f"{path}/verify", {"hetu": world.a.hetu})
    assert ok.status_code == 303
    assert world.staff(world.a, request_id).json()["identity_verified"] is True


@pytest.mark.parametrize("who", ["other_tenant", "desk", "operator", "subject"])
def test_other_callers_get_the_html_404_on_every_workspace_page(world: World, who: str) -> None:
    _, request_id, path = filed(world)
    headers = {
        "other_tenant": as_identity(world.b.admin),
        "desk": world.as_desk(),
        "operator": world.as_operator(),
        "subject": world.as_subject(),
    }[who]
    pages = [
        f"/t/{world.a.tenant}",
        path,
        f"{path}?show=identifiers",
        f"{path}/extend",
        f"{path}/refuse",
        f"{path}/no-data",
    ]
    for page in pages:
        response = world.client.get(page, headers={**HTML, **headers})
        assert response.status_code == 404, (page, response.status_code)
        assert "text/html" in response.headers["content-type"]
    search = world.client.post(
        f"/t/{world.a.tenant}/search", data={"q": world.a.hetu}, headers={**HTML, **headers}, follow_redirects=False
    )
    assert search.status_code == 404
    forms = {
        "acknowledge": {},
        "messages": {"text": "hei"},
        "verify": {"hetu": world.a.hetu},
        "extend": {"months": "1", "reason": "x" * 30, "step": "send"},
        "no-data": {"step": "send"},
        "refuse": {"outcome": "refused_excessive", "reasons": "x" * 30, "step": "send"},
    }
    for action, data in forms.items():
        response = world.client.post(f"{path}/{action}", data=data, headers={**HTML, **headers}, follow_redirects=False)
        assert response.status_code == 404, (action, response.status_code)
    assert state_of(world, request_id) == "forwarded"
    assert world.mine(world.staff(world.a, request_id).json()["reference"])["messages"] == []
