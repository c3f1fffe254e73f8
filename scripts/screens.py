"""Screenshots of the main pages in Finnish into docs/screens/ (run by scripts/screens).

Starts ``alusta serve --demo`` in a scratch directory over TLS, opens Debian's chromium with the
demo's server key pinned, and writes one desktop (1280 px) and one narrow (320 px) PNG per page.
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.live_server import run_demo  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "platform" / "web"))
from test_browser_pages import CHROMIUM, CHROMIUM_FLAGS, spki_pin  # noqa: E402

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
                page.screenshot(path=str(OUT / f"{name}{suffix}.png"), full_page=True)
                print(OUT / f"{name}{suffix}.png")
        browser.close()


if __name__ == "__main__":
    main()
