"""Bad input refused before any decoder: nesting depth, media type, control and bidi characters."""

from typing import Any

import pytest

from alusta.web.input_guard import MAX_JSON_DEPTH, forbidden_text_path, json_depth_exceeds
from fixtures.callers import as_identity
from fixtures.dsr import DESK, PORTAL, World
from fixtures.tenancy import PREFIX, Side


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize(
    ("body", "deep"),
    [
        (nested(MAX_JSON_DEPTH), False),
        (nested(MAX_JSON_DEPTH + 1), True),
        (b'{"a": "' + b"[" * 500 + b'"}', False),  # brackets inside a string do not nest
        (b'{"a": "\\"' + b"[" * 500 + b'"}', False),  # nor after an escaped quote
        (b'{"a":' * 40 + b"1" + b"}" * 40, True),
        (b"[" * 100_000, True),  # unbalanced: refused, never parsed
        (b'{"values": {"name": "x"}}', False),
    ],
)
def test_depth_scanner(body: bytes, deep: bool) -> None:
    assert json_depth_exceeds(body) is deep


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({"values": {"name": "Matti\x00"}}, "values.name"),
        ({"values": {"name": "abc\u202egpj.exe"}}, "values.name"),  # right-to-left override
        ({"recipients": [{"name": "ok"}, {"name": "\u2066x"}]}, "recipients[1].name"),
        ({"text": "rivi 1\nrivi 2\ttab\r\n"}, None),  # line breaks and tabs are text
        ({"text": "Åke Öberg, ääkköset ja 😀"}, None),
        ({"text": "\x1b[31m"}, "text"),  # terminal escape
        ({"text": "\x85"}, "text"),  # C1 control
        ({"bad\x00key": 1}, "$"),
    ],
)
def test_forbidden_text(document: Any, path: str | None) -> None:
    assert forbidden_text_path(document) == path


def records_url(side: Side) -> str:
    return f"{PREFIX}{side.tenant}/registers/{side.register}/records"


def record_count(world: World) -> int:
    response = world.client.get(records_url(world.a), params={"limit": 200}, headers=as_identity(world.a.admin))
    assert response.status_code == 200, response.text
    return len(response.json()["items"])


def test_deep_json_is_refused_before_parsing(world: World) -> None:
    """Record create, record import and request filing: 400, never a RecursionError (500)."""
    admin = {**as_identity(world.a.admin), "content-type": "application/json"}
    before = record_count(world)
    filed_before = world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json()
    deep_record = b'{"values": {"name": ' + nested(5000) + b"}}"
    response = world.client.post(records_url(world.a), content=deep_record, headers=admin)
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "urn:alusta:problem:json_too_deep"
    response = world.client.post(f"{records_url(world.a)}/import", content=nested(100_000), headers=admin)
    assert response.status_code == 400, response.text
    assert response.json()["type"] == "urn:alusta:problem:json_too_deep"
    deep_filing = b'{"tenant_ids": [' + str(world.a.tenant).encode() + b'], "request_type": "access", "x": '
    deep_filing += nested(10_000)  # 20 kB: under the body limit + b"}"
    subject = {**world.as_subject(), "content-type": "application/json", "accept-language": "sv"}
    response = world.client.post(f"{PORTAL}/requests", content=deep_filing, headers=subject)
    assert response.status_code == 400, response.text
    assert response.json()["title"] == "JSON-innehållet är nästlat för djupt."
    assert record_count(world) == before
    assert world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json() == filed_before


def test_json_sent_as_another_media_type_is_refused(world: World) -> None:
    before = record_count(world)
    for media_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml"):
        response = world.client.post(
            records_url(world.a),
            content=b'{"values": {"hetu": "' + world.a.hetu.encode() + b'"}}',
            headers={**as_identity(world.a.admin), "content-type": media_type},
        )
        assert response.status_code == 415, (media_type, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert record_count(world) == before
    ok = world.client.post(
        records_url(world.a),
        content=b'{"values": {"hetu": "' + world.a.hetu.encode() + b'"}}',
        headers={**as_identity(world.a.admin), "content-type": "application/json; charset=utf-8"},
    )
    assert ok.status_code == 201, ok.text


@pytest.mark.parametrize("bad", ["Matti\x00Meikäläinen", "Matti\u202eNEN", "\u2067Matti", "Matti\x07"])
def test_control_and_bidi_characters_are_refused_with_the_field(world: World, bad: str) -> None:
    before = record_count(world)
    response = world.client.post(
        records_url(world.a),
        json={"values": {"hetu": world.a.hetu, "name": bad}},
        headers={**as_identity(world.a.admin), "accept-language": "en"},
    )
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["type"] == "urn:alusta:problem:forbidden_characters"
    assert problem["errors"] == [
        {"key": "values.name", "source": "body", "message": "control or bidirectional-override characters"}
    ]
    assert "Matti" not in response.text  # the value is never echoed
    assert record_count(world) == before


def test_bidi_in_desk_and_portal_text_is_refused(world: World) -> None:
    desk_before = world.client.get(f"{DESK}/requests", headers=world.as_desk()).json()
    filed_before = world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json()
    body = {
        "tenant_id": world.a.tenant,
        "channel": "phone",
        "request_type": "access",
        "contact": "x\u202e@example.test",
    }
    response = world.client.post(f"{DESK}/requests", json=body, headers=world.as_desk())
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["key"] == "contact"
    filing = {"tenant_ids": [world.a.tenant], "request_type": "access", "text": "Hei\x00"}
    response = world.client.post(f"{PORTAL}/requests", json=filing, headers=world.as_subject())
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["key"] == "text"
    assert world.client.get(f"{DESK}/requests", headers=world.as_desk()).json() == desk_before
    assert world.client.get(f"{PORTAL}/requests", headers=world.as_subject()).json() == filed_before


def test_bidi_in_a_query_parameter_is_refused(world: World) -> None:
    reference = world.file(world.a.tenant)
    response = world.client.post(
        f"{PORTAL}/requests/{reference}/attachments",
        params={"name": "kuitti\u202etxt.exe"},
        content=b"sisalto",
        headers={**world.as_subject(), "content-type": "text/plain"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0] == {
        "key": "name",
        "source": "query",
        "message": "control or bidirectional-override characters",
    }
    assert world.mine(reference).get("attachments") in (None, [])


def test_out_of_range_ids_are_not_found(world: World) -> None:
    admin = as_identity(world.a.admin)
    for url in (f"{PREFIX}{world.a.tenant}/records/{2**70}", f"{PREFIX}{world.a.tenant}/registers/{-(2**70)}"):
        response = world.client.get(url, headers=admin)
        assert response.status_code == 404, (url, response.text)
