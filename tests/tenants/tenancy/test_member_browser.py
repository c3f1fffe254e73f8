"""Staff and roles in a real browser over TLS, through the pages only (issue 12).

Wilma, Kuusikko's handler, logs in once (her verified name is stored). Anna, Kuusikko's admin,
opens the workspace from the header, goes to staff and roles, sees Wilma by name, invites the
demo persona Daniel by henkilötunnus as a viewer and changes his role to handler. Daniel logs in
(another browser) and has the workspace. The audit log page shows the changes (filtered by
action). axe-core checks the pages in Finnish, Swedish and English (nothing serious or
critical), a console error fails, and the Nu Html Checker validates every page.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from fixtures.browser import html_lang, log_in_at_test_idp, open_context, serious_violations
from fixtures.html_check import Documents
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DANIEL = "030516D9037"  # the demo persona "daniel" (alusta.auth.testidp.identities)
SCREENS = Path("/tmp/alusta-member-screens")


@dataclass
class Walk:
    page: Page
    documents: Documents = field(default_factory=Documents)
    found: dict[str, list[str]] = field(default_factory=dict)

    def check(self, shot: str | None = None) -> None:
        serious = serious_violations(self.page)
        if serious:
            self.found[self.page.url] = serious
        if shot:
            SCREENS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(SCREENS / f"{shot}.png"), full_page=True)


def log_in(page: Page, site: str, persona: str) -> None:
    page.goto(f"{site}/auth/login?next=%2F")
    log_in_at_test_idp(page, persona)
    page.wait_for_url(f"{site}/")


def invite_daniel_and_make_him_a_handler(anna: Walk, daniel: Page, site: str) -> None:
    page = anna.page
    page.get_by_role("banner").get_by_role("link", name="Työtila").click()
    page.wait_for_url("**/t/*")
    page.get_by_role("link", name="Henkilöstö ja roolit").click()
    page.wait_for_url("**/members")
    assert html_lang(page) == "fi"
    members = page.locator("main table").first.inner_text()
    assert "Wilma Tupla-Vee" in members
    assert "Anna-Liisa Sallinen" in members
    anna.check("members")
    # Invite Daniel as a viewer: the code goes in the POST body, never in the address.
    page.get_by_label("Henkilötunnus").fill(DANIEL)
    page.get_by_label("Katselija", exact=False).check()
    page.get_by_role("button", name="Kutsu", exact=True).click()
    page.wait_for_url("**/members?done=*")
    assert DANIEL not in page.url
    main = page.inner_text("main")
    assert "Daniel Dee" in main or "Ei vielä kirjautunut" in main  # a member now, or at his first login
    anna.check("members-invited")
    if "Daniel Dee" not in main:
        # Daniel has never logged in on this demo: he logs in, and the invitation becomes his role.
        log_in(daniel, site, "daniel")
        page.reload()
    row = page.locator("main table").first.locator("tr", has_text="Daniel Dee")
    assert "Katselija" in row.inner_text()
    row.get_by_role("link", name="Muuta roolia").click()
    page.wait_for_url("**/members/*")
    anna.check("member-change")
    page.get_by_label("Käsittelijä", exact=False).check()
    page.get_by_role("button", name="Tallenna rooli").click()
    page.wait_for_url("**/members?done=changed")
    assert "Rooli muutettiin." in page.inner_text("main")
    assert "Käsittelijä" in page.locator("main table").first.locator("tr", has_text="Daniel Dee").inner_text()
    # The last admin cannot be removed: a message on the page, not an error.
    page.get_by_role("link", name=re.compile(r"^Poista\s*:\s*Anna-Liisa Sallinen$")).click()
    page.wait_for_url("**/remove")
    anna.check("remove-confirm")
    page.get_by_role("button", name="Poista käyttäjistä").click()
    assert "vähintään yksi pääkäyttäjä" in page.inner_text("main")
    anna.check()


def audit_log_shows_the_changes(anna: Walk) -> None:
    page = anna.page
    page.get_by_role("link", name="Lokitiedot").click()
    page.wait_for_url("**/audit")
    assert "Kunnossa: tiivisteketju on ehjä." in page.inner_text("main")
    anna.check("audit")
    page.get_by_label("Toimenpide").select_option("tenant.member.put")
    page.get_by_role("button", name="Näytä merkinnät").click()
    page.wait_for_url("**/audit?*action=tenant.member.put*")
    entries = page.locator("main table").inner_text()
    assert "Käyttäjän rooli annettu tai muutettu" in entries
    assert "Anna-Liisa Sallinen" in entries
    assert "Tietoa luettu" not in entries
    anna.check("audit-filtered")
    with page.expect_download() as download:
        page.get_by_role("link", name="Vie nämä merkinnät CSV-tiedostona tarkastajalle").click()
    assert "tenant.member.put" in Path(download.value.path()).read_text(encoding="utf-8")


def test_admin_invites_a_member_changes_the_role_and_the_audit_log_shows_it(
    demo_site: DemoServer, demo_browser: Browser
) -> None:
    site = demo_site.url
    wilma, staff, daniel = open_context(demo_browser), open_context(demo_browser), open_context(demo_browser)
    try:
        log_in(wilma.page, site, "wilma")  # her verified name is stored at this login
        anna = Walk(staff.page)
        anna.documents.record(anna.page, site)
        log_in(anna.page, site, "anna")
        invite_daniel_and_make_him_a_handler(anna, daniel.page, site)
        # Daniel logs in and has the workspace in the header.
        log_in(daniel.page, site, "daniel")
        daniel.page.get_by_role("banner").get_by_role("link", name="Työtila").click()
        daniel.page.wait_for_url("**/t/*")
        assert "Hoivapalvelu Kuusikko Oy" in daniel.page.inner_text("main")
        audit_log_shows_the_changes(anna)
        # The same pages pass axe in Swedish and English.
        page = anna.page
        for lang, heading in (("sv", "Personal och roller"), ("en", "Staff and roles")):
            page.goto(page.url.split("/audit", 1)[0] + f"/members?lang={lang}")
            assert html_lang(page) == lang
            assert heading in page.inner_text("h1")
            anna.check(f"members-{lang}")
            page.goto(page.url.split("/members", 1)[0] + f"/audit?lang={lang}")
            anna.check(f"audit-{lang}")
        assert anna.found == {}
        assert staff.errors == []
        assert daniel.errors == []
        anna.documents.assert_valid()
    finally:
        for context in (wilma, staff, daniel):
            context.context.close()
