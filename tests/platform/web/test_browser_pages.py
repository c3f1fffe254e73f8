"""The public pages in a real browser over TLS: journeys with and without JavaScript, and axe-core.

Debian's chromium driven by Playwright against ``alusta serve --demo`` (real TLS, the browser
trusts exactly the demo's server key). Only the pages are used: no API call from the test. The
strict CSP stays on (axe is evaluated through the DevTools protocol, which the CSP does not
govern); any console error (a CSP violation, a missing asset) fails the test. The Nu Html
Checker validates the server's HTML of every page a test visited, at the end of that test.
"""

import pytest
from playwright.sync_api import Browser, Page

from fixtures.browser import Watched, html_lang, open_context, serious_violations
from fixtures.html_check import Documents
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CONTROLLER = "Hoivapalvelu Kuusikko Oy"  # a demo tenant (alusta.demo_seed)


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


def test_front_page_directory_notice_in_swedish(
    demo_site: DemoServer, demo_browser: Browser, html_documents: Documents
) -> None:
    watched = open_context(demo_browser)
    html_documents.record(watched.page, demo_site.url)
    try:
        find_and_read_notice_in_swedish(demo_site, watched)
    finally:
        watched.context.close()
    html_documents.assert_valid()


def test_the_same_journey_without_javascript(demo_site: DemoServer, demo_browser: Browser) -> None:
    watched = open_context(demo_browser, javascript=False)
    try:
        find_and_read_notice_in_swedish(demo_site, watched)
    finally:
        watched.context.close()


def test_cancelled_login_says_so_and_offers_a_retry(
    demo_site: DemoServer, demo_browser: Browser, html_documents: Documents
) -> None:
    watched = open_context(demo_browser, locale="en-GB")
    page = watched.page
    html_documents.record(page, demo_site.url)
    try:
        page.goto(f"{demo_site.url}/")
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
    html_documents.assert_valid()


def public_pages(site: DemoServer, page: Page) -> list[str]:
    """Every public page of the journeys (the notice URL is read from the directory)."""
    page.goto(f"{site.url}/controllers?q=kuusikko")
    notice = page.get_by_role("region", name=CONTROLLER).get_by_role("link").first.get_attribute("href")
    assert notice is not None
    return ["/", "/controllers", "/controllers?q=kuusikko", notice, "/accessibility", "/privacy", "/no-such-page"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_serious_accessibility_violation_on_any_page(
    demo_site: DemoServer, demo_browser: Browser, html_documents: Documents, lang: str
) -> None:
    """axe-core on every public page in one language, and the Nu Html Checker on the same pages."""
    watched = open_context(demo_browser)
    page = watched.page
    found: dict[str, list[str]] = {}
    html_documents.record(page, demo_site.url)
    try:
        for path in public_pages(demo_site, page):
            page.goto(f"{demo_site.url}{path}{'&' if '?' in path else '?'}lang={lang}")
            assert html_lang(page) == lang, path
            serious = serious_violations(page)
            if serious:
                found[path] = serious
        # The cancelled-login page too.
        page.goto(f"{demo_site.url}/auth/login?lang={lang}")
        page.locator('button[name="choice"][value="cancel"]').click()
        page.wait_for_url("**/auth/callback**")
        serious = serious_violations(page)
        if serious:
            found["/auth/callback"] = serious
        assert found == {}
        assert watched.errors == []
    finally:
        watched.context.close()
    html_documents.assert_valid()


def test_pages_work_at_320_pixels_without_horizontal_scrolling(demo_site: DemoServer, demo_browser: Browser) -> None:
    context = demo_browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for path in ("/", "/controllers", "/accessibility"):
            page.goto(f"{demo_site.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, path
    finally:
        context.close()
