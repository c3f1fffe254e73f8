"""The public pages in a real browser over TLS: journeys with and without JavaScript, and axe-core.

Debian's chromium driven by Playwright against ``alusta serve --demo`` (real TLS, the browser
trusts exactly the demo's server key). Only the pages are used: no API call from the test. The
strict CSP stays on (axe is evaluated through the DevTools protocol, which the CSP does not
govern); any console error (a CSP violation, a missing asset) fails the test.
"""

import base64
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from fixtures.live_server import DemoServer, run_demo

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CONTROLLER = "Hoivapalvelu Kuusikko Oy"  # a demo tenant (alusta.demo_seed)


def spki_pin(certificate_path: Path) -> str:
    certificate = x509.load_pem_x509_certificate(certificate_path.read_bytes())
    spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with run_demo(tmp_path_factory.mktemp("pages-demo")) as server:
        yield server


@pytest.fixture(scope="module")
def browser(site: DemoServer) -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("chromium is missing (CI=true: browser tests must run)", pytrace=False)
        pytest.skip("chromium not installed")
    pin = spki_pin(site.server_cert)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, f"--ignore-certificate-errors-spki-list={pin}"]
        )
        try:
            yield instance
        finally:
            instance.close()


class Watched:
    """A browser context whose pages record console errors (CSP violations) and failed sub-resources.

    A page that is itself an error (the 404 page, a cancelled login) is expected to have its
    status; only what it loads (stylesheet, icon) must succeed.
    """

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} {response.url}")


def open_context(browser: Browser, *, javascript: bool = True, locale: str = "fi-FI") -> Watched:
    return Watched(browser.new_context(java_script_enabled=javascript, locale=locale))


def html_lang(page: Page) -> str | None:
    return page.get_attribute("html", "lang")


def find_and_read_notice_in_swedish(site: DemoServer, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site.url}/")
    assert html_lang(page) == "fi"
    page.get_by_role("navigation", name="Kieli").get_by_role("link", name="På svenska").click()
    page.wait_for_url("**/?lang=sv")
    assert html_lang(page) == "sv"
    page.get_by_role("link", name="Sök en personuppgiftsansvarig").click()
    page.wait_for_url(f"{site.url}/controllers")
    assert html_lang(page) == "sv"  # the choice was remembered (cookie), not carried in the link
    page.get_by_label("Sök med namn").fill("kuusikko")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url("**/controllers?q=kuusikko")
    assert page.get_by_role("status").inner_text() == "1 personuppgiftsansvarig matchar ”kuusikko”."
    card = page.get_by_role("region", name=CONTROLLER)
    assert "1414213-0" in card.inner_text()
    card.get_by_role("link").first.click()
    page.wait_for_url("**/notices/**")
    assert html_lang(page) == "sv"
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Dataskyddsbeskrivning: ")
    assert page.get_by_role("heading", name="Personuppgiftsansvarig").count() == 1
    assert CONTROLLER in page.inner_text("main")
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsutlåtande").click()
    page.wait_for_url(f"{site.url}/accessibility")
    assert page.get_by_role("heading", level=1).inner_text() == "Tillgänglighetsutlåtande"
    assert watched.errors == []


def test_front_page_directory_notice_in_swedish(site: DemoServer, browser: Browser) -> None:
    watched = open_context(browser)
    try:
        find_and_read_notice_in_swedish(site, watched)
    finally:
        watched.context.close()


def test_the_same_journey_without_javascript(site: DemoServer, browser: Browser) -> None:
    watched = open_context(browser, javascript=False)
    try:
        find_and_read_notice_in_swedish(site, watched)
    finally:
        watched.context.close()


def test_cancelled_login_says_so_and_offers_a_retry(site: DemoServer, browser: Browser) -> None:
    watched = open_context(browser, locale="en-GB")
    page = watched.page
    try:
        page.goto(f"{site.url}/")
        assert html_lang(page) == "en"  # from Accept-Language
        page.get_by_role("banner").get_by_role("link", name="Log in").click()
        page.locator('button[name="choice"][value="cancel"]').click()
        page.wait_for_url("**/auth/callback**")
        assert page.get_by_role("heading", level=1).inner_text() == "Login cancelled"
        page.get_by_role("link", name="Try logging in again").click()
        page.wait_for_url("**/test-idp/**")
        assert watched.errors == []
    finally:
        watched.context.close()


def public_pages(site: DemoServer, page: Page) -> list[str]:
    """Every public page of the journeys (the notice URL is read from the directory)."""
    page.goto(f"{site.url}/controllers?q=kuusikko")
    notice = page.get_by_role("region", name=CONTROLLER).get_by_role("link").first.get_attribute("href")
    assert notice is not None
    return ["/", "/controllers", "/controllers?q=kuusikko", notice, "/accessibility", "/privacy", "/no-such-page"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_serious_accessibility_violation_on_any_page(site: DemoServer, browser: Browser, lang: str) -> None:
    watched = open_context(browser)
    page = watched.page
    axe = Axe()
    found: dict[str, list[str]] = {}
    try:
        for path in public_pages(site, page):
            page.goto(f"{site.url}{path}{'&' if '?' in path else '?'}lang={lang}")
            assert html_lang(page) == lang, path
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            serious = [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
            if serious:
                found[path] = serious
        # The cancelled-login page too.
        page.goto(f"{site.url}/auth/login?lang={lang}")
        page.locator('button[name="choice"][value="cancel"]').click()
        page.wait_for_url("**/auth/callback**")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
        if serious:
            found["/auth/callback"] = serious
        assert found == {}
        assert watched.errors == []
    finally:
        watched.context.close()


def test_pages_work_at_320_pixels_without_horizontal_scrolling(site: DemoServer, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for path in ("/", "/controllers", "/accessibility"):
            page.goto(f"{site.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, path
    finally:
        context.close()
