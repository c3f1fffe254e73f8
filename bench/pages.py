"""Pages against the JSON API with the same data: p95 time to first byte at 10 clients, page weight.

Run: .venv/bin/python bench/pages.py [--clients 10] [--requests 30]
Starts ``alusta serve --demo`` over TLS (SQLite), logs the demo person Ulla in at the built-in
test IdP in Debian's chromium and files one request through the wizard, then measures with her
session cookie, each request on a fresh TLS connection (as a first visit would be), page and API interleaved:
front page vs /healthz, directory vs /api/v1/dsr/controllers, My requests vs /api/v1/dsr/requests,
a request page vs /api/v1/dsr/requests/{reference}. Prints p95 TTFB of each and the ratio
API/page (issue 11 goal: >= 0.7), and each page's weight with its stylesheet (goal <= 100 KB).
"""

import argparse
import asyncio
import ssl
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.browser import CHROMIUM, CHROMIUM_FLAGS, spki_pin  # noqa: E402
from fixtures.live_server import run_demo  # noqa: E402

WEIGHT_GOAL = 100 * 1024
RATIO_GOAL = 0.7


def log_in_and_file(url: str, certificate: Path) -> tuple[str, str, str]:
    """Ulla's session cookie, the reference of the request she filed, the stylesheet's path."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_FLAGS, f"--ignore-certificate-errors-spki-list={spki_pin(certificate)}"],
        )
        page = browser.new_page(locale="fi-FI")
        page.goto(f"{url}/auth/login?next=%2Frequests")
        page.locator('button[name="choice"][value^="ulla|"][value$="loa3"]').click()
        page.wait_for_url(f"{url}/requests")
        page.goto(f"{url}/requests/new")
        page.get_by_label("Hoivapalvelu Kuusikko Oy").check()
        page.get_by_role("button", name="Jatka").click()
        page.get_by_label("Tietojeni tarkastaminen").check()
        page.get_by_role("button", name="Jatka").click()
        page.get_by_role("button", name="Jatka").click()
        page.get_by_role("button", name="Lähetä pyyntö").click()
        page.wait_for_url("**/requests/new/sent?**")
        reference = page.locator("main a[href^='/requests/ALU-']").first.inner_text()
        stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href") or ""
        cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "__Host-alusta-session")
        browser.close()
    return cookie, reference, stylesheet


@dataclass(frozen=True)
class Target:
    """The served demo and the logged-in person's session."""

    url: str
    context: ssl.SSLContext
    cookie: str


async def fetch(target: Target, path: str, accept: str) -> tuple[float, int]:
    """Time to the first byte of the answer on a fresh TLS connection, and the body's size."""
    parts = urlsplit(target.url)
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port, ssl=target.context)
    cookie = f"Cookie: __Host-alusta-session={target.cookie}\r\n"
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: {accept}\r\n{cookie}Connection: close\r\n\r\n".encode()
    )
    first = await reader.read(1)
    ttfb = time.perf_counter() - started
    rest = first + await reader.read()
    writer.close()
    status_line, _, _ = rest.partition(b"\r\n")
    if b" 200 " not in status_line:
        raise RuntimeError(f"{path}: {status_line!r}")
    return ttfb, len(rest.partition(b"\r\n\r\n")[2])


def _accept(path: str) -> str:
    return "application/json" if path.startswith(("/api/", "/healthz")) else "text/html"


async def p95_pair(target: Target, page: str, api: str, clients: int, requests: int) -> tuple[float, float]:
    """p95 TTFB of the page and of the API, measured interleaved so both see the same load."""

    async def client() -> list[tuple[float, float]]:
        return [
            ((await fetch(target, page, "text/html"))[0], (await fetch(target, api, _accept(api)))[0])
            for _ in range(requests)
        ]

    await fetch(target, page, "text/html")  # warm-up (templates, caches)
    await fetch(target, api, _accept(api))
    pairs = [pair for found in await asyncio.gather(*(client() for _ in range(clients))) for pair in found]
    return tuple(statistics.quantiles([pair[i] for pair in pairs], n=20)[-1] for i in (0, 1))  # type: ignore[return-value]


async def measure(target: Target, reference: str, stylesheet: str, args: argparse.Namespace) -> bool:
    pairs = [
        ("front page", "/", "/healthz"),
        ("directory", "/controllers", "/api/v1/dsr/controllers"),
        ("My requests", "/requests", "/api/v1/dsr/requests"),
        ("request page", f"/requests/{reference}", f"/api/v1/dsr/requests/{reference}"),
    ]
    css = (await fetch(target, stylesheet, "text/css"))[1]
    ok = True
    for name, page, api in pairs:
        page_p95, api_p95 = await p95_pair(target, page, api, args.clients, args.requests)
        weight = (await fetch(target, page, "text/html"))[1] + css
        ratio = api_p95 / page_p95
        ok = ok and ratio >= RATIO_GOAL and weight <= WEIGHT_GOAL
        print(
            f"{name:13} p95 TTFB page {page_p95 * 1000:6.1f} ms, API {api_p95 * 1000:6.1f} ms, "
            f"ratio API/page {ratio:.2f} (goal >= {RATIO_GOAL}); weight {weight / 1024:.1f} KB with CSS (goal <= 100)"
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30, help="per client and endpoint")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, run_demo(Path(scratch)) as site:
        cookie, reference, stylesheet = log_in_and_file(site.url, site.server_cert)
        target = Target(site.url, ssl.create_default_context(cafile=str(site.ca_file)), cookie)
        ok = asyncio.run(measure(target, reference, stylesheet, args))
    print("all goals met" if ok else "a goal was MISSED")


if __name__ == "__main__":
    main()
