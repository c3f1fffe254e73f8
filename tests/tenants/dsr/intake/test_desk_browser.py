"""The support desk's console in a real browser over TLS, pages only (issue 13 point 2).

Eemeli, the demo's support-desk persona, logs in at the test IdP, opens the console from the
header, finds Järvilinja by its business ID, registers a phone request and reads back the
reference; Joni, Järvilinja's handler, finds it in the workspace. axe (fi, sv, en) and the Nu
Html Checker on every page; a console error fails.
"""

import re

import pytest
from playwright.sync_api import Browser, Page

from fixtures.browser import html_lang, log_in_at_test_idp, open_context, serious_violations
from fixtures.html_check import Documents
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REFERENCE = re.compile(r"ALU(?:-[0-9A-Z]{4}){3}-[0-9A-Z*~$=]")


def controller_sees_it(page: Page, site: str, reference: str) -> None:
    """Joni's dashboard lists it among those waiting for the controller to verify the requester."""
    page.goto(f"{site}/auth/login?next=%2Ft")
    log_in_at_test_idp(page, "joni")
    page.wait_for_url("**/t/*")
    assert reference in page.inner_text("main")
    assert "Odottaa henkilöllisyyden varmistamista" in page.inner_text("main")


def test_desk_registers_a_phone_request_that_the_controller_sees(demo_site: DemoServer, demo_browser: Browser) -> None:
    site = demo_site.url
    desk, staff = open_context(demo_browser), open_context(demo_browser)
    documents, found = Documents(), dict[str, list[str]]()
    page = desk.page
    documents.record(page, site)

    def check() -> None:
        serious = serious_violations(page)
        if serious:
            found[page.url.split("?", 1)[0]] = serious

    try:
        page.set_default_timeout(15_000)
        page.goto(f"{site}/auth/login?next=%2F")
        log_in_at_test_idp(page, "eemeli")
        page.wait_for_url(f"{site}/")
        page.get_by_role("banner").get_by_role("link", name="Asiakaspalvelu").click()
        page.wait_for_url(f"{site}/desk")
        assert html_lang(page) == "fi"
        check()
        page.get_by_label("Nimi tai Y-tunnus").fill("1618033-3")
        page.get_by_role("button", name="Hae", exact=True).click()
        check()
        page.get_by_role("link", name="Kirjaa pyyntö: Järvilinja Verkko Oy").click()
        check()
        page.get_by_role("button", name="Kirjaa ja välitä").click()  # nothing filled in: the summary
        assert page.locator(".error-summary").count() == 1
        check()
        page.get_by_label("Puhelin", exact=True).check()
        page.get_by_label("Tietojeni tarkastaminen").check()
        page.get_by_label("Miten rekisterinpitäjä tavoittaa henkilön").fill("soittaja@example.test")
        page.get_by_label("Pyyntö henkilön omin sanoin (vapaaehtoinen)").fill("Haluan tietää, mitä tietoja minusta on.")
        page.get_by_role("button", name="Kirjaa ja välitä").click()
        page.wait_for_url("**/desk/sent/ALU-*")
        references = REFERENCE.findall(page.inner_text("main"))
        assert len(references) == 1
        check()
        for lang in ("sv", "en"):
            page.goto(f"{site}/desk?lang={lang}")
            assert html_lang(page) == lang
            check()
            page.goto(f"{site}/desk/new?lang={lang}")
            check()
        controller_sees_it(staff.page, site, references[0])
        assert found == {}
        assert desk.errors == []
        documents.assert_valid()
    finally:
        desk.context.close()
        staff.context.close()
