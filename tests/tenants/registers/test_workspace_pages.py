"""The workspace's registers and privacy-notice pages over HTTP, on SQLite and PostgreSQL (issue 12).

The list and one register's page (fields in words, versions), the notice editor: a missing
translation refuses with one message per section and stores nothing, a preview shows the public
page as it will read and what changes, publishing makes a new version whose public page shows
the new texts in fi, sv and en while the old version stays at its versioned URL. Other tenants'
staff, the desk, operators and subjects get the HTML 404 on every page and form; a handler reads
but gets 403 on the editor.
"""

from typing import Any

import msgspec
import pytest
from httpx import Response
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.auth.permissions import Role
from alusta.tenants.registers.notice_form import values_of
from alusta.tenants.registers.schemas import Notice
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, new_identity, notice_body, register_body

HTML = {"accept": "text/html"}
NEW_RETENTION = {
    "fi": "Tiedot poistetaan 24 kuukauden kuluttua asiakkuuden päättymisestä.",
    "sv": "Uppgifterna raderas 24 månader efter att kundrelationen upphört.",
    "en": "The data is deleted 24 months after the customer relationship ends.",
}

Client = TestClient[AlustaApp]


def get(client: Client, path: str, who: dict[str, str], **params: str) -> Response:
    return client.get(path, params=params or None, headers={**HTML, **who})


def post(client: Client, path: str, data: dict[str, str], who: dict[str, str]) -> Response:
    return client.post(path, data=data, headers={**HTML, **who}, follow_redirects=False)


def editor_form(**changes: str) -> dict[str, str]:
    """The editor's form as the GET shows it for version 1 of the fixtures' register, changed."""
    values = values_of(msgspec.convert(notice_body(), Notice))
    return {**values, "base_version": "1", "step": "check", **changes}


def with_new_retention(step: str = "check") -> dict[str, str]:
    return editor_form(**{f"retention-{lang}": text for lang, text in NEW_RETENTION.items()}, step=step)


def api_register(client: Client, side: Side) -> Any:
    response = client.get(f"{PREFIX}{side.tenant}/registers/{side.register}", headers=as_identity(side.admin))
    assert response.status_code == 200, response.text
    return response.json()


def notice_path(side: Side) -> str:
    return f"/t/{side.tenant}/registers/{side.register}/notice"


