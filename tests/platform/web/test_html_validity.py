"""The Nu Html Checker on the pages rendered without a browser: every error page, the statements.

The browser journeys validate the pages they visit (fixtures.html_check); here the test client
renders the error pages of every status and the pages before routing, and the accessibility
statement and privacy notice, in fi, sv and en. One test shows the checker does report errors.
"""

from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.i18n import Lang
from alusta.web.error_pages import ERROR_TEXTS
from alusta.web.translations import reset_lang, use_lang
from fixtures.html_check import Documents, html_errors

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
LANGS = (Lang.FI, Lang.SV, Lang.EN)
VALID = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A page</title></head>
<body><main><h1>A page</h1>{body}</main></body></html>
"""


def test_the_checker_reports_errors_with_page_and_line() -> None:
    documents = {
        "valid": VALID.format(body="<p>Fine.</p>"),
        "duplicate id": VALID.format(body='<p id="x">One</p>\n<p id="x">Two</p>'),
        "div in span": VALID.format(body="<span><div>block in inline</div></span>"),
        "long fraction": VALID.format(body='<p><time datetime="2026-01-15T12:05:00.123456+00:00">x</time></p>'),
    }
    errors = html_errors(documents)
    assert not any(error.startswith("valid:") for error in errors)
    assert any(error.startswith("duplicate id:4: Duplicate ID “x”.") for error in errors), errors
    assert any(error.startswith("div in span:3: ") and "“div” not allowed" in error for error in errors), errors
    assert any(error.startswith("long fraction:3: Bad value") for error in errors), errors


def _error_pages(app: AlustaApp, documents: Documents) -> None:
    assert app.shell.error_page is not None
    for status in sorted(ERROR_TEXTS):
        for lang in LANGS:
            token = use_lang(lang)
            try:
                documents.add(f"error {status} {lang}", app.shell.error_page(status, "x").decode())
            finally:
                reset_lang(token)


def test_error_pages_and_statements_validate(app: AlustaApp, client: TestClient[AlustaApp]) -> None:
    documents = Documents()
    _error_pages(app, documents)
    for lang in LANGS:
        for path in ("/", "/controllers", "/accessibility", "/privacy", "/no-such-page"):
            page = client.get(path, params={"lang": lang}, headers=BROWSER)
            assert page.headers["content-type"].startswith("text/html"), path
            documents.add(f"GET {path} {lang} ({page.status_code})", page.text)
        too_long = client.get("/controllers", params={"q": "x" * 101, "lang": lang}, headers=BROWSER)
        assert too_long.status_code == 400
        documents.add(f"GET /controllers?q=long {lang} (400)", too_long.text)
        wrong_method = client.post("/accessibility", params={"lang": lang}, headers=BROWSER)
        assert wrong_method.status_code == 405
        documents.add(f"POST /accessibility {lang} (405)", wrong_method.text)
    refused = client.get("/", headers={**BROWSER, "host": "evil.example.test"})  # before routing
    assert refused.status_code == 400
    documents.add("GET / from another host (400)", refused.text)
    assert len(documents.by_name) >= 3 * len(ERROR_TEXTS) + 3 * 7
    documents.assert_valid()
