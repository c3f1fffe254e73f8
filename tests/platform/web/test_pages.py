"""The public pages of the platform: front page, accessibility statement, privacy, layout, assets."""

import re

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.web.static import LONG_CACHE, assets, static_url

HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.mark.parametrize(
    ("lang", "heading", "skip"),
    [
        ("fi", "Tietosuojaoikeutesi", "Siirry pääsisältöön"),
        ("sv", "Dina dataskyddsrättigheter", "Hoppa till huvudinnehållet"),
        ("en", "Your data-protection rights", "Skip to main content"),
    ],
)
def test_front_page_in_each_language(client: TestClient[AlustaApp], lang: str, heading: str, skip: str) -> None:
    page = client.get("/", params={"lang": lang}, headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page.text
    assert f"<h1>{heading}</h1>" in page.text
    assert f'<a class="skip" href="#main">{skip}</a>' in page.text
    assert '<main id="main"' in page.text
    assert 'href="/controllers"' in page.text  # find a controller
    assert "/auth/login?next=" in page.text  # log in to make or follow a request
    assert page.text.count("<li><strong>") == 8  # the rights, one line each
    assert 'href="/accessibility"' in page.text
    assert 'href="/privacy"' in page.text
    assert "tietosuoja@alusta.example.test" in page.text  # the processor's contact in the footer


def test_pages_carry_no_inline_script_or_style(client: TestClient[AlustaApp]) -> None:
    for path in ("/", "/accessibility", "/privacy"):
        page = client.get(path, headers=HTML)
        assert page.status_code == 200
        assert "<script" not in page.text
        assert "<style" not in page.text
        assert " style=" not in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]


@pytest.mark.parametrize(("lang", "text"), [("fi", "Saavutettavuusseloste"), ("sv", "Tillgänglighetsutlåtande")])
def test_accessibility_statement(client: TestClient[AlustaApp], lang: str, text: str) -> None:
    page = client.get("/accessibility", params={"lang": lang})
    assert page.status_code == 200
    assert f"<h1>{text}</h1>" in page.text
    assert "306/2019" in page.text
    assert "2. joulukuuta 2026" in page.text if lang == "fi" else "2 december 2026" in page.text


def test_stylesheet_is_content_hashed_and_cached_for_a_year(client: TestClient[AlustaApp]) -> None:
    url = static_url("alusta.css")
    assert re.fullmatch(r"/static/alusta\.[0-9a-f]{12}\.css", url)
    page = client.get("/")
    assert f'<link rel="stylesheet" href="{url}">' in page.text
    css = client.get(url)
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert css.headers["cache-control"] == LONG_CACHE
    assert css.content == next(a.body for a in assets().values() if a.name == "alusta.css")
    assert client.get("/static/alusta.css").status_code == 404  # only the hashed name is served
    assert client.get("/static/..%2Fpages.py").status_code == 404


def test_page_weight_is_small(client: TestClient[AlustaApp]) -> None:
    page = client.get("/")
    css = client.get(static_url("alusta.css"))
    assert len(page.content) + len(css.content) < 100_000
