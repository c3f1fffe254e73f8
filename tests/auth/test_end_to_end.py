"""login -> /api/v1/me -> logout against ``alusta test-idp`` as a separate process over TLS.

The RP (in-process TestClient) reaches the provider exactly like a real broker: discovery, JWKS,
token and userinfo over HTTPS, trusting only the development CA (``ALUSTA_OIDC_CA_FILE``).
"""

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp, create_app
from alusta.auth.tokens import LOA3
from fixtures.application import PUBLIC_URL, make_settings
from fixtures.auth import IdpServer, logout_target, pick_identity, start_login

pytestmark = pytest.mark.slow


@pytest.fixture
def rp_client(state_dir: Path, db_url: str, test_idp_server: IdpServer) -> Iterator[TestClient[AlustaApp]]:
    settings = make_settings(state_dir, db_url, oidc_issuer=test_idp_server.issuer)
    assert settings.oidc_ca_file == state_dir / "tls" / "ca.pem"
    with TestClient(create_app(settings), base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        yield client


def test_login_me_logout_against_separate_provider(
    rp_client: TestClient[AlustaApp], test_idp_server: IdpServer
) -> None:
    authorize_url = start_login(rp_client, next_path="/api/v1/me", acr="loa3")
    assert authorize_url.startswith(test_idp_server.issuer + "/authorize?")
    with test_idp_server.browser() as browser:
        callback = pick_identity(browser, authorize_url, person="bea", acr="loa3")
        assert callback.startswith(PUBLIC_URL + "/auth/callback?")
        done = rp_client.get(callback, follow_redirects=False)
        assert done.status_code == 303, done.text
        me = rp_client.get("/api/v1/me")
        assert me.status_code == 200
        assert me.json()["loa"] == LOA3
        out = rp_client.post("/auth/logout", data={"csrf_token": me.json()["csrf_token"]}, follow_redirects=False)
        assert out.status_code == 200
        end_session = logout_target(out.text)
        assert end_session.startswith(test_idp_server.issuer + "/end-session?")
        assert rp_client.get("/api/v1/me").status_code == 401
        page = browser.get(end_session)
        assert page.status_code == 200
        assert PUBLIC_URL + "/auth/frontchannel-logout?" in page.text


def test_frontchannel_logout_from_separate_provider(
    rp_client: TestClient[AlustaApp], test_idp_server: IdpServer
) -> None:
    with test_idp_server.browser() as browser:
        rp_client.get(pick_identity(browser, start_login(rp_client), person="fanni"), follow_redirects=False)
        assert rp_client.get("/api/v1/me").status_code == 200
        # The user logs out at the provider (another RP started it): the iframe hits our endpoint.
        page = browser.get(
            test_idp_server.issuer + "/end-session",
            params={"client_id": "alusta-dev", "post_logout_redirect_uri": PUBLIC_URL + "/auth/logged-out"},
        )
        src = page.text.split('<iframe src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        parts = urlsplit(src)
        assert rp_client.get(parts.path + "?" + parts.query).status_code == 200
        assert rp_client.get("/api/v1/me").status_code == 401


def test_untrusted_provider_certificate_refused(
    state_dir: Path, db_url: str, test_idp_server: IdpServer, tmp_path: Path
) -> None:
    other_ca = tmp_path / "other-ca.pem"
    from alusta.crypto.devmaterial import ensure_dev_tls  # noqa: PLC0415

    other_ca.write_bytes(ensure_dev_tls(tmp_path / "other").ca_cert.read_bytes())
    settings = make_settings(state_dir, db_url, oidc_issuer=test_idp_server.issuer, oidc_ca_file=other_ca)
    with TestClient(create_app(settings), base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        response = client.get("/auth/login", follow_redirects=False)
        assert response.status_code == 502
        assert response.json()["type"] == "urn:alusta:problem:provider_unreachable"
