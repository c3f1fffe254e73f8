"""The registers and privacy-notice pages of the workspace in a real browser over TLS (issue 12).

Bea, the admin of Pohjoisranta (the demo tenant no other journey changes), opens the workspace
from the header, goes to "Registers and notices", opens the contact register, edits its
retention section in Finnish, Swedish and English, previews the new version and publishes it;
the public notice then shows the new text in Finnish and, through the language switch, in
Swedish and English, and the earlier version stays readable. The list, editor and preview pass
axe (nothing serious or critical) in fi, sv and en; a console error fails; the Nu Html Checker
validates every page visited.

The new retention texts stay close to the demo's own (18 months, then anonymous statistics):
other journeys read Pohjoisranta's notice too.
"""

import re

import pytest
from playwright.sync_api import Browser, Page

from fixtures.browser import html_lang, log_in_at_test_idp, open_context, serious_violations
from fixtures.html_check import Documents
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]

POHJOISRANTA = "Pohjoisrannan Asiakaspalvelu Oy"  # demo tenant (alusta.demo_seed); Bea is its admin
REGISTER = "Asiakaspalvelun yhteydenottorekisteri"
RETENTION = {
    "fi": "18 kuukautta yhteydenoton käsittelyn päättymisestä; sen jälkeen henkilötiedot poistetaan ja vain "
    "anonyymit tilastot säilyvät.",
    "sv": "18 månader från att kontakten har behandlats färdigt; därefter raderas personuppgifterna och endast "
    "anonym statistik sparas.",
    "en": "18 months after the contact has been handled; then the personal data is deleted and only anonymous "
    "statistics are kept.",
}
WORDS = {
    "sv": {"section": "Register och beskrivningar", "edit": "Redigera dataskyddsbeskrivningen",
           "preview": "Förhandsgranska beskrivningen", "publish": "Publicera version", "lang": "På svenska"},
    "en": {"section": "Registers and notices", "edit": "Edit the privacy notice", "preview": "Preview the notice",
           "publish": "Publish version", "lang": "In English"},
}  # fmt: skip


class Axe:
    """axe-core on each page checked: the rule ids of serious or critical violations, per page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: dict[str, list[str]] = {}

    def check(self, name: str) -> None:
        serious = serious_violations(self.page)
        if serious:
            self.found[name] = serious


def edit_and_publish_in_finnish(page: Page, site: str, axe: Axe) -> str:
    """From the header to the editor; the retention section in three languages; preview; publish."""
    page.get_by_role("banner").get_by_role("link", name="Työtila").click()
    page.wait_for_url(re.compile(r".*/t/\d+$"))
    page.get_by_role("navigation", name=f"Työtila: {POHJOISRANTA}").get_by_role(
        "link", name="Rekisterit ja selosteet"
    ).click()
    page.wait_for_url("**/registers")
    assert html_lang(page) == "fi"
    assert page.get_by_role("heading", level=1).inner_text() == "Rekisterit ja tietosuojaselosteet"
    axe.check("list fi")
    page.get_by_role("link", name=REGISTER, exact=True).click()
    page.wait_for_url(re.compile(r".*/registers/\d+$"))
    assert "Yhteystiedot" in page.inner_text("main")  # the e-mail field's class in words
    page.get_by_role("link", name="Muokkaa tietosuojaselostetta").click()
    page.wait_for_url("**/notice")
    axe.check("editor fi")
    for lang, text in RETENTION.items():
        page.locator(f"#retention-{lang}").fill(text)
    page.get_by_role("button", name="Esikatsele selostetta").click()
    main = page.inner_text("main")
    assert "Säilytysaika (suomi, ruotsi, englanti)" in main  # what changes
    assert RETENTION["fi"] in main
    axe.check("preview fi")
    page.get_by_role("button", name=re.compile("^Julkaise versio")).click()
    page.wait_for_url("**?published=*")
    status = page.get_by_role("status").inner_text()
    assert re.fullmatch(r"Tietosuojaselosteen versio \d+ on julkaistu\.", status), status
    return page.url.split("?", 1)[0]


def read_the_public_notice_in_three_languages(page: Page) -> None:
    page.locator("main a[href^='/notices/']").first.click()
    page.wait_for_url("**/notices/**")
    assert html_lang(page) == "fi"
    assert RETENTION["fi"] in page.inner_text("main")
    assert page.get_by_role("heading", name="Tietosuojaseloste: " + REGISTER).count() == 1
    for lang in ("sv", "en"):
        page.get_by_role("navigation", name=re.compile("Kieli|Språk|Language")).get_by_role(
            "link", name=WORDS[lang]["lang"]
        ).click()
        page.wait_for_url(f"**?lang={lang}")
        assert html_lang(page) == lang
        assert RETENTION[lang] in page.inner_text("main")
    page.get_by_role("link", name="Version 1", exact=True).click()  # the earlier version stays
    assert "This is an earlier version of the notice." in page.inner_text("main")
    assert RETENTION["en"] not in page.inner_text("main")


def preview_without_publishing(page: Page, site: str, register_page: str, lang: str, axe: Axe) -> None:
    """The list, editor and preview in another language (nothing published)."""
    page.goto(f"{register_page.rsplit('/', 1)[0]}?lang={lang}")
    assert html_lang(page) == lang
    axe.check(f"list {lang}")
    page.goto(register_page)
    page.get_by_role("link", name=WORDS[lang]["edit"]).click()
    axe.check(f"editor {lang}")
    page.locator("#retention-en").fill(RETENTION["en"] + " Preview only.")
    page.get_by_role("button", name=WORDS[lang]["preview"]).click()
    assert page.get_by_role("button", name=re.compile("^" + WORDS[lang]["publish"])).count() == 1
    assert "Preview only." in (page.locator(".notice[lang=en]").text_content() or "")  # the English preview
    assert page.locator("details[open] .notice").get_attribute("lang") == lang  # open: the page's language
    axe.check(f"preview {lang}")
    page.locator("#retention-sv").fill("")
    page.get_by_role("button", name=WORDS[lang]["preview"]).click()  # a missing translation: refused
    assert page.locator(".error-summary").count() == 1
    axe.check(f"refused {lang}")


def test_admin_publishes_a_new_notice_version_in_three_languages(demo_site: DemoServer, demo_browser: Browser) -> None:
    site = demo_site.url
    watched = open_context(demo_browser)
    page = watched.page
    page.set_default_timeout(15_000)
    documents = Documents()
    documents.record(page, site)
    axe = Axe(page)
    try:
        page.goto(f"{site}/auth/login?next=%2F")
        log_in_at_test_idp(page, "bea")
        page.wait_for_url(f"{site}/")
        register_page = edit_and_publish_in_finnish(page, site, axe)
        read_the_public_notice_in_three_languages(page)
        for lang in ("sv", "en"):
            preview_without_publishing(page, site, register_page, lang, axe)
        assert axe.found == {}
        assert watched.errors == []
        documents.assert_valid()
    finally:
        watched.context.close()
