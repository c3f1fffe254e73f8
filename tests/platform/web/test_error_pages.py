"""Errors for people: browsers get HTML pages in their language, the API keeps problem+json."""

from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import get, post
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.auth.guards import require_login
from alusta.auth.service import safe_next
from alusta.i18n import Lang
from alusta.web.error_pages import ERROR_TEXTS
from alusta.web.translations import reset_lang, use_lang
from fixtures.application import PUBLIC_URL
from fixtures.auth import login_as, wire_in_process_idp

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize(
    ("lang", "title"), [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")]
)
def test_unknown_page_is_an_html_404_in_the_users_language(
    client: TestClient[AlustaApp], lang: str, title: str
) -> None:
    page = client.get("/no-such-page", params={"lang": lang}, headers=BROWSER)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page.text
    assert f"<h1>{title}</h1>" in page.text
    assert page.headers["x-request-id"] in page.text  # the reference to quote
    assert "Traceback" not in page.text


def test_the_api_keeps_problem_json_even_for_a_browser(client: TestClient[AlustaApp]) -> None:
    response = client.get("/api/v1/no-such-thing", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:alusta:problem:not_found"


def test_a_client_that_does_not_ask_for_html_gets_problem_json(client: TestClient[AlustaApp]) -> None:
    response = client.get("/no-such-page", headers={"accept": "*/*"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_validation_error_on_a_page_is_an_html_400(client: TestClient[AlustaApp]) -> None:
    page = client.get("/controllers", params={"q": "x" * 101, "lang": "sv"}, headers=BROWSER)
    assert page.status_code == 400
    assert "<h1>Begäran kunde inte behandlas</h1>" in page.text


def test_wrong_method_on_a_page_is_html(client: TestClient[AlustaApp]) -> None:
    page = client.post("/accessibility", headers=BROWSER)
    assert page.status_code == 405
    assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("status", sorted(ERROR_TEXTS))
def test_every_status_renders_in_three_languages(app: AlustaApp, status: int) -> None:
    assert app.shell.error_page is not None
    titles = set()
    for lang in (Lang.FI, Lang.SV, Lang.EN):
        token = use_lang(lang)
        try:
            body = app.shell.error_page(status, "x").decode()
        finally:
            reset_lang(token)
        assert f'<html lang="{lang}">' in body
        assert f"{status}" in body
        titles.add(body.split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert len(titles) == 3  # three real translations


def test_refusal_before_routing_is_html_for_a_browser(client: TestClient[AlustaApp]) -> None:
    page = client.get("/", headers={**BROWSER, "host": "evil.example.test"})
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert "Pyydetty palvelinnimi ei kuulu tähän palveluun." in page.text  # the specific reason, in Finnish
    api = client.get("/", headers={"host": "evil.example.test"})
    assert api.headers["content-type"] == "application/problem+json"


@get("/test-only/private", guards=[require_login], include_in_schema=False)
async def private_page() -> str:
    return "private"


@post("/test-only/private", guards=[require_login], include_in_schema=False)
async def private_form() -> str:
    return "posted"


def test_401_on_a_page_sends_the_browser_to_log_in_and_back(app: AlustaApp) -> None:
    app.register(private_page)
    app.register(private_form)
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        page = client.get("/test-only/private", params={"tab": "2"}, headers=BROWSER, follow_redirects=False)
        assert page.status_code == 303
        location = urlsplit(page.headers["location"])
        assert location.path == "/auth/login"
        assert parse_qs(location.query)["next"] == ["/test-only/private?tab=2"]
        posted = client.post("/test-only/private", headers=BROWSER, follow_redirects=False)
        assert posted.status_code == 303
        assert parse_qs(urlsplit(posted.headers["location"]).query)["next"] == ["/"]
        api = client.get("/test-only/private", headers={"accept": "application/json"})
        assert api.status_code == 401
        assert api.headers["content-type"] == "application/problem+json"
        wire_in_process_idp(app)
        back = login_as(client, next_path="/test-only/private?tab=2")
        assert back.status_code == 303
        assert back.headers["location"] == "/test-only/private?tab=2"
        assert client.get("/test-only/private", headers=BROWSER).text == "private"


def test_safe_next_refuses_other_sites() -> None:
    assert safe_next("/controllers?q=a") == "/controllers?q=a"
    for hostile in ("https://evil.example.test/", "//evil.example.test/", "/\\evil.example.test", "javascript:x"):
        assert safe_next(hostile) == "/"


@pytest.mark.parametrize("hostile", ["//evil.example.test/x", "https://evil.example.test/"])
def test_login_refuses_an_off_site_next(auth_client: TestClient[AlustaApp], hostile: str) -> None:
    back = login_as(auth_client, next_path=hostile)
    assert back.status_code == 303
    assert back.headers["location"] == "/"
