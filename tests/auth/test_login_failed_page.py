"""An IdP cancel or a failed login lands a browser on a page saying what happened, with a retry."""

from typing import Any

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp
from fixtures.auth import pick_identity, start_login

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _cancel(client: TestClient[AlustaApp]) -> str:
    authorize_url = start_login(client)
    page = client.get(authorize_url)
    ticket = page.text.split('name="ticket" value="', 1)[1].split('"', 1)[0]
    back = client.post("/test-idp/select", data={"ticket": ticket, "choice": "cancel"}, follow_redirects=False)
    return str(back.headers["location"])


@pytest.mark.parametrize(("lang", "heading"), [("fi", "Kirjautuminen peruttiin"), ("sv", "Inloggningen avbröts")])
def test_cancel_lands_on_a_page_with_try_again(auth_client: TestClient[AlustaApp], lang: str, heading: str) -> None:
    callback = _cancel(auth_client)
    page = auth_client.get(callback, headers={**BROWSER, "accept-language": lang}, follow_redirects=False)
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page.text
    assert f"<h1>{heading}</h1>" in page.text
    assert 'href="/auth/login?next=%2F"' in page.text  # try again


def test_cancel_for_an_api_client_stays_problem_json(auth_client: TestClient[AlustaApp], app: AlustaApp) -> None:
    response = auth_client.get(_cancel(auth_client), follow_redirects=False)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_replayed_callback_says_the_login_expired(auth_client: TestClient[AlustaApp], caplog: Any) -> None:
    callback = pick_identity(auth_client, start_login(auth_client))
    assert auth_client.get(callback, follow_redirects=False).status_code == 303
    auth_client.cookies.clear()
    page = auth_client.get(callback, headers={**BROWSER, "accept-language": "en"}, follow_redirects=False)
    assert page.status_code == 400
    assert "<h1>Login did not succeed</h1>" in page.text
    assert "Try logging in again" in page.text
