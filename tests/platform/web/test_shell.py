"""Every response, 404s and refusals included, carries the security headers (ground rule 3)."""

import pytest
from httpx import Headers
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.web.headers import HSTS_MAX_AGE

REQUIRED_HEADERS = (
    "strict-transport-security",
    "x-content-type-options",
    "content-security-policy",
    "referrer-policy",
    "x-request-id",
)


def assert_hardened(headers: Headers) -> None:
    for name in REQUIRED_HEADERS:
        assert headers.get(name), name
    hsts = headers["strict-transport-security"]
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/", "/schema/openapi.json", "/no/such/page"])
def test_security_headers_on_every_response(client: TestClient[AlustaApp], path: str) -> None:
    response = client.get(path)
    assert_hardened(response.headers)
    assert f"max-age={HSTS_MAX_AGE}" in response.headers["strict-transport-security"]


def test_method_not_allowed_is_hardened_problem(client: TestClient[AlustaApp]) -> None:
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert_hardened(response.headers)


def test_plain_http_scheme_is_refused(app: AlustaApp) -> None:
    with TestClient(app, base_url="http://alusta.example.test") as plain:
        response = plain.get("/healthz")
    assert response.status_code == 400
    assert response.json()["type"] == "urn:alusta:problem:tls_required"
    assert_hardened(response.headers)


@pytest.mark.parametrize("host", ["evil.example.test", "localhost:9999", "alusta.example.test:8443"])
def test_disallowed_host_is_refused(client: TestClient[AlustaApp], host: str) -> None:
    response = client.get("/healthz", headers={"host": host})
    assert response.status_code == 400
    assert response.json()["type"] == "urn:alusta:problem:host_not_allowed"
    assert_hardened(response.headers)


def test_not_found_is_problem_details_without_traceback(client: TestClient[AlustaApp]) -> None:
    response = client.get("/no/such/page", headers={"accept-language": "en"})
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404
    assert body["title"] == "The requested page or resource was not found."
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text


def test_problem_title_follows_accept_language(client: TestClient[AlustaApp]) -> None:
    assert client.get("/nope", headers={"accept-language": "sv-FI,sv;q=0.9"}).json()["title"].startswith("Den")
    assert client.get("/nope").json()["title"].startswith("Pyydettyä")


def test_request_ids_are_unique(client: TestClient[AlustaApp]) -> None:
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(5)}
    assert len(ids) == 5


def test_oversize_body_is_refused(client: TestClient[AlustaApp]) -> None:
    response = client.post("/healthz", content=b"x" * 2_000_000)
    assert response.status_code in {405, 413}
    assert_hardened(response.headers)


@pytest.mark.parametrize("path", ["/", "/controllers", "/accessibility", "/no/such/page"])
def test_head_on_a_page_answers_as_get_without_a_body(client: TestClient[AlustaApp], path: str) -> None:
    """RFC 9110 §9.3.2: HEAD gets GET's status and headers, and no content (issue 17 point 8)."""
    headers = {"accept": "text/html", "accept-language": "sv"}
    got = client.get(path, headers=headers)
    head = client.head(path, headers=headers)
    assert got.status_code == (404 if path == "/no/such/page" else 200)
    assert head.status_code == got.status_code
    assert head.content == b""
    assert got.content != b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert_hardened(head.headers)
