"""Lifting a restriction from the workspace (Art. 18(3)), on SQLite and PostgreSQL (issue 12).

The subject is told first (the letter previewed, nothing stored by the preview), then the
restriction is lifted; lifting before telling is refused; other callers get 404.
"""

import pytest

from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.html_check import html_errors
from fixtures.tenancy import PREFIX

HTML = {"accept": "text/html"}
REASON = "Tietojen oikeellisuus on tarkistettu ja ne ovat oikein."


def restricted(world: World) -> tuple[str, str]:
    """An answered restriction request (flags placed); its reference and restriction page."""
    reference = world.file(world.a.tenant, "restriction")
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id, "effects", {}).status_code == 200
    return reference, f"/t/{world.a.tenant}/requests/{request_id}/restriction"


def flags(world: World) -> list[str]:
    url = f"{PREFIX}{world.a.tenant}/records/{world.a.record}"
    return list(world.client.get(url, headers=as_identity(world.a.admin)).json()["flags"])


def test_the_subject_is_told_before_the_restriction_is_lifted(world: World) -> None:
    reference, path = restricted(world)
    headers = {**HTML, **as_identity(world.a.admin)}
    request_page = world.client.get(path.rsplit("/", 1)[0] + "?lang=en", headers=headers)
    assert f'href="{path}"' in request_page.text
    page = world.client.get(path + "?lang=en", headers=headers)
    assert "This request restricts 1 record" in page.text
    early = world.client.post(f"{path}/lift", data={}, headers=headers, follow_redirects=False)
    assert early.status_code == 409  # Art. 18(3): not before the subject was told
    short = world.client.post(f"{path}/announce?lang=en", data={"reason": "ok", "step": "check"}, headers=headers)
    assert short.status_code == 400
    assert "at least 20 characters" in short.text
    preview = world.client.post(f"{path}/announce?lang=en", data={"reason": REASON, "step": "check"}, headers=headers)
    assert preview.status_code == 200
    assert REASON in preview.text
    assert len(world.mine(reference)["answers"]) == 1  # only the answer: the preview sent nothing
    sent = world.client.post(
        f"{path}/announce", data={"reason": REASON, "step": "send"}, headers=headers, follow_redirects=False
    )
    assert sent.status_code == 303
    assert REASON in world.mine(reference)["answers"][-1]["text"]
    assert flags(world) == ["restricted"]
    assert html_errors({"restriction": page.text, "preview": preview.text, "refused": short.text}) == []
    lifted = world.client.post(f"{path}/lift", data={}, headers=headers, follow_redirects=False)
    assert lifted.status_code == 303
    assert flags(world) == []
    assert "The restriction has been lifted." in world.client.get(path + "?lang=en", headers=headers).text


def test_only_an_answered_restriction_request_has_the_page(world: World) -> None:
    reference = world.file(world.a.tenant, "access")
    path = f"/t/{world.a.tenant}/requests/{world.staff_id(world.a, reference)}/restriction"
    assert world.client.get(path, headers={**HTML, **as_identity(world.a.admin)}).status_code == 404


@pytest.mark.parametrize("who", ["other_tenant", "desk", "subject"])
def test_other_callers_get_404_and_the_restriction_stays(world: World, who: str) -> None:
    _, path = restricted(world)
    headers = {"other_tenant": as_identity(world.b.admin), "desk": world.as_desk(), "subject": world.as_subject()}[who]
    assert world.client.get(path, headers={**HTML, **headers}).status_code == 404
    for step, data in (("announce", {"reason": REASON, "step": "send"}), ("lift", {})):
        response = world.client.post(f"{path}/{step}", data=data, headers={**HTML, **headers}, follow_redirects=False)
        assert response.status_code == 404, step
    assert flags(world) == ["restricted"]
