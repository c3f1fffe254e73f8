"""The controller's workspace in a real browser over TLS, through the pages only (issue 12).

Yrjö files an access request to Järvilinja in the portal. Joni, Järvilinja's handler, opens the
workspace from the header, finds the request by its reference, acknowledges it, compiles the
answer and adds Yrjö's customer record found by e-mail search (the register keys on e-mail and
customer number, not on henkilötunnus), previews it, redacts the phone number and releases it;
Yrjö downloads the ZIP and finds his record with the phone redacted. A second walk previews an
extension letter and a refusal in Swedish and English. axe-core checks every page (nothing
serious or critical), a console error fails, and the Nu Html Checker validates every page.
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page

from fixtures.browser import html_lang, log_in_at_test_idp, open_context, serious_violations
from fixtures.html_check import Documents
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]

JARVILINJA = "Järvilinja Verkko Oy"  # demo tenant (alusta.demo_seed); Joni handles its requests
KUUSIKKO = "Hoivapalvelu Kuusikko Oy"  # Wilma handles its requests
REFERENCE = re.compile(r"ALU(?:-[0-9A-Z]{4}){3}-[0-9A-Z*~$=]")


@dataclass
class Walk:
    page: Page
    documents: Documents = field(default_factory=Documents)
    found: dict[str, list[str]] = field(default_factory=dict)

    def check(self) -> None:
        serious = serious_violations(self.page)
        if serious:
            self.found[self.page.url.split("?", 1)[0]] = serious


def file_access_request(
    page: Page, site: str, persona: str, *, button: str = "Jatka", controller: str = JARVILINJA, right: str = "#right"
) -> str:
    """The subject files a request (by default access, to Järvilinja) in the wizard; its reference."""
    page.goto(f"{site}/auth/login?next=%2Frequests%2Fnew")
    log_in_at_test_idp(page, persona)
    page.wait_for_url(f"{site}/requests/new")
    page.get_by_label(controller).check()
    page.get_by_role("button", name=button).click()
    page.locator(right).check()  # "#right": the first right, access
    page.get_by_role("button", name=button).click()
    page.get_by_role("button", name=button).click()
    page.locator("form[action='/requests/new/submit'] button[type=submit]").click()
    page.wait_for_url("**/requests/new/sent?**")
    references = REFERENCE.findall(page.inner_text("main"))
    assert len(references) == 1
    return str(references[0])


def staff_login(walk: Walk, site: str, persona: str) -> None:
    walk.page.goto(f"{site}/auth/login?next=%2F")
    log_in_at_test_idp(walk.page, persona)
    walk.page.wait_for_url(f"{site}/")


def wait_for_the_bundle(page: Page, button: str) -> None:
    """The compile runs after the response: follow "Check again" until the preview is there."""
    for _ in range(50):
        if page.get_by_role("button", name=button).count():
            return
        page.get_by_role("link", name="Tarkista uudelleen").click()
        page.wait_for_load_state()
    raise AssertionError("the bundle was not compiled")


def find_and_acknowledge(joni: Walk, reference: str) -> None:
    """From the header to the dashboard, the request found by its reference, acknowledged."""
    page = joni.page
    page.get_by_role("banner").get_by_role("link", name="Työtila").click()
    page.wait_for_url("**/t/*")
    assert html_lang(page) == "fi"
    assert JARVILINJA in page.inner_text("main")
    joni.check()
    page.get_by_label("Etsi pyyntö").fill(reference.lower())
    page.get_by_role("button", name="Hae", exact=True).click()
    assert "1 pyyntö löytyi" in page.inner_text("main")
    joni.check()
    page.get_by_role("link", name=reference).click()
    page.wait_for_url("**/requests/*")
    assert "Uusi, kuittaamatta" in page.inner_text("main")
    assert "010594Y9032" not in page.inner_text("main")  # identifiers hidden until revealed
    joni.check()
    page.get_by_role("button", name="Kuittaa vastaanotetuksi").click()
    assert "Kuitattu" in page.inner_text("main")


def compile_with_a_record_found_by_email(joni: Walk) -> None:
    page = joni.page
    page.get_by_role("link", name="Koosta vastaus").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Koosta vastaus"
    joni.check()
    page.get_by_label("Hae", exact=True).select_option("email")
    page.get_by_label("Tunniste", exact=True).fill("yrjo@example.test")
    page.get_by_role("button", name="Hae rekistereistä").click()
    assert page.get_by_role("checkbox", name=re.compile("Yrjö Ypsilon")).is_checked()
    joni.check()
    page.get_by_role("button", name="Koosta vastaus").click()
    wait_for_the_bundle(page, "Peitä valitut kentät")


def redact_the_phone_and_release(joni: Walk) -> None:
    page = joni.page
    preview = page.inner_text("main")
    assert "Saatekirje" in preview
    assert "Yrjö Ypsilon" in preview
    assert "+358409000001" in preview
    joni.check()
    page.get_by_label("Peitä phone").check()
    page.get_by_role("button", name="Peitä valitut kentät").click()
    wait_for_the_bundle(page, "Luovuta rekisteröidylle")
    assert "+358409000001" not in page.inner_text("main")
    assert page.get_by_label("Peitä phone").is_checked()
    page.get_by_role("button", name="Luovuta rekisteröidylle").click()
    page.wait_for_url("**/requests/*#answers")
    assert "Vastattu" in page.inner_text("main")
    joni.check()


def test_handler_answers_an_access_request_with_a_record_found_by_email(
    demo_site: DemoServer, demo_browser: Browser
) -> None:
    site = demo_site.url
    subject, staff = open_context(demo_browser), open_context(demo_browser)
    try:
        reference = file_access_request(subject.page, site, "yrjo")
        joni = Walk(staff.page)
        joni.documents.record(joni.page, site)
        joni.page.set_default_timeout(15_000)
        staff_login(joni, site, "joni")
        find_and_acknowledge(joni, reference)
        compile_with_a_record_found_by_email(joni)
        redact_the_phone_and_release(joni)
        subject_downloads_and_finds_the_record(subject.page, site, reference)
        assert joni.found == {}
        assert staff.errors == []
        assert subject.errors == []
        joni.documents.assert_valid()
    finally:
        staff.context.close()
        subject.context.close()


def subject_downloads_and_finds_the_record(mine: Page, site: str, reference: str) -> None:
    """Yrjö's ZIP holds the record Joni added, with the phone number redacted."""
    mine.goto(f"{site}/requests/{reference}")
    assert "Vastattu" in mine.inner_text("main")
    with mine.expect_download() as download:
        mine.get_by_role("link", name="Lataa tietosi (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    rows = [
        row
        for name in archive.namelist()
        if name.startswith("registers/") and name.endswith(".json")
        for row in json.loads(archive.read(name))
    ]
    assert [(row["name"], row["email"], row["phone"]) for row in rows] == [
        ("Yrjö Ypsilon", "yrjo@example.test", "[redacted]")
    ]


