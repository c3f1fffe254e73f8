"""Language selection: ?lang= → remembered cookie → Accept-Language → Finnish; <html lang> right."""

from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.i18n import LANG_COOKIE
from alusta.web.language import lang_of_scope


def html_lang(client: TestClient[AlustaApp], **kwargs: object) -> str:
    page = client.get("/accessibility", **kwargs)  # type: ignore[arg-type]
    assert page.status_code == 200
    return page.text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_default_is_finnish(client: TestClient[AlustaApp]) -> None:
    assert html_lang(client) == "fi"
    assert html_lang(client, headers={"accept-language": "de-DE,de;q=0.9"}) == "fi"


def test_accept_language_by_quality(client: TestClient[AlustaApp]) -> None:
    assert html_lang(client, headers={"accept-language": "sv-FI,sv;q=0.9,en;q=0.8"}) == "sv"
    assert html_lang(client, headers={"accept-language": "de;q=1.0,en;q=0.5,sv;q=0.4"}) == "en"


def test_query_choice_is_remembered_in_a_secure_cookie(client: TestClient[AlustaApp]) -> None:
    page = client.get("/", params={"lang": "sv"}, headers={"accept-language": "en"})
    assert '<html lang="sv">' in page.text
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{LANG_COOKIE}=sv;")
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    # The next page, without ?lang=, keeps Swedish over the browser's Accept-Language.
    assert html_lang(client, headers={"accept-language": "en"}) == "sv"
    # A new explicit choice wins over the cookie and replaces it.
    again = client.get("/", params={"lang": "en"})
    assert '<html lang="en">' in again.text
    assert again.headers["set-cookie"].startswith(f"{LANG_COOKIE}=en;")
    assert html_lang(client) == "en"


def test_no_cookie_without_a_choice_or_for_the_api(client: TestClient[AlustaApp]) -> None:
    assert "set-cookie" not in client.get("/", headers={"accept-language": "sv"}).headers
    assert LANG_COOKIE not in client.get("/healthz", params={"lang": "sv"}).headers.get("set-cookie", "")


def test_unsupported_query_or_cookie_is_ignored(client: TestClient[AlustaApp]) -> None:
    assert html_lang(client, params={"lang": "de"}) == "fi"
    client.cookies.set(LANG_COOKIE, "xx")
    assert html_lang(client, headers={"accept-language": "sv"}) == "sv"


def test_language_switch_links_keep_the_page_and_query(client: TestClient[AlustaApp]) -> None:
    page = client.get("/controllers", params={"q": "Oy", "lang": "fi"})
    assert 'href="/controllers?q=Oy&amp;lang=sv" lang="sv" hreflang="sv"' in page.text
    assert 'lang="fi" hreflang="fi" aria-current="true"' in page.text


def test_scope_negotiation_order() -> None:
    def scope(query: bytes = b"", headers: dict[str, str] | None = None) -> dict[str, object]:
        return {"query_string": query, "headers": [(k.encode(), v.encode()) for k, v in (headers or {}).items()]}

    assert lang_of_scope(scope()) == "fi"
    assert lang_of_scope(scope(b"lang=en", {"cookie": f"{LANG_COOKIE}=sv", "accept-language": "fi"})) == "en"
    assert lang_of_scope(scope(headers={"cookie": f"a=b; {LANG_COOKIE}=sv", "accept-language": "en"})) == "sv"
    assert lang_of_scope(scope(headers={"accept-language": "en-GB"})) == "en"
