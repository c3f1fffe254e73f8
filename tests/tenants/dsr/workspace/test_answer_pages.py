"""The workspace's access answer through the pages, on SQLite and PostgreSQL (issue 12).

Compile (registers, access log, a record found by e-mail search), preview exactly what the
subject will download, redact a field (recompiled), release; the subject's download has the
added record and the redaction. Other tenants' staff get the HTML 404 on every step.
"""

import io
import json
import re
import zipfile
from typing import Any

import pytest

from fixtures.callers import as_identity
from fixtures.dsr import PORTAL, World
from fixtures.tenancy import PREFIX, synthetic_hetu

HTML = {"accept": "text/html"}
OTHER_EMAIL = "vanha.osoite@example.test"


def post(world: World, path: str, data: Any, who: int | None = None) -> Any:
    headers = {**HTML, **as_identity(world.a.admin if who is None else who)}
    return world.client.post(path, data=data, headers=headers, follow_redirects=False)


def get(world: World, path: str, who: int | None = None) -> Any:
    return world.client.get(path, headers={**HTML, **as_identity(world.a.admin if who is None else who)})


def extra_record(world: World) -> int:
    """A record kept under another identity code but the subject's old e-mail address."""
    values = {"hetu": synthetic_hetu(77), "email": OTHER_EMAIL, "name": "Vanha asiakkuus"}
    response = world.client.post(
        f"{PREFIX}{world.a.tenant}/registers/{world.a.register}/records",
        json={"values": values},
        headers=as_identity(world.a.admin),
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_compile_preview_redact_release_through_the_pages(world: World) -> None:
    a = world.a
    added = extra_record(world)
    reference = world.file(a.tenant, "access")
    request_id = world.staff_id(a, reference)
    base = f"/t/{a.tenant}/requests/{request_id}"
    assert f'href="{base}/compile"' in get(world, base).text

    form = get(world, f"{base}/compile?lang=en")
    assert form.status_code == 200
    assert f'value="{a.register}" checked' in form.text
    search = post(
        world, f"{base}/compile/search?lang=en", {"register": str(a.register), "kind": "email", "value": OTHER_EMAIL}
    )
    assert search.status_code == 200, search.text
    assert f'name="record" value="{added}" checked' in search.text
    bad = post(
        world, f"{base}/compile/search?lang=en", {"register": str(a.register), "kind": "email", "value": "ei-osoite"}
    )
    assert bad.status_code == 400
    assert "not valid for the kind chosen" in bad.text

    compiled = post(world, f"{base}/compile", {"register": str(a.register), "record": str(added), "access_log": "yes"})
    assert compiled.status_code == 303, compiled.text
    answer_path = compiled.headers["location"]
    assert re.fullmatch(rf"{base}/answers/\d+", answer_path)
    assert world.mine(reference)["answers"] == []  # nothing reaches the subject before release

    page = get(world, answer_path + "?lang=en")
    assert page.status_code == 200
    assert "Cover letter" in page.text
    assert "Vanha asiakkuus" in page.text  # the added record
    assert a.hetu in page.text  # exactly what the subject will get: their own record
    assert "Access log extract" in page.text
    redacted = post(world, f"{answer_path}/review", {"redact": f"{a.record}:email"})
    assert redacted.status_code == 303
    again = get(world, answer_path + "?lang=en")
    assert f'value="{a.record}:email" checked' in again.text
    assert "person1@example.test" not in again.text

    released = post(world, f"{answer_path}/release", {})
    assert released.status_code == 303
    assert released.headers["location"] == f"{base}#answers"
    mine = world.mine(reference)
    assert mine["state"] == "answered"
    answer_id = int(answer_path.rsplit("/", 1)[-1])
    download = world.client.get(
        f"{PORTAL}/requests/{reference}/answers/{answer_id}/download", headers=world.as_subject()
    )
    assert download.status_code == 200
    rows = json.loads(zipfile.ZipFile(io.BytesIO(download.content)).read(f"registers/{a.register}.json"))
    by_id = {row["record_id"]: row for row in rows}
    assert by_id[a.record]["email"] == "[redacted]"
    assert by_id[added]["email"] == OTHER_EMAIL
    assert "Released to the subject" in get(world, answer_path + "?lang=en").text


def test_a_desk_request_is_compiled_only_after_verification(world: World) -> None:
    desk = {"tenant_id": world.a.tenant, "request_type": "access", "channel": "letter", "contact": "kirje@example.test"}
    response = world.client.post("/api/v1/desk/requests", json=desk, headers=world.as_desk())
    assert response.status_code == 201, response.text
    request_id = world.staff_id(world.a, response.json()["reference"])
    base = f"/t/{world.a.tenant}/requests/{request_id}"
    assert f'href="{base}/compile"' not in get(world, base).text
    refused = post(world, f"{base}/compile?lang=en", {"register": str(world.a.register)})
    assert refused.status_code == 422
    assert "Verify the requester&#39;s identity before compiling an answer." in refused.text


@pytest.mark.parametrize("who", ["other_tenant", "desk", "subject"])
def test_other_callers_get_404_on_every_answer_step(world: World, who: str) -> None:
    reference = world.file(world.a.tenant, "access")
    request_id = world.staff_id(world.a, reference)
    started = world.staff(world.a, request_id, "exports", {})
    answer_id = started.json()["id"]
    base = f"/t/{world.a.tenant}/requests/{request_id}"
    headers = {"other_tenant": as_identity(world.b.admin), "desk": world.as_desk(), "subject": world.as_subject()}[who]
    for path in (f"{base}/compile", f"{base}/answers/{answer_id}"):
        assert world.client.get(path, headers={**HTML, **headers}).status_code == 404, path
    steps = {
        "compile": {"register": str(world.a.register)},
        "compile/search": {"kind": "email", "value": "person1@example.test"},
        f"answers/{answer_id}/review": {"redact": f"{world.a.record}:email"},
        f"answers/{answer_id}/release": {},
    }
    for step, data in steps.items():
        response = world.client.post(f"{base}/{step}", data=data, headers={**HTML, **headers}, follow_redirects=False)
        assert response.status_code == 404, step
    assert world.mine(reference)["state"] == "acknowledged"
    # B's own answer page does not open A's answer either (ids are per tenant).
    assert (
        get(world, f"/t/{world.b.tenant}/requests/{request_id}/answers/{answer_id}", who=world.b.admin).status_code
        == 404
    )
