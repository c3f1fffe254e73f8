"""The demo in a real browser: log in at the test IdP, see /api/v1/me, log out (issue 4).

Debian's chromium driven by Playwright, against ``alusta serve --demo`` over real TLS. The
browser trusts exactly the demo's server key (SPKI pin), not "any certificate". Chromium is
required under CI=true (``.ci/run`` installs it); elsewhere the test skips without it.
"""

import json

import pytest
from playwright.sync_api import Browser, Page

from fixtures.browser import log_in_at_test_idp
from fixtures.live_server import DemoServer

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def body_json(page: Page) -> dict[str, object]:
    loaded = json.loads(page.inner_text("body"))
    assert isinstance(loaded, dict)
    return loaded


def test_login_me_logout_in_a_browser(demo_site: DemoServer, demo_browser: Browser) -> None:
    page = demo_browser.new_page(locale="fi-FI")
    page.goto(f"{demo_site.url}/auth/login?next=/api/v1/me")
    # The built-in test IdP's page: pick a synthetic person at loa3.
    log_in_at_test_idp(page, "tessa", "loa3")
    page.wait_for_url(f"{demo_site.url}/api/v1/me")
    me = body_json(page)
    assert me["loa"] == "http://ftn.ficora.fi/2017/loa3"
    assert me["roles"] == ["subject"]
    tenants = me["tenants"]
    assert isinstance(tenants, dict)
    assert [grant["role"] for grant in tenants.values()] == ["tenant_admin"]  # Tessa administers a demo tenant
    assert "010280-952L" not in page.content()  # the henkilötunnus never comes back to the browser
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    session = next(cookie for name, cookie in cookies.items() if name.startswith("__Host-"))
    assert session["secure"]
    assert session["httpOnly"]

    page.goto(f"{demo_site.url}/auth/logout")
    page.locator('button[type="submit"]').click()
    page.wait_for_url(f"{demo_site.url}/auth/logged-out")
    response = page.goto(f"{demo_site.url}/api/v1/me")
    assert response is not None
    assert response.status == 401


def test_front_channel_logout_from_the_provider_ends_the_session(demo_site: DemoServer, demo_browser: Browser) -> None:
    page = demo_browser.new_page()
    page.goto(f"{demo_site.url}/auth/login?next=/api/v1/me")
    log_in_at_test_idp(page, "joni", "loa2")
    page.wait_for_url(f"{demo_site.url}/api/v1/me")
    assert body_json(page)["loa"] == "http://ftn.ficora.fi/2017/loa2"
    # The person logs out at the provider (not through alusta): the provider's page loads the
    # RP's front-channel logout URL in an iframe, which must be allowed to be framed by it.
    back = f"{demo_site.url}/auth/logged-out"
    page.goto(f"{demo_site.url}/test-idp/end-session?client_id=alusta-dev&post_logout_redirect_uri={back}")
    page.wait_for_url(back)
    response = page.goto(f"{demo_site.url}/api/v1/me")
    assert response is not None
    assert response.status == 401
