"""The data subject's request journey in a real browser over TLS, with and without JavaScript.

Through the pages only (no API call from the test): log in at the built-in test IdP, make an
access request with a period to two controllers in the wizard, see both in My requests with
their deadlines, reply to one and withdraw the other. axe-core checks every page on the way
(wcag2a/aa, 21a/aa: nothing serious or critical); a console error (CSP, missing asset) fails.
"""

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, Page

from fixtures.browser import html_lang, log_in_at_test_idp, open_context, serious_violations
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CONTROLLERS = ("Järvilinja Verkko Oy", "Hoivapalvelu Kuusikko Oy")  # demo tenants (alusta.demo_seed)
REFERENCE = re.compile(r"ALU(?:-[0-9A-Z]{4}){3}-[0-9A-Z*~$=]")  # Crockford check symbol


def _checked(page: Page, found: dict[str, list[str]]) -> None:
    """Record the axe findings of the page now shown, keyed by its path."""
    serious = serious_violations(page)
    if serious:
        found[page.url.split("?", 1)[0]] = serious


@dataclass
class Journey:
    """One browser's walk; with ``axe`` each page is checked (axe-core is a script: not without JS)."""

    site: DemoServer
    page: Page
    axe: bool
    found: dict[str, list[str]] = field(default_factory=dict)

    def check(self) -> None:
        if self.axe:
            _checked(self.page, self.found)


def log_in_and_file_to_two_controllers(journey: Journey) -> list[str]:
    site, page, check = journey.site, journey.page, journey.check
    page.set_default_timeout(15_000)
    page.goto(f"{site.url}/")
    page.get_by_role("main").get_by_role("link", name="Kirjaudu tekemään tai seuraamaan pyyntöä").click()
    log_in_at_test_idp(page, "ulla")
    page.wait_for_url(f"{site.url}/requests")
    assert html_lang(page) == "fi"
    assert "Ulla" in page.get_by_role("banner").inner_text()
    check()
    before = len(REFERENCE.findall(page.inner_text("main")))

    page.get_by_role("link", name="Tee uusi pyyntö").click()
    assert page.get_by_text("Vaihe 1/4").count() == 1
    check()
    for name in CONTROLLERS:
        page.get_by_label(name).check()
    page.get_by_role("button", name="Jatka").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mitä haluat pyytää?"
    check()
    page.get_by_label("Tietojeni tarkastaminen").check()
    page.get_by_role("button", name="Jatka").click()
    check()
    page.get_by_label("Alkaen").fill("2025-01-01")
    page.get_by_label("Päättyen").fill("2025-12-31")
    page.get_by_label("Viesti rekisterinpitäjälle (valinnainen)").fill("Pyydän tiedot vuodelta 2025.")
    page.get_by_role("button", name="Jatka").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tarkista vastauksesi"
    facts = page.inner_text("main")
    assert all(name in facts for name in CONTROLLERS)
    assert "1. tammikuuta 2025" in facts
    assert "31. joulukuuta 2025" in facts
    check()
    page.get_by_role("button", name="Lähetä pyyntö").click()
    page.wait_for_url("**/requests/new/sent?**")
    assert page.get_by_role("heading", level=1).inner_text() == "Pyyntösi on lähetetty"
    sent = REFERENCE.findall(page.inner_text("main"))
    assert len(sent) == 2
    check()

    page.get_by_role("main").get_by_role("link", name="Omat pyynnöt").click()
    listing = page.inner_text("main")
    assert all(reference in listing for reference in sent)
    assert len(REFERENCE.findall(listing)) == before + 2
    assert listing.count("Lähetetty rekisterinpitäjälle") >= 2
    return sent


def reply(journey: Journey, reference: str) -> None:
    page = journey.page
    page.get_by_role("link", name="Tietojeni tarkastaminen").first.click()
    page.wait_for_url("**/requests/ALU-*")
    page.goto(f"{journey.site.url}/requests/{reference}")
    assert "Pyydän tiedot vuodelta 2025." in page.inner_text("main")
    journey.check()
    page.get_by_label("Kirjoita rekisterinpitäjälle").fill("Asiakasnumeroni on 4521.")
    page.get_by_role("button", name="Lähetä viesti").click()
    page.wait_for_url(f"**/requests/{reference}*")
    assert "Asiakasnumeroni on 4521." in page.inner_text("main")
    proof: FilePayload = {"name": "asiakaskortti.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%x\n"}
    page.get_by_label("Liitä tiedosto rekisterinpitäjälle").set_input_files(proof)
    page.get_by_role("button", name="Liitä tiedosto", exact=True).click()
    page.wait_for_url(f"**/requests/{reference}*")
    assert "asiakaskortti.pdf" in page.inner_text("main")


def withdraw(journey: Journey, reference: str) -> None:
    page = journey.page
    page.goto(f"{journey.site.url}/requests/{reference}")
    page.get_by_role("link", name="Peruuta tämä pyyntö").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Peruutetaanko pyyntö?"
    journey.check()
    page.get_by_role("button", name="Kyllä, peruuta pyyntö").click()
    page.wait_for_url(f"{journey.site.url}/requests/{reference}")
    assert "Peruutettu" in page.inner_text("main")
    assert page.get_by_role("link", name="Peruuta tämä pyyntö").count() == 0


