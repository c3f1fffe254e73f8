"""Forms without JavaScript: CSRF as a hidden field, error summary linked to fields, values kept, PRG."""

import re
from pathlib import Path
from typing import Annotated

import pytest
from litestar import get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Response, Template
from litestar.testing import TestClient

import alusta.auth
import alusta.tenants
import alusta.web
from alusta.app import AlustaApp
from alusta.auth.guards import require_login
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.templating import build_environment
from fixtures.application import PUBLIC_URL
from fixtures.auth import login_as, wire_in_process_idp

FORM = """{% import "web/forms.html" as forms %}{{ forms.error_summary(form) }}
{{ forms.text_field(form, "email", "E-mail", hint="We answer here") }}{{ forms.textarea(form, "details", "Details") }}
{{ forms.radios(form, "right", "Right", [("access", "Access"), ("erasure", "Erasure")]) }}"""


def render(form: FormState) -> str:
    return build_environment([]).from_string(FORM).render(form=form)


def test_errors_are_summarised_linked_and_described() -> None:
    form = FormState.of({"email": "not-an-address", "details": "<b>kept</b>", "right": "erasure", "csrf_token": "t"})
    form.error("email", "Enter an e-mail address")
    form.error("right", "Choose a right")
    html = render(form)
    summary = html.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#email">Enter an e-mail address</a>' in summary
    assert '<a href="#right">Choose a right</a>' in summary
    assert summary.index("#email") < summary.index("#right")  # page order
    assert 'aria-describedby="email-hint email-error" aria-invalid="true"' in html
    assert '<p class="field-error" id="email-error">Enter an e-mail address</p>' in html
    assert 'value="not-an-address"' in html  # values kept
    assert "&lt;b&gt;kept&lt;/b&gt;</textarea>" in html  # and escaped
    assert 'id="right" name="right" value="access">' in html  # the summary link lands on the first choice
    assert 'value="erasure" checked>' in html
    assert "csrf_token" not in form.values


def test_no_summary_without_errors() -> None:
    html = render(FormState.of({"email": "a@example.test"}))
    assert "error-summary" not in html
    assert "aria-invalid" not in html
    assert 'aria-describedby="email-hint"' in html


def test_over_long_field_is_refused() -> None:
    with pytest.raises(Problem) as raised:
        FormState.of({"details": "x" * 10_001})
    assert raised.value.status_code == 413


def test_see_other_stays_on_this_site() -> None:
    redirect = see_other("/done")
    assert redirect.status_code == 303
    for target in ("https://evil.example.test/", "//evil.example.test/"):
        with pytest.raises(ValueError, match="this site"):
            see_other(target)


@post("/test-only/form", guards=[require_login], include_in_schema=False)
async def submit(
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect | Response[str]:
    form = FormState.of(data)
    if not form.values.get("name"):
        form.error("name", "Enter a name")
        return Response(form.errors["name"], status_code=400, media_type="text/plain")
    return see_other("/test-only/done?name=" + form.values["name"])


def test_logged_in_form_post_carries_csrf_as_a_hidden_field(app: AlustaApp) -> None:
    app.register(submit)
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        wire_in_process_idp(app)
        assert login_as(client).status_code == 303
        page = client.get("/", params={"lang": "en"})
        assert 'action="/auth/logout"' in page.text  # the logout form on every page
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        ok = client.post("/test-only/form", data={"csrf_token": token, "name": "Tessa"}, follow_redirects=False)
        assert ok.status_code == 303
        assert ok.headers["location"] == "/test-only/done?name=Tessa"  # the handler read the same body
        invalid = client.post("/test-only/form", data={"csrf_token": token, "name": ""})
        assert invalid.status_code == 400
        assert invalid.text == "Enter a name"
        for forged in ({"name": "x"}, {"csrf_token": "forged", "name": "x"}):
            assert client.post("/test-only/form", data=forged).status_code == 403
        header = client.post(
            "/test-only/form", data={"name": "x"}, headers={"x-csrf-token": token}, follow_redirects=False
        )
        assert header.status_code == 303  # the API's header keeps working


@get("/test-only/form-page/{variant:str}", sync_to_thread=False)
def form_page(variant: FromPath[str]) -> Template:
    imports = {
        "with": '{% import "web/forms.html" as f with context %}',
        "without": '{% import "web/forms.html" as f %}',
    }
    source = imports[variant] + '{{ f.form_start("/test-only/form") }}<button>Send</button></form>'
    return Template(template_str=source)


def test_form_macros_imported_without_context_fail_instead_of_an_empty_csrf_field(app: AlustaApp) -> None:
    """Macros imported without ``with context`` cannot see the request: the render fails loudly.

    An empty CSRF field instead would make every browser POST answer 403 while the page looked
    right; a 500 shows on the first test run of the page.
    """
    app.register(form_page)
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        wire_in_process_idp(app)
        assert login_as(client).status_code == 303
        good = client.get("/test-only/form-page/with")
        assert good.status_code == 200
        token = good.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert len(token) >= 32
        bad = client.get("/test-only/form-page/without")
        assert bad.status_code == 500
        assert "csrf_token" not in bad.text


def test_every_template_imports_the_form_macros_with_context() -> None:
    roots = [
        Path(alusta.web.__file__).parent,
        *(Path(p) for p in alusta.tenants.__path__),
        *(Path(p) for p in alusta.auth.__path__),
    ]
    templates = [path for root in roots for path in root.rglob("templates/**/*.html")]
    assert len(templates) >= 9
    imports = [
        (path.name, line.strip())
        for path in templates
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\{%-?\s*(import|from)\s+[\"']web/forms\.html", line)
    ]
    assert [found for found in imports if "with context" not in found[1]] == []


def test_control_and_bidi_characters_are_a_field_error_on_every_form() -> None:
    """The JSON API refuses them in the input guard; a page form refuses them here."""
    form = FormState.of({"name": "Ulla\u202e", "details": "rivi\nrivi\tsarake", "other": "a\x07b"})
    assert set(form.errors) == {"name", "other"}  # line feed and tab are text, not control
    assert not form.ok
