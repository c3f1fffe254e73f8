"""Screenshots of the main pages in Finnish into docs/screens/ (run by scripts/screens).

Starts ``alusta serve --demo`` in a scratch directory over TLS, opens Debian's chromium with the
demo's server key pinned, and writes one desktop (1280 px) and one narrow (320 px) PNG per page.
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.browser import CHROMIUM, CHROMIUM_FLAGS, spki_pin  # noqa: E402
from fixtures.live_server import run_demo  # noqa: E402

OUT = ROOT / "docs" / "screens"
PAGES = [
    ("front", "/"),
    ("directory", "/controllers"),
    ("directory-search", "/controllers?q=kuusikko"),
    ("accessibility", "/accessibility"),
    ("privacy", "/privacy"),
    ("not-found", "/no-such-page"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, run_demo(Path(scratch)) as site, sync_playwright() as pw:
        pin = spki_pin(site.server_cert)
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, f"--ignore-certificate-errors-spki-list={pin}"]
        )
        page = browser.new_page(locale="fi-FI")
        page.goto(f"{site.url}/controllers?q=kuusikko&lang=fi")
        notice = page.locator("main section a").first.get_attribute("href")
        shots = [*PAGES, ("notice", notice or "/")]
        for width, suffix in ((1280, ""), (320, "-320")):
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in shots:
                page.goto(f"{site.url}{path}")
                _shot(page, f"{name}{suffix}")
        _request_journey(page, site.url)
        staff = browser.new_page(locale="fi-FI")
        _workspace_journey(staff, site.url)
        admin = browser.new_page(locale="fi-FI")
        _admin_pages(admin, site.url)
        desk = browser.new_page(locale="fi-FI")
        _desk_pages(desk, site.url)
        browser.close()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print(OUT / f"{name}.png")


def _request_journey(page: Page, url: str) -> None:
    """The subject's pages: logged in as the demo persona Ulla, one request through the wizard."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/auth/login?next=%2Frequests")
    page.locator('button[name="choice"][value^="ulla|"][value$="loa3"]').click()
    page.wait_for_url(f"{url}/requests")
    page.goto(f"{url}/requests/new")
    page.get_by_label("Hoivapalvelu Kuusikko Oy").check()
    _shot(page, "request-1-controllers")
    page.get_by_role("button", name="Jatka").click()
    page.get_by_label("Tietojeni tarkastaminen").check()
    _shot(page, "request-2-right")
    page.get_by_role("button", name="Jatka").click()
    page.get_by_label("Alkaen").fill("2025-01-01")
    page.get_by_label("Viesti rekisterinpitäjälle (valinnainen)").fill("Pyydän kaikki tietoni.")
    _shot(page, "request-3-details")
    page.get_by_role("button", name="Jatka").click()
    _shot(page, "request-4-check")
    page.get_by_role("button", name="Lähetä pyyntö").click()
    page.wait_for_url("**/requests/new/sent?**")
    _shot(page, "request-5-sent")
    page.get_by_role("main").get_by_role("link").first.click()
    page.wait_for_url("**/requests/ALU-*")
    _shot(page, "request-detail")
    page.goto(f"{url}/requests")
    _shot(page, "my-requests")
    page.set_viewport_size({"width": 320, "height": 900})
    _shot(page, "my-requests-320")


def _workspace_journey(page: Page, url: str) -> None:
    """The controller's pages: Wilma, Kuusikko's handler, answers Ulla's access request."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/auth/login?next=%2Ft")
    page.locator('button[name="choice"][value^="wilma|"][value$="loa3"]').click()
    page.wait_for_url("**/t/*")
    _shot(page, "workspace-dashboard")
    page.locator("main table a").first.click()
    page.wait_for_url("**/requests/*")
    request_page = page.url
    _shot(page, "workspace-request")
    page.goto(f"{request_page}/extend")
    page.locator("#months").check()
    page.locator("#reason").fill("Pyyntö koskee usean vuoden kotihoidon asiakirjoja kahdessa järjestelmässä.")
    page.get_by_role("button", name="Esikatsele kirjettä").click()
    _shot(page, "workspace-extend-preview")
    page.goto(f"{request_page}/compile")
    _shot(page, "workspace-compile")
    page.get_by_role("button", name="Koosta vastaus").click()
    for _ in range(50):
        if page.get_by_role("button", name="Luovuta rekisteröidylle").count():
            break
        page.get_by_role("link", name="Tarkista uudelleen").click()
    _shot(page, "workspace-answer")
    page.set_viewport_size({"width": 320, "height": 900})
    _shot(page, "workspace-answer-320")
    page.goto(request_page)
    _shot(page, "workspace-request-320")


def _admin_pages(page: Page, url: str) -> None:
    """The admin's sections: Anna, Kuusikko's admin (retention needs the admin's permission)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/auth/login?next=%2Ft")
    page.locator('button[name="choice"][value^="anna|"][value$="loa3"]').click()
    page.wait_for_url("**/t/*")
    workspace = page.url
    page.goto(f"{workspace}/retention")
    page.locator("main form input[name=months]").first.fill("18")
    page.get_by_role("button", name="Tarkista sääntö").first.click()
    _shot(page, "workspace-retention-check")
    page.goto(f"{workspace}/registers")
    _shot(page, "workspace-registers")
    page.locator("main a[href*='/registers/']").first.click()
    _shot(page, "workspace-register")
    page.get_by_role("link", name="Muokkaa tietosuojaselostetta").click()
    _shot(page, "workspace-notice-editor")
    page.goto(f"{workspace}/records")
    _shot(page, "workspace-records")
    page.locator("main a[href*='/records/']").first.click()
    _shot(page, "workspace-records-browse")
    page.goto(f"{workspace}/members")
    _shot(page, "workspace-members")
    page.goto(f"{workspace}/audit")
    _shot(page, "workspace-audit")
    page.set_viewport_size({"width": 320, "height": 900})
    _shot(page, "workspace-audit-320")


def _desk_pages(page: Page, url: str) -> None:
    """The processor's support desk: Eemeli registers a phone request."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/auth/login?next=%2Fdesk")
    page.locator('button[name="choice"][value^="eemeli|"][value$="loa3"]').click()
    page.wait_for_url(f"{url}/desk")
    page.get_by_label("Nimi tai Y-tunnus").fill("Kuusikko")
    page.get_by_role("button", name="Hae", exact=True).click()
    _shot(page, "desk-home")
    page.get_by_role("link", name="Kirjaa pyyntö: Hoivapalvelu Kuusikko Oy").click()
    page.get_by_label("Puhelin", exact=True).check()
    page.get_by_label("Tietojeni tarkastaminen").check()
    page.get_by_label("Miten rekisterinpitäjä tavoittaa henkilön").fill("soittaja@example.test")
    _shot(page, "desk-new")
    page.get_by_role("button", name="Kirjaa ja välitä").click()
    page.wait_for_url("**/desk/sent/ALU-*")
    _shot(page, "desk-sent")


if __name__ == "__main__":
    main()
