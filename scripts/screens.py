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


if __name__ == "__main__":
    main()