FETCH = """async ([url, method, body, token]) => {
  const headers = token ? {"x-csrf-token": token, "content-type": "application/json"} : {};
  const response = await fetch(url, {method, headers, body: body === null ? undefined : JSON.stringify(body)});
  return [response.status, await response.text()];
}"""


@dataclass
class StaffApi:
    """Calls from a staff member's logged-in page (fetch in the page: the pinned TLS key, her cookie)."""

    page: Page
    base: str
    token: str

    def call(self, method: str, path: str, body: object = None) -> tuple[int, Any]:
        status, text = self.page.evaluate(
            FETCH, [self.base + path, method, body, self.token if body is not None else None]
        )
        return int(status), json.loads(text) if text else None


@contextmanager
def anna_at_kuusikko(site: DemoServer, browser: Browser) -> Iterator[StaffApi]:
    """Kuusikko's admin logged in at the test IdP, with her tenant's requests API."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{site.url}/auth/login?next=%2F")
        log_in_at_test_idp(page, "anna")
        page.wait_for_url(f"{site.url}/")
        me = StaffApi(page, f"{site.url}/api/v1", "").call("GET", "/me")[1]
        tenant = next(iter(me["tenants"]))
        yield StaffApi(page, f"{site.url}/api/v1/tenants/{tenant}/requests", me["csrf_token"])
    finally:
        context.close()


def kuusikko_reference(site: DemoServer, browser: Browser, references: list[str]) -> str:
    """Which of the two references went to Kuusikko (its staff see only their own)."""
    with anna_at_kuusikko(site, browser) as api:
        rows = [r for r in api.call("GET", "/")[1] if r["reference"] in references]
    assert len(rows) == 1  # the other went to Järvilinja
    return str(rows[0]["reference"])


def wait_until_ready(api: StaffApi, path: str, answer: int) -> None:
    state = ""
    for _ in range(100):
        state = next(a["status"] for a in api.call("GET", path)[1]["answers"] if a["id"] == answer)
        if state == "ready":
            return
        time.sleep(0.1)
    raise AssertionError(f"the answer stayed {state!r}")


def controller_answers_by_the_api(site: DemoServer, browser: Browser, reference: str) -> None:
    """Anna compiles and releases the access answer (by the API until the workspace pages exist)."""
    with anna_at_kuusikko(site, browser) as api:
        row = next(r for r in api.call("GET", "/")[1] if r["reference"] == reference)
        path = f"/{row['id']}"
        status, started = api.call("POST", f"{path}/exports", {"lang": "fi"})
        assert status == 202, started
        answer = started["id"]
        wait_until_ready(api, path, answer)  # the bundle is compiled after the response
        status, body = api.call("POST", f"{path}/answers/{answer}/review", {"redactions": []})
        assert status == 202, body
        wait_until_ready(api, path, answer)  # and compiled again with the review's redactions
        status, body = api.call("POST", f"{path}/answers/{answer}/release", {})
        assert status == 200, body


def download_the_answer(journey: Journey, reference: str) -> None:
    page = journey.page
    page.goto(f"{journey.site.url}/requests/{reference}")
    assert "Vastattu" in page.inner_text("main")
    assert "Voit ladata sen" in page.inner_text("main")  # the expiry date is stated
    journey.check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa tietosi (ZIP)").click()
    assert download.value.suggested_filename.endswith(".zip")
    path = download.value.path()
    assert path.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_subject_files_follows_replies_and_withdraws(
    demo_site: DemoServer, demo_browser: Browser, javascript: bool
) -> None:
    watched = open_context(demo_browser, javascript=javascript)
    try:
        journey = Journey(demo_site, watched.page, axe=javascript)
        sent = log_in_and_file_to_two_controllers(journey)
        kuusikko = kuusikko_reference(demo_site, demo_browser, sent)
        reply(journey, kuusikko)
        controller_answers_by_the_api(demo_site, demo_browser, kuusikko)
        download_the_answer(journey, kuusikko)
        withdraw(journey, next(r for r in sent if r != kuusikko))
        assert journey.found == {}
        assert watched.errors == []
    finally:
        watched.context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_request_pages_in_swedish_and_english_have_no_serious_violation(
    demo_site: DemoServer, demo_browser: Browser, lang: str
) -> None:
    watched = open_context(demo_browser)
    page, found = watched.page, dict[str, list[str]]()
    try:
        page.goto(f"{demo_site.url}/?lang={lang}")  # remembered in a cookie from here on
        page.goto(f"{demo_site.url}/auth/login?next=%2Frequests")
        log_in_at_test_idp(page, "celia")
        page.wait_for_url(f"{demo_site.url}/requests")
        assert html_lang(page) == lang
        _checked(page, found)
        page.goto(f"{demo_site.url}/requests/new")
        _checked(page, found)
        page.get_by_label(CONTROLLERS[0]).check()
        page.get_by_role("button").filter(has_text=re.compile("Fortsätt|Continue")).click()
        _checked(page, found)
        page.locator("#right-4").check()  # the fourth right: restriction
        page.get_by_role("button").filter(has_text=re.compile("Fortsätt|Continue")).click()
        _checked(page, found)
        page.get_by_role("button").filter(has_text=re.compile("Fortsätt|Continue")).click()
        _checked(page, found)  # the check page
        assert found == {}
        assert watched.errors == []
    finally:
        watched.context.close()