def test_list_shows_each_register_with_its_notice_and_earlier_versions(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, b = sides
    admin = as_identity(a.admin)
    page = get(tenant_client, f"/t/{a.tenant}/registers", admin, lang="en")
    assert page.status_code == 200, page.text
    assert "Registers and privacy notices" in page.text
    assert f'href="/t/{a.tenant}/registers/{a.register}"' in page.text
    assert f'href="/notices/{a.tenant}/{a.register}"' in page.text
    assert "Asiakasrekisteri (en)" in page.text
    assert "<dt>Fields</dt><dd>5</dd>" in page.text  # five fields
    assert f"/notices/{a.tenant}/{a.register}/versions/1" not in page.text  # no earlier version yet
    assert f"/registers/{b.register}" not in page.text
    body = register_body()
    body["notice"]["retention"] = NEW_RETENTION  # type: ignore[index]
    url = f"{PREFIX}{a.tenant}/registers/{a.register}"
    assert tenant_client.put(url, json=body, headers=admin).status_code == 200
    again = get(tenant_client, f"/t/{a.tenant}/registers", admin, lang="fi")
    assert f'href="/notices/{a.tenant}/{a.register}/versions/1"' in again.text
    assert "Asiakasrekisteri (fi)" in again.text
    assert "Rekisterit ja tietosuojaselosteet" in again.text


def test_register_page_shows_the_fields_class_in_words_and_the_versions(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    page = get(tenant_client, f"/t/{a.tenant}/registers/{a.register}", as_identity(a.admin), lang="en")
    assert page.status_code == 200, page.text
    text = page.text
    for words in (
        "Special category of data (Article 9)",
        "Non-disclosure data",
        "Ordinary personal data",
        "Yes: by personal identity code",
        "Yes: by e-mail address",
    ):
        assert words in text, words
    assert ">special_category<" not in text
    assert ">non_disclosure<" not in text
    assert f'href="/notices/{a.tenant}/{a.register}/versions/1"' in text
    assert f'href="{notice_path(a)}"' in text  # the admin may edit
    swedish = get(tenant_client, f"/t/{a.tenant}/registers/{a.register}", as_identity(a.admin), lang="sv")
    assert "Särskild kategori av personuppgifter (artikel 9)" in swedish.text


def test_editor_shows_the_three_languages_side_by_side_per_section(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    page = get(tenant_client, notice_path(a), as_identity(a.admin), lang="en")
    assert page.status_code == 200, page.text
    for lang in ("fi", "sv", "en"):
        assert f'id="retention-{lang}" name="retention-{lang}" lang="{lang}"' in page.text
        assert f"Asiakkuuden ajan ({lang})</textarea>" in page.text
    assert 'name="base_version" value="1"' in page.text
    assert 'id="legal_basis-2" name="legal_basis" value="contract" checked' in page.text
    assert 'value="Posti Oy"' in page.text


def test_a_missing_translation_is_one_message_per_section_and_nothing_is_stored(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    admin = as_identity(a.admin)
    form = with_new_retention()
    form.update({"retention-sv": "  ", "purpose-sv": "", "purpose-en": ""})
    for step in ("check", "publish"):
        refused = post(tenant_client, f"{notice_path(a)}?lang=en", {**form, "step": step}, admin)
        assert refused.status_code == 400, refused.text
        text = refused.text
        assert "Retention period: write the text in every language (missing: Swedish)." in text
        assert (
            "Purpose and legal basis of processing: write the text in every language (missing: Swedish, English)."
            in text
        )
        assert text.count("Purpose and legal basis of processing: write the text") == 2  # summary + section
        assert 'href="#retention-sv"' in text
        assert 'href="#purpose-sv"' in text
        assert NEW_RETENTION["fi"] in text  # the values are kept
        assert "What changes" not in text  # no preview
    finnish = post(tenant_client, f"{notice_path(a)}?lang=fi", form, admin)
    assert finnish.status_code == 400
    assert "Säilytysaika: kirjoita teksti kaikilla kielillä (puuttuu: ruotsi)." in finnish.text
    stored = api_register(tenant_client, a)
    assert stored["current_version"] == 1
    assert stored["notice"]["retention"]["fi"] == "Asiakkuuden ajan (fi)"


def test_preview_then_publish_makes_a_new_version_and_the_old_one_stays(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    admin = as_identity(a.admin)
    preview = post(tenant_client, f"{notice_path(a)}?lang=en", with_new_retention(), admin)
    assert preview.status_code == 200, preview.text
    assert "What changes" in preview.text
    assert "<li>Retention period (Finnish, Swedish, English)</li>" in preview.text
    for lang, text in NEW_RETENTION.items():
        assert text in preview.text
        assert f'lang="{lang}"' in preview.text
    assert "Lagringstid" in preview.text  # the Swedish preview has the Swedish section titles
    assert "Publish version 2" in preview.text
    assert api_register(tenant_client, a)["current_version"] == 1  # a preview stores nothing

    published = post(tenant_client, notice_path(a), with_new_retention("publish"), admin)
    assert published.status_code == 303, published.text
    assert published.headers["location"] == f"/t/{a.tenant}/registers/{a.register}?published=2"
    stored = api_register(tenant_client, a)
    assert stored["current_version"] == 2
    assert stored["notice"]["retention"] == NEW_RETENTION
    assert stored["notice"]["recipients"] == notice_body()["recipients"]
    assert len(stored["fields"]) == 5  # the fields stay as they were
    said = get(tenant_client, f"/t/{a.tenant}/registers/{a.register}", admin, published="2", lang="en")
    assert "Version 2 of the privacy notice is published." in said.text
    for lang, text in NEW_RETENTION.items():
        public = tenant_client.get(f"/notices/{a.tenant}/{a.register}", params={"lang": lang})
        assert public.status_code == 200
        assert text in public.text
    old = tenant_client.get(f"/notices/{a.tenant}/{a.register}/versions/1", params={"lang": "en"})
    assert old.status_code == 200
    assert "Asiakkuuden ajan (en)" in old.text
    assert "This is an earlier version of the notice." in old.text
    audit = tenant_client.get(f"{PREFIX}{a.tenant}/audit", headers=admin).json()["items"]
    assert [e["action"] for e in audit].count("register.update") == 1

    # The same form again was based on version 1: someone (here: we) published meanwhile.
    stale = post(tenant_client, f"{notice_path(a)}?lang=en", with_new_retention("publish"), admin)
    assert stale.status_code == 409
    assert "Someone published version 2 of the notice meanwhile." in stale.text
    unchanged = post(tenant_client, f"{notice_path(a)}?lang=en", {**with_new_retention(), "base_version": "2"}, admin)
    assert unchanged.status_code == 400
    assert "Nothing has changed from version 2" in unchanged.text
    assert api_register(tenant_client, a)["current_version"] == 2


def test_recipients_are_added_and_removed_by_rows(tenant_client: Client, sides: tuple[Side, Side]) -> None:
    a, _ = sides
    admin = as_identity(a.admin)
    begun = editor_form(**{"recipient-1-name": "Perintä Oy", "recipient-1-fi": "Perintä"})
    refused = post(tenant_client, f"{notice_path(a)}?lang=en", begun, admin)
    assert refused.status_code == 400
    assert "Recipient 2: write the text in every language (missing: Swedish, English)." in refused.text
    rows = editor_form(
        **{"recipient-0-name": "", "recipient-0-fi": "", "recipient-0-sv": "", "recipient-0-en": ""},
        **{"recipient-1-name": "Perintä Oy", "recipient-1-fi": "Perintä", "recipient-1-sv": "Indrivning"},
        **{"recipient-1-en": "Debt collection", "step": "publish"},
    )
    assert post(tenant_client, notice_path(a), rows, admin).status_code == 303
    recipients = api_register(tenant_client, a)["notice"]["recipients"]
    assert recipients == [
        {"name": "Perintä Oy", "purpose": {"fi": "Perintä", "sv": "Indrivning", "en": "Debt collection"}}
    ]


def test_a_handler_reads_the_registers_but_gets_403_on_the_editor(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    handler = new_identity()
    member: dict[str, Any] = {"role": "tenant_handler", "registers": None, "explicit": []}
    granted = tenant_client.put(f"{PREFIX}{a.tenant}/members/{handler}", json=member, headers=as_identity(a.admin))
    assert granted.status_code == 200, granted.text
    who = as_identity(handler)
    assert get(tenant_client, f"/t/{a.tenant}/registers", who).status_code == 200
    page = get(tenant_client, f"/t/{a.tenant}/registers/{a.register}", who)
    assert page.status_code == 200
    assert notice_path(a) not in page.text  # no edit link
    assert get(tenant_client, notice_path(a), who).status_code == 403
    refused = post(tenant_client, notice_path(a), with_new_retention("publish"), who)
    assert refused.status_code == 403
    assert "text/html" in refused.headers["content-type"]
    assert api_register(tenant_client, a)["current_version"] == 1


def test_a_member_limited_to_another_register_gets_the_404_for_this_one(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    other = tenant_client.post(
        f"{PREFIX}{a.tenant}/registers", json=register_body("Toinen rekisteri"), headers=as_identity(a.admin)
    )
    assert other.status_code == 201, other.text
    limited = new_identity()
    member = {"role": "tenant_viewer", "registers": [other.json()["id"]], "explicit": []}
    assert (
        tenant_client.put(
            f"{PREFIX}{a.tenant}/members/{limited}", json=member, headers=as_identity(a.admin)
        ).status_code
        == 200
    )
    who = as_identity(limited)
    listing = get(tenant_client, f"/t/{a.tenant}/registers", who, lang="en")
    assert "Toinen rekisteri (en)" in listing.text
    assert f"/registers/{a.register}" not in listing.text
    assert get(tenant_client, f"/t/{a.tenant}/registers/{a.register}", who).status_code == 404


@pytest.mark.parametrize("who", ["other_tenant", "desk", "operator", "subject"])
def test_other_callers_get_the_html_404_on_every_register_page_and_form(
    tenant_client: Client, sides: tuple[Side, Side], who: str
) -> None:
    a, b = sides
    headers = {
        "other_tenant": as_identity(b.admin),
        "desk": as_identity(new_identity(), Role.SUPPORT_DESK),
        "operator": as_identity(new_identity(), Role.OPERATOR),
        "subject": as_identity(new_identity()),
    }[who]
    pages = [f"/t/{a.tenant}/registers", f"/t/{a.tenant}/registers/{a.register}", notice_path(a)]
    for page in pages:
        response = get(tenant_client, page, headers)
        assert response.status_code == 404, (page, response.status_code)
        assert "text/html" in response.headers["content-type"]
    for step in ("check", "publish"):
        response = post(tenant_client, notice_path(a), with_new_retention(step), headers)
        assert response.status_code == 404, (step, response.status_code)
        assert "text/html" in response.headers["content-type"]
    assert api_register(tenant_client, a)["current_version"] == 1


def test_another_tenants_register_is_not_found_in_ones_own_workspace(
    tenant_client: Client, sides: tuple[Side, Side]
) -> None:
    a, b = sides
    admin = as_identity(a.admin)
    for path in (f"/t/{a.tenant}/registers/{b.register}", f"/t/{a.tenant}/registers/{b.register}/notice"):
        assert get(tenant_client, path, admin).status_code == 404, path
    response = post(tenant_client, f"/t/{a.tenant}/registers/{b.register}/notice", with_new_retention("publish"), admin)
    assert response.status_code == 404
    stored = tenant_client.get(f"{PREFIX}{b.tenant}/registers/{b.register}", headers=as_identity(b.admin)).json()
    assert stored["current_version"] == 1
