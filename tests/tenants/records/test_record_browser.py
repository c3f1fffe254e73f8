"""The records pages in a real browser over TLS (issue 12, "Records").

Tessa, Järvilinja's admin, opens the workspace from the header, goes to the records, searches
by Xenia's e-mail address (a POST: the address is in no URL), opens Xenia's record (the secret
phone number masked, with the reason), then adds a record for a new synthetic customer, changes
it and deletes it after the confirmation page. The demo's own records are only read. axe-core
checks every page in Finnish, Swedish and English (nothing serious or critical), a console
error fails, and the Nu Html Checker validates every page.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page

from fixtures.browser import html_lang, log_in_at_test_idp, open_context, serious_violations
from fixtures.html_check import Documents
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]

JARVILINJA = "Järvilinja Verkko Oy"  # demo tenant (alusta.demo_seed); Tessa is its admin
XENIA = "xenia@example.test"
NEW_CUSTOMER = "JV-1099"  # a synthetic customer made and deleted by this test only
SHOTS: Path | None = None  # a folder to keep a screenshot of each page in, while developing


@dataclass
class Walk:
    page: Page
    documents: Documents = field(default_factory=Documents)
    found: dict[str, list[str]] = field(default_factory=dict)

    def check(self, name: str) -> None:
        serious = serious_violations(self.page)
        if serious:
            self.found[f"{name} {self.page.url.split('?', 1)[0]}"] = serious
        if SHOTS is not None:
            self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def tessa_logs_in(walk: Walk, site: str) -> None:
    walk.page.goto(f"{site}/auth/login?next=%2F")
    log_in_at_test_idp(walk.page, "tessa")
    walk.page.wait_for_url(f"{site}/")


def search_and_open_xenia(walk: Walk, words: dict[str, str]) -> None:
    page = walk.page
    page.get_by_label(words["search_by"], exact=True).select_option("email")
    page.get_by_label(words["identifier"], exact=True).fill(XENIA)
    page.get_by_role("button", name=words["search"], exact=True).click()
    page.wait_for_load_state()
    assert XENIA not in page.url
    results = page.get_by_role("table")
    assert "Xenia Äksä" in results.inner_text()
    links = page.eval_on_selector_all("a[href], form[action]", "els => els.map(e => e.href || e.action)")
    assert not [link for link in links if "xenia" in link.lower()]  # the address is in no link
    walk.check(f"search-{words['lang']}")
    page.get_by_role("link", name=re.compile("Xenia Äksä")).click()
    page.wait_for_url("**/records/*")
    main = page.inner_text("main")
    assert "JV-1002" in main
    assert words["masked"] in main  # the secret phone number, with the reason in words
    assert "+358409000002" not in main
    walk.check(f"record-{words['lang']}")


FI = {
    "lang": "fi",
    "records": "Tietueet",
    "search_by": "Hae",
    "identifier": "Tunniste",
    "search": "Hae",
    "masked": "peitetty: luovutuskielto",
}


def from_the_header_to_the_records(tessa: Walk) -> None:
    page = tessa.page
    page.get_by_role("banner").get_by_role("link", name="Työtila").click()
    page.wait_for_url("**/t/*")
    page.get_by_role("navigation", name=re.compile(JARVILINJA)).get_by_role("link", name="Tietueet").click()
    page.wait_for_url("**/records")
    assert html_lang(page) == "fi"
    assert page.get_by_role("heading", level=1).inner_text() == "Tietueet"
    tessa.check("index-fi")


def add_a_customer(tessa: Walk) -> None:
    page = tessa.page
    page.get_by_role("link", name="Lisää tietue").click()
    tessa.check("form-fi")
    page.get_by_role("button", name="Tallenna tietue").click()  # nothing filled in: the summary
    assert page.locator(".error-summary").count() == 1
    assert "customer_number: Täytä tämä kenttä: se on pakollinen." in page.inner_text("main")
    tessa.check("form-errors-fi")
    page.locator("#v_customer_number").fill(NEW_CUSTOMER.lower())
    page.locator("#v_name").fill("Uuno Uusiasiakas")
    page.locator("#v_email").fill("uuno.uusiasiakas@example.test")
    page.get_by_role("button", name="Tallenna tietue").click()
    page.wait_for_url("**/records/*?done=created")
    main = page.inner_text("main")
    assert "Tietue tallennettiin." in main
    assert NEW_CUSTOMER in main  # stored in its canonical form
    tessa.check("record-new-fi")


def change_and_delete_it(tessa: Walk) -> None:
    page = tessa.page
    page.get_by_role("link", name="Muuta tietuetta").click()
    assert page.locator("#v_name").input_value() == "Uuno Uusiasiakas"
    tessa.check("edit-fi")
    page.locator("#v_name").fill("Uuno Muutettu")
    page.locator("#v_phone").fill("040 900 1099")
    page.get_by_role("button", name="Tallenna muutokset").click()
    page.wait_for_url("**/records/*?done=updated")
    main = page.inner_text("main")
    assert "Uuno Muutettu" in main
    assert "+358409001099" in main
    page.get_by_role("link", name="Poista tietue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Poistetaanko tietue?"
    tessa.check("delete-fi")
    page.get_by_role("button", name="Poista tietue").click()
    page.wait_for_url("**/records/registers/*?done=deleted")
    main = page.inner_text("main")
    assert "Tietue poistettiin." in main
    assert NEW_CUSTOMER not in main
    assert "Xenia Äksä" in main  # the demo's own records untouched


def import_a_file_with_a_bad_row(tessa: Walk) -> None:
    """All or nothing: the good row is not imported either, and the report names the bad one."""
    page = tessa.page
    page.get_by_role("link", name="Tuo tiedostosta").click()
    tessa.check("import-fi")
    rows = b"customer_number,name,email\nJV-1098,Iida Import,iida@example.test\nJV-1097,Ville Virhe,not-an-address\n"
    page.locator("#file").set_input_files(files=FilePayload(name="asiakkaat.csv", mimeType="text/csv", buffer=rows))
    page.get_by_role("button", name="Tuo tiedosto").click()
    main = page.inner_text("main")
    assert "Mitään ei tuotu" in main
    assert re.search(r"2\s+email\s+Anna sähköpostiosoite", main)
    tessa.check("import-report-fi")
    page.get_by_role("link", name=re.compile("Takaisin rekisteriin")).click()
    assert "JV-1098" not in page.inner_text("main")


def test_admin_searches_opens_and_adds_changes_and_deletes_a_record(
    demo_site: DemoServer, demo_browser: Browser
) -> None:
    site = demo_site.url
    staff = open_context(demo_browser)
    try:
        tessa = Walk(staff.page)
        tessa.documents.record(tessa.page, site)
        page = tessa.page
        page.set_default_timeout(15_000)
        tessa_logs_in(tessa, site)
        from_the_header_to_the_records(tessa)
        search_and_open_xenia(tessa, FI)
        page.get_by_role("link", name=re.compile("Takaisin rekisteriin")).click()
        assert "Yrjö Ypsilon" in page.inner_text("main")
        tessa.check("browse-fi")
        add_a_customer(tessa)
        change_and_delete_it(tessa)
        import_a_file_with_a_bad_row(tessa)
        assert tessa.found == {}
        assert staff.errors == []
        tessa.documents.assert_valid()
    finally:
        staff.context.close()


@pytest.mark.parametrize(
    "words",
    [
        {
            "lang": "sv",
            "records": "Poster",
            "search_by": "Sök med",
            "identifier": "Identifierare",
            "search": "Sök",
            "masked": "maskerad: utlämningsförbud",
            "add": "Lägg till en post",
            "save": "Spara posten",
            "import": "Importera från en fil",
        },
        {
            "lang": "en",
            "records": "Records",
            "search_by": "Search by",
            "identifier": "Identifier",
            "search": "Search",
            "masked": "masked: non-disclosure",
            "add": "Add a record",
            "save": "Save the record",
            "import": "Import from a file",
        },
    ],
    ids=["sv", "en"],
)
def test_records_pages_pass_axe_in_swedish_and_english(
    demo_site: DemoServer, demo_browser: Browser, words: dict[str, str]
) -> None:
    site = demo_site.url
    staff = open_context(demo_browser)
    lang = words["lang"]
    try:
        tessa = Walk(staff.page)
        tessa.documents.record(tessa.page, site)
        page = tessa.page
        page.set_default_timeout(15_000)
        page.goto(f"{site}/?lang={lang}")
        tessa_logs_in(tessa, site)
        page.goto(f"{site}/t")
        page.wait_for_url("**/t/*")
        page.get_by_role("link", name=words["records"], exact=True).click()
        page.wait_for_url("**/records")
        assert html_lang(page) == lang
        tessa.check(f"index-{lang}")
        search_and_open_xenia(tessa, words)
        base = page.url.rsplit("/records/", 1)[0]
        page.goto(f"{page.url.split('?', 1)[0]}/delete")  # the confirmation only: nothing is deleted
        tessa.check(f"delete-{lang}")
        page.goto(f"{base}/records")
        page.get_by_role("link", name=re.compile(r"Kundregister|Customer register")).click()
        browse = page.url
        tessa.check(f"browse-{lang}")
        page.get_by_role("link", name=words["add"]).click()
        tessa.check(f"form-{lang}")
        page.get_by_role("button", name=words["save"]).click()  # refused: nothing is stored
        assert page.locator(".error-summary").count() == 1
        tessa.check(f"form-errors-{lang}")
        page.goto(browse)
        page.get_by_role("link", name=words["import"]).click()
        tessa.check(f"import-{lang}")
        assert tessa.found == {}
        assert staff.errors == []
        tessa.documents.assert_valid()
    finally:
        staff.context.close()
