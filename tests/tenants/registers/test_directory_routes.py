"""The public controller directory page and the notice pages: organisations only, never a person."""

import asyncio
import secrets
from urllib.parse import quote

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.i18n import Lang
from alusta.settings import Settings
from alusta.tenants.registers.messages import legal_basis_text
from alusta.tenants.tenancy.commands import set_status_command
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, build_side, register_body

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture
def pair(tenant_client: TestClient[AlustaApp], tenant_settings: Settings) -> tuple[Side, Side, str]:
    """Two controllers sharing a random word in their names (tests share one database)."""
    word = f"Hakemisto{secrets.token_hex(3)}"
    first = build_side(tenant_client, tenant_settings, f"Äänekosken {word} Oy", 61)
    second = build_side(tenant_client, tenant_settings, f"Borgå {word} Ab", 62)
    return first, second, word


def test_directory_lists_controllers_with_contacts_and_notices(
    tenant_client: TestClient[AlustaApp], pair: tuple[Side, Side, str]
) -> None:
    first, second, word = pair
    page = tenant_client.get("/controllers", params={"q": word, "lang": "fi"}, headers=BROWSER)
    assert page.status_code == 200
    assert f"Äänekosken {word} Oy" in page.text
    assert f"Borgå {word} Ab" in page.text
    assert "2 rekisterinpitäjää vastaa hakua" in page.text  # a real plural
    assert "tietosuoja@example.test" in page.text
    assert "dpo@example.test" in page.text
    assert f'href="/notices/{first.tenant}/{first.register}"' in page.text
    assert f'href="/notices/{second.tenant}/{second.register}"' in page.text
    assert "Tietosuojaseloste: Asiakasrekisteri (fi)" in page.text
    swedish = tenant_client.get("/controllers", params={"q": word, "lang": "sv"})
    assert "Dataskyddsbeskrivning: Asiakasrekisteri (sv)" in swedish.text


def test_search_is_by_name_and_case_insensitive_with_finnish_letters(
    tenant_client: TestClient[AlustaApp], pair: tuple[Side, Side, str]
) -> None:
    _first, _second, word = pair
    page = tenant_client.get("/controllers", params={"q": f"ÄÄNEKOSKEN {word.upper()}", "lang": "en"})
    assert f"Äänekosken {word} Oy" in page.text
    assert "Borgå" not in page.text
    assert "1 controller matches" in page.text
    none = tenant_client.get("/controllers", params={"q": f"{word}-nothing", "lang": "en"})
    assert "0 controllers match" in none.text
    assert 'href="/controllers">Show all controllers' in none.text


def test_directory_reveals_nothing_about_people(
    tenant_client: TestClient[AlustaApp], pair: tuple[Side, Side, str]
) -> None:
    first, second, word = pair
    text = tenant_client.get("/controllers", params={"q": word}).text
    for secret in (first.hetu, second.hetu, "Henkilö 61", "person61@example.test", "flunssa"):
        assert secret not in text
    # A person's identifier finds nothing; the page is the same as for an identifier nobody has.
    known = tenant_client.get("/controllers", params={"q": first.hetu}).text
    unknown = tenant_client.get("/controllers", params={"q": "010190-999X"}).text
    assert "0 rekisterinpitäjää" in known
    assert known.replace(first.hetu, "010190-999X") == unknown


def test_inactive_controllers_are_not_listed(
    tenant_client: TestClient[AlustaApp], tenant_settings: Settings, pair: tuple[Side, Side, str]
) -> None:
    first, _second, word = pair
    assert asyncio.run(set_status_command(tenant_settings, first.tenant, "suspended"))
    page = tenant_client.get("/controllers", params={"q": word})
    assert "Äänekosken" not in page.text
    assert "Borgå" in page.text
    assert tenant_client.get(f"/notices/{first.tenant}/{first.register}", headers=BROWSER).status_code == 404


def test_notice_page_links_other_languages_and_versions(
    tenant_client: TestClient[AlustaApp], pair: tuple[Side, Side, str]
) -> None:
    first, _second, _word = pair
    url = f"{PREFIX}{first.tenant}/registers/{first.register}"
    body = register_body("Uusi nimi")
    assert tenant_client.put(url, json=body, headers=as_identity(first.admin)).status_code == 200
    page = tenant_client.get(f"/notices/{first.tenant}/{first.register}", params={"lang": "sv"}, headers=BROWSER)
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    assert "Dataskyddsbeskrivning: Uusi nimi (sv)" in page.text
    assert "Version 2, publicerad" in page.text
    assert f'href="/notices/{first.tenant}/{first.register}?lang=fi" lang="fi"' in page.text
    assert f'href="/notices/{first.tenant}/{first.register}/versions/1"' in page.text
    assert legal_basis_text("contract", Lang.SV) in page.text  # the basis in words (issue 14 point 8)
    old = tenant_client.get(f"/notices/{first.tenant}/{first.register}/versions/1", params={"lang": "en"})
    assert old.status_code == 200
    assert "Privacy notice: Asiakasrekisteri (en)" in old.text
    assert "This is an earlier version of the notice." in old.text
    assert tenant_client.get(f"/notices/{first.tenant}/{first.register}/versions/3").status_code == 404


def test_cross_tenant_and_unknown_notices_are_html_404(
    tenant_client: TestClient[AlustaApp], pair: tuple[Side, Side, str]
) -> None:
    first, second, _word = pair
    unknown_tenant = first.tenant + second.tenant + 1
    for path in (
        f"/notices/{first.tenant}/{second.register}",  # B's register under A's id
        f"/notices/{second.tenant}/{first.register}/versions/1",
        f"/notices/{unknown_tenant}/{first.register}",
        f"/notices/{first.tenant}/{first.register + 1}",
    ):
        page = tenant_client.get(path, params={"lang": "en"}, headers=BROWSER)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>Page not found</h1>" in page.text
        assert "Asiakasrekisteri" not in page.text
        assert tenant_client.get("/api" + "/v1" + path).status_code == 404 or "versions" in path
    assert tenant_client.get("/notices/abc/1", headers=BROWSER).status_code == 404
    assert tenant_client.get(f"/controllers?q={quote('x' * 101)}", headers=BROWSER).status_code == 400
