"""A browser whose session has ended is told so on the page, with a way to log in again."""

from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.auth.sessions import SESSION_COOKIE
from fixtures.auth import login_as

HTML = {"accept": "text/html"}


def test_an_ended_session_says_so_and_offers_to_log_in_again(auth_client: TestClient[AlustaApp]) -> None:
    assert login_as(auth_client, "ulla").status_code == 303
    assert auth_client.get("/requests", headers=HTML).status_code == 200
    # The session ends on the server (idle timeout, or logged out elsewhere); the cookie remains.
    token = auth_client.cookies.get(SESSION_COOKIE)
    assert token
    app = auth_client.app
    auth_client.blocking_portal.call(app.state["auth"].sessions.end, token)
    ended = auth_client.get("/requests", params={"lang": "en"}, headers=HTML, follow_redirects=False)
    assert ended.status_code == 401
    assert "Your session has ended" in ended.text
    assert 'href="/auth/login?next=%2Frequests%3Flang%3Den"' in ended.text
    assert "Ulla" not in ended.text


def test_without_a_cookie_a_page_goes_straight_to_login(auth_client: TestClient[AlustaApp]) -> None:
    fresh = auth_client.get("/requests", headers=HTML, follow_redirects=False)
    assert fresh.status_code == 303
    assert fresh.headers["location"] == "/auth/login?next=%2Frequests"
