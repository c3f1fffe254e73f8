"""Registers: versioned privacy notices, public JSON and HTML, field definitions, texts."""

import copy

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.settings import Settings
from alusta.tenants.registers.messages import MESSAGES
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, build_side, register_body
from fixtures.texts import assert_translated


@pytest.fixture
def side(tenant_client: TestClient[AlustaApp], tenant_settings: Settings) -> Side:
    return build_side(tenant_client, tenant_settings, "Rekisteri Oy", 50)


def test_every_message_has_three_languages() -> None:
    for msgid in MESSAGES.values():
        assert_translated(msgid)


def test_change_makes_a_new_version_and_old_ones_stay(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    admin = as_identity(side.admin)
    url = f"{PREFIX}{side.tenant}/registers/{side.register}"
    body = register_body("Uusi nimi")
    body["notice"]["retention"] = {"fi": "18 kk", "sv": "18 mån", "en": "18 months"}  # type: ignore[index]
    changed = tenant_client.put(url, json=body, headers=admin)
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2
    old = tenant_client.get(f"{url}/versions/1", headers=admin).json()
    assert old["notice"]["register_name"]["fi"] == "Asiakasrekisteri (fi)"
    assert tenant_client.get(url, headers=admin).json()["notice"]["retention"]["en"] == "18 months"
    public = tenant_client.get(f"/api/v1/notices/{side.tenant}/{side.register}").json()
    assert public["version"] == 2
    assert public["controller"]["business_id"]
    assert tenant_client.get(f"/api/v1/notices/{side.tenant}/{side.register}/versions/1").json()["version"] == 1
    audit = tenant_client.get(f"{PREFIX}{side.tenant}/audit", headers=admin).json()["items"]
    assert "register.update" in [e["action"] for e in audit]


def test_public_html_notice_in_three_languages(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    for lang, heading in (("fi", "Tietosuojaseloste"), ("sv", "Dataskyddsbeskrivning"), ("en", "Privacy notice")):
        page = tenant_client.get(f"/notices/{side.tenant}/{side.register}", params={"lang": lang})
        assert page.status_code == 200
        assert heading in page.text
        assert f"Asiakassuhteen hoito ({lang})" in page.text
        assert "Posti Oy" in page.text
    assert tenant_client.get(f"/notices/{side.tenant}/{side.register + 1}").status_code == 404
    assert tenant_client.get(f"/api/v1/notices/{side.tenant + 1}/{side.register}").status_code == 404


def test_public_notice_reveals_no_record_data(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    text = tenant_client.get(f"/api/v1/notices/{side.tenant}/{side.register}").text
    assert "Henkilö" not in text
    assert side.hetu not in text


@pytest.mark.parametrize(
    ("mutate", "status"),
    [
        (lambda b: b["notice"]["purpose"].pop("sv"), 400),  # a language missing
        (lambda b: b["fields"].append(dict(b["fields"][0])), 400),  # duplicate field name
        (lambda b: b["fields"][1].update(identifies="hetu"), 400),  # an e-mail field cannot index a hetu
        (lambda b: b["fields"][0].update(classification="secret"), 400),  # unknown classification
        (lambda b: b.update(extra=1), 400),  # unknown member
    ],
    ids=["missing-language", "duplicate-field", "mismatched-identifier", "unknown-classification", "unknown-member"],
)
def test_bad_register_definitions_are_refused(
    tenant_client: TestClient[AlustaApp], side: Side, mutate: object, status: int
) -> None:
    body = copy.deepcopy(register_body())
    mutate(body)  # type: ignore[operator]
    before = tenant_client.get(f"{PREFIX}{side.tenant}/registers", headers=as_identity(side.admin)).json()
    response = tenant_client.post(f"{PREFIX}{side.tenant}/registers", json=body, headers=as_identity(side.admin))
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    after = tenant_client.get(f"{PREFIX}{side.tenant}/registers", headers=as_identity(side.admin)).json()
    assert after == before


def test_notice_page_names_the_legal_basis_in_words(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    """Issue 14 point 8: Art. 6(1) and Art. 9(2) in the reader's language, never the code."""
    admin = as_identity(side.admin)
    body = register_body()
    body["notice"]["special_category_basis"] = "h"  # type: ignore[index]
    assert (
        tenant_client.put(f"{PREFIX}{side.tenant}/registers/{side.register}", json=body, headers=admin).status_code
        == 200
    )
    expected = {
        "fi": ("sopimuksen täytäntöönpano", "6 artiklan 1 kohdan b alakohta", "terveydenhuolto"),
        "sv": ("fullgörande av avtal", "artikel 6.1 b", "hälso- och sjukvård"),
        "en": ("performance of a contract", "Article 6(1)(b)", "Article 9(2)(h)"),
    }
    for lang, words in expected.items():
        page = tenant_client.get(f"/notices/{side.tenant}/{side.register}", params={"lang": lang}).text
        assert all(word in page for word in words), (lang, words)
        assert ": contract<" not in page


def test_automated_decisions_are_register_metadata(tenant_client: TestClient[AlustaApp], side: Side) -> None:
    """Issue 14 point 7: Art. 15(1)(h) comes from the notice, not a fixed sentence."""
    admin = as_identity(side.admin)
    page = tenant_client.get(f"/notices/{side.tenant}/{side.register}", params={"lang": "en"}).text
    assert "not used for automated decision-making" in page  # none declared
    body = register_body()
    body["notice"]["automated_decisions"] = {  # type: ignore[index]
        "fi": "Luottopäätös tehdään automaattisesti maksuhistorian perusteella.",
        "sv": "Kreditbeslut fattas automatiskt utifrån betalningshistoriken.",
        "en": "Credit decisions are made automatically from the payment history.",
    }
    assert (
        tenant_client.put(f"{PREFIX}{side.tenant}/registers/{side.register}", json=body, headers=admin).status_code
        == 200
    )
    page = tenant_client.get(f"/notices/{side.tenant}/{side.register}", params={"lang": "sv"}).text
    assert "Kreditbeslut fattas automatiskt" in page
    assert "Automatiserat beslutsfattande och profilering" in page
    public = tenant_client.get(f"/api/v1/notices/{side.tenant}/{side.register}").json()
    assert public["notice"]["automated_decisions"]["en"].startswith("Credit decisions")