def test_handler_answers_an_erasure_keeping_a_record_under_article_17_3(
    demo_site: DemoServer, demo_browser: Browser
) -> None:
    """Veikko asks Kuusikko to erase his data; Wilma keeps his client record (Article 17(3)(b))."""
    site = demo_site.url
    subject, staff = open_context(demo_browser), open_context(demo_browser)
    try:
        reference = file_access_request(subject.page, site, "veikko", controller=KUUSIKKO, right="#right-3")
        wilma = Walk(staff.page)
        wilma.documents.record(wilma.page, site)
        page = wilma.page
        page.set_default_timeout(15_000)
        staff_login(wilma, site, "wilma")
        page.goto(f"{site}/t")
        page.get_by_role("link", name=reference).first.click()
        page.get_by_role("link", name="Vastaa pyyntöön").click()
        assert "Veikko Vee" in page.inner_text("main")  # his record, found by his henkilötunnus
        wilma.check()
        page.get_by_label("Säilytä tämän rekisterin tietueet (17 artiklan 3 kohta)").check()
        page.get_by_label("Peruste").select_option("b")
        page.get_by_label("Selitys rekisteröidylle").fill(
            "Asiakasasiakirjalaki 254/2015: kotihoidon asiakirjat säilytetään 12 vuotta palvelun päättymisestä."
        )
        page.get_by_role("button", name="Esikatsele muutokset ja kirje").click()
        assert "1 tietue säilytetään." in page.inner_text("main")
        letter = page.locator(".letter").inner_text()
        assert "Asiakasasiakirjalaki 254/2015" in letter
        assert "tietosuojavaltuutetu" in letter.lower()  # the right to complain (Art. 12(4))
        wilma.check()
        page.get_by_role("button", name="Vahvista ja lähetä kirje").click()
        page.wait_for_url("**/requests/*#answers")
        assert "Hylätty" in page.inner_text("main")  # everything kept: a refusal with its ground
        subject.page.goto(f"{site}/requests/{reference}")
        assert "Asiakasasiakirjalaki 254/2015" in subject.page.inner_text("main")
        assert wilma.found == {}
        assert staff.errors == []
        assert subject.errors == []
        wilma.documents.assert_valid()
    finally:
        staff.context.close()
        subject.context.close()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", {"continue": "Fortsätt", "extend": "Förläng tidsfristen", "preview": "Förhandsgranska brevet"}),
        ("en", {"continue": "Continue", "extend": "Extend the deadline", "preview": "Preview the letter"}),
    ],
)
def test_letters_are_previewed_and_the_pages_pass_axe_in_swedish_and_english(
    demo_site: DemoServer, demo_browser: Browser, lang: str, words: dict[str, str]
) -> None:
    site = demo_site.url
    subject = open_context(demo_browser)
    staff = open_context(demo_browser)
    try:
        subject.page.goto(f"{site}/?lang={lang}")
        reference = file_access_request(subject.page, site, "xenia", button=words["continue"])
        joni = Walk(staff.page)
        joni.documents.record(joni.page, site)
        page = joni.page
        page.goto(f"{site}/?lang={lang}")
        staff_login(joni, site, "joni")
        page.goto(f"{site}/t")
        page.wait_for_url("**/t/*")
        assert html_lang(page) == lang
        joni.check()
        page.get_by_role("link", name=reference).first.click()
        joni.check()
        page.get_by_role("link", name=words["extend"]).click()
        joni.check()
        page.locator("#months-2").check()
        page.locator("#reason").fill("Xenia asked about six years of invoices across two systems.")
        page.get_by_role("button", name=words["preview"]).click()
        letter = page.locator(".letter").inner_text()
        assert reference in letter
        assert "six years of invoices" in letter
        joni.check()
        base = page.url.split("/extend", 1)[0]
        page.goto(f"{base}/refuse")
        page.get_by_role("button", name=words["preview"]).click()  # nothing filled in: the summary
        assert page.locator(".error-summary").count() == 1
        joni.check()
        page.goto(f"{base}/compile")
        joni.check()
        assert joni.found == {}
        assert staff.errors == []
        assert subject.errors == []
        joni.documents.assert_valid()
    finally:
        staff.context.close()
        subject.context.close()
