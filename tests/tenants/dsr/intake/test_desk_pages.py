"""The support desk's console pages, on SQLite and PostgreSQL (issue 13 point 2).

The desk registers a request through the page (the same service as the API), reads back the
reference and deadline, and lists its receipts with routing status only: the text it typed is
sealed to the controller and never shown to the desk again. Tenant staff and subjects are refused.
"""

from datetime import UTC, datetime, time, timedelta

import pytest

from alusta.calendar.periods import HELSINKI
from fixtures.callers import as_identity
from fixtures.dsr import World
from fixtures.html_check import html_errors

HTML = {"accept": "text/html"}
SECRET_TEXT = "Soittaja kertoi asiakasnumeronsa 77-4410 ja pyysi kaikki tietonsa."


def test_desk_registers_a_phone_request_and_reads_back_the_reference(world: World) -> None:
    headers = {**HTML, **world.as_desk()}
    home = world.client.get("/desk?lang=en&q=a oy", headers=headers)
    assert home.status_code == 200, home.text
    assert f'href="/desk/new?tenant={world.a.tenant}"' in home.text
    form = world.client.get(f"/desk/new?lang=en&tenant={world.a.tenant}", headers=headers)
    assert f'value="{world.a.tenant}" selected' in form.text
    assert "Helsinki time" in form.text
    missing = world.client.post("/desk/new?lang=en", data={"tenant": str(world.a.tenant)}, headers=headers)
    assert missing.status_code == 400
    assert "Choose how the request arrived." in missing.text
    assert "Write how the controller can reach the person" in missing.text
    body = {
        "tenant": str(world.a.tenant),
        "channel": "phone",
        "request_type": "access",
        "contact": "soittaja@example.test",
        "text": SECRET_TEXT,
    }
    done = world.client.post("/desk/new", data=body, headers=headers, follow_redirects=False)
    assert done.status_code == 303, done.text
    sent = world.client.get(done.headers["location"] + "?lang=en", headers=headers)
    assert sent.status_code == 200
    reference = done.headers["location"].rsplit("/", 1)[-1]
    assert reference in sent.text
    assert "Deadline" in sent.text
    listing = world.client.get("/desk?lang=en", headers=headers)
    assert reference in listing.text
    assert "Forwarded to the controller" in listing.text
    for page in (sent.text, listing.text):
        assert SECRET_TEXT not in page  # sealed to the controller
        assert "soittaja@example.test" not in page
    assert html_errors({"home": home.text, "form": missing.text, "sent": sent.text, "list": listing.text}) == []
    # The controller reads what the desk typed.
    request_id = world.staff_id(world.a, reference)
    assert world.staff(world.a, request_id).json()["details"]["text"] == SECRET_TEXT


def test_a_future_time_of_receipt_is_refused_next_to_the_field(world: World) -> None:
    body = {
        "tenant": str(world.a.tenant),
        "channel": "letter",
        "request_type": "erasure",
        "contact": "Postikatu 1, 00100 Helsinki",
        "received_date": "2099-01-01",
        "received_time": "10:00",
    }
    refused = world.client.post("/desk/new?lang=en", data=body, headers={**HTML, **world.as_desk()})
    assert refused.status_code == 422
    assert "cannot be in the future" in refused.text
    assert 'href="#received_date"' in refused.text


@pytest.mark.parametrize("who", ["tenant_admin", "subject"])
def test_only_the_desk_has_the_console(world: World, who: str) -> None:
    headers = {**HTML, **(as_identity(world.a.admin) if who == "tenant_admin" else world.as_subject())}
    assert world.client.get("/desk", headers=headers).status_code == 403
    body = {"tenant": str(world.a.tenant), "channel": "phone", "request_type": "access", "contact": "x@example.test"}
    assert world.client.post("/desk/new", data=body, headers=headers).status_code == 403
    assert world.client.get("/api/v1/desk/requests", headers=world.as_desk()).json() == []


def test_the_time_of_receipt_is_helsinki_time(world: World) -> None:
    headers = {**HTML, **world.as_desk()}
    day = (datetime.now(HELSINKI) - timedelta(days=2)).date()
    body = {
        "tenant": str(world.a.tenant),
        "channel": "email",
        "request_type": "access",
        "contact": "kirjoittaja@example.test",
        "received_date": day.isoformat(),
        "received_time": "10:00",
    }
    bad = world.client.post("/desk/new?lang=en", data={**body, "received_time": "kello 10"}, headers=headers)
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.text
    done = world.client.post("/desk/new", data=body, headers=headers, follow_redirects=False)
    assert done.status_code == 303, done.text
    receipt = world.client.get("/api/v1/desk/requests", headers=world.as_desk()).json()[0]
    expected = datetime.combine(day, time(10, 0), HELSINKI).astimezone(UTC)
    assert datetime.fromisoformat(receipt["received_at"]) == expected
