"""The FTN code flow in-process against the mounted test IdP: login, /api/v1/me, logout, sessions."""

import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwe, jwt
from joserfc.jwe import JWERegistry
from joserfc.jwk import KeySet, RSAKey
from litestar import post
from litestar.testing import TestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.app import AlustaApp, create_app
from alusta.auth.models import Identity
from alusta.auth.sessions import LOGIN_COOKIE, SESSION_COOKIE
from alusta.auth.testidp.core import BuiltinIdp
from alusta.auth.tokens import LOA2, LOA3
from alusta.crypto.devmaterial import ensure_rsa_key
from alusta.db.engine import build_engine
from fixtures.application import PUBLIC_URL, make_settings
from fixtures.auth import login_as, logout_target, start_login, wire_in_process_idp


def test_me_is_401_without_session(auth_client: TestClient[AlustaApp]) -> None:
    response = auth_client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_login_request_object_is_signed_and_complete(auth_client: TestClient[AlustaApp], app: AlustaApp) -> None:
    location = start_login(auth_client, next_path="/x", acr="loa3")
    query = parse_qs(urlsplit(location).query)
    assert set(query) == {"client_id", "request"}
    rp_keys = app.state["auth"].rp_keys
    token = jwt.decode(query["request"][0], KeySet([rp_keys.signing]), algorithms=["RS256"])
    assert token.header["kid"] == rp_keys.signing.kid
    claims = token.claims
    assert claims["response_type"] == "code"
    assert claims["scope"].split()[0] == "openid"
    assert claims["redirect_uri"] == PUBLIC_URL + "/auth/callback"
    assert claims["code_challenge_method"] == "S256"
    assert claims["acr_values"] == LOA3
    assert claims["ui_locales"] == "fi"
    assert len(claims["nonce"]) >= 32
    assert len(claims["state"]) >= 32
    assert claims["aud"] == app.state["test_idp"].issuer
    cookie = auth_client.cookies.get(LOGIN_COOKIE)
    assert cookie
    assert claims["state"] != cookie  # the cookie binds server-side state, it is not the state


def test_full_login_me_logout(auth_client: TestClient[AlustaApp], test_idp: BuiltinIdp) -> None:
    response = login_as(auth_client, "yrjo", next_path="/api/v1/me")
    assert response.status_code == 303
    assert response.headers["location"] == "/api/v1/me"
    set_cookie = response.headers.get_list("set-cookie")
    session_cookie = next(c for c in set_cookie if c.startswith(SESSION_COOKIE + "="))
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie
    assert "Path=/" in session_cookie
    assert "Domain" not in session_cookie
    me = auth_client.get("/api/v1/me")
    assert me.status_code == 200
    body = me.json()
    assert body["loa"] == LOA2
    assert body["roles"] == ["subject"]
    assert "010594Y9032" not in me.text  # the henkilötunnus is never echoed
    # RP-initiated logout: the local session ends first, then the provider's end-session.
    out = auth_client.post("/auth/logout", data={"csrf_token": body["csrf_token"]}, follow_redirects=False)
    assert out.status_code == 200  # a browser form: the hop to the provider is a meta refresh
    end_session = logout_target(out.text)
    assert end_session.startswith(test_idp.endpoint("end-session") + "?")
    assert SESSION_COOKIE + '=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    assert auth_client.get("/api/v1/me").status_code == 401
    page = auth_client.get(end_session, follow_redirects=False)
    assert page.status_code == 200
    assert "/auth/frontchannel-logout?" in page.text


def test_next_accepts_only_local_paths(auth_client: TestClient[AlustaApp]) -> None:
    for evil in ("https://evil.example.test/", "//evil.example.test/x", "/\\evil.example.test", "javascript:alert(1)"):
        response = login_as(auth_client, next_path=evil)
        assert response.status_code == 303
        assert response.headers["location"] == "/"


def test_session_is_rotated_at_login(auth_client: TestClient[AlustaApp]) -> None:
    login_as(auth_client, "yrjo")
    first = auth_client.cookies.get(SESSION_COOKIE)
    login_as(auth_client, "yrjo")
    second = auth_client.cookies.get(SESSION_COOKIE)
    assert first
    assert second
    assert first != second
    auth_client.cookies.set(SESSION_COOKIE, first)
    assert auth_client.get("/api/v1/me").status_code == 401  # the old session ended


def test_same_person_same_identity_and_century_sign_matters(auth_client: TestClient[AlustaApp]) -> None:
    login_as(auth_client, hetu="010594Y9032")
    first = auth_client.get("/api/v1/me").json()["identity_id"]
    login_as(auth_client, hetu="010594Y9032")
    assert auth_client.get("/api/v1/me").json()["identity_id"] == first
    login_as(auth_client, hetu="010594-9032")  # same digits, other century sign: another person
    assert auth_client.get("/api/v1/me").json()["identity_id"] != first


@pytest.mark.anyio
async def test_hetu_stored_only_as_blind_index_and_ciphertext(
    auth_client: TestClient[AlustaApp], app: AlustaApp
) -> None:
    login_as(auth_client, hetu="020516C903K")
    identity_id = auth_client.get("/api/v1/me").json()["identity_id"]
    engine = build_engine(app.state["settings"].database_url)  # this test's own event loop
    async with AsyncSession(engine) as session:
        row = (await session.execute(select(Identity).where(Identity.id == identity_id))).scalar_one()
        assert b"020516C903K" not in row.hetu_ciphertext
        assert b"020516C903K" not in row.hetu_index
        assert app.state["auth"].vault.reveal(row) == "020516C903K"
        found = await app.state["auth"].vault.find(session, "020516C903K")
        assert found is not None
        assert found.id == identity_id
    await engine.dispose()


def test_loa3_requested_and_given(auth_client: TestClient[AlustaApp]) -> None:
    response = login_as(auth_client, "tessa", acr="loa3", login_acr="loa3")
    assert response.status_code == 303
    assert auth_client.get("/api/v1/me").json()["loa"] == LOA3


def test_csrf_required_for_state_changing_requests(auth_client: TestClient[AlustaApp], app: AlustaApp) -> None:
    login_as(auth_client)
    refused = auth_client.post("/auth/logout", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert refused.status_code == 403
    assert auth_client.get("/api/v1/me").status_code == 200
    sample = app.shell.metrics.registry.get_sample_value("alusta_auth_failures_total", {"reason": "csrf_failed"})
    assert sample == 1.0
    no_token = auth_client.post("/auth/logout", follow_redirects=False)
    assert no_token.status_code == 403
    # The header works as well as the form field (the middleware checks it on every unsafe route).
    token = auth_client.get("/api/v1/me").json()["csrf_token"]
    out = auth_client.post("/auth/logout", headers={"x-csrf-token": token}, follow_redirects=False)
    assert out.status_code == 303


def test_frontchannel_logout_ends_session(auth_client: TestClient[AlustaApp], test_idp: BuiltinIdp) -> None:
    login_as(auth_client)
    assert auth_client.get("/api/v1/me").status_code == 200
    sid = next(iter(test_idp.access_tokens.values()))[0].sid
    wrong = auth_client.get("/auth/frontchannel-logout", params={"iss": "https://other.example.test", "sid": sid})
    assert wrong.status_code == 200
    assert auth_client.get("/api/v1/me").status_code == 200
    auth_client.get("/auth/frontchannel-logout", params={"iss": test_idp.issuer, "sid": sid})
    assert auth_client.get("/api/v1/me").status_code == 401


def test_idle_and_absolute_timeouts(auth_client: TestClient[AlustaApp], monkeypatch: pytest.MonkeyPatch) -> None:
    login_as(auth_client)
    settings = auth_client.app.state["auth"].settings
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + settings.session_idle_timeout_seconds + 1)
    assert auth_client.get("/api/v1/me").status_code == 401
    monkeypatch.setattr(time, "time", real)
    login_as(auth_client)
    manager = auth_client.app.state["auth"].sessions
    manager.idle = 10**9  # only the absolute lifetime applies now
    monkeypatch.setattr(time, "time", lambda: real() + settings.session_absolute_timeout_seconds + 1)
    assert auth_client.get("/api/v1/me").status_code == 401


def test_provider_key_rotation_refreshes_jwks(auth_client: TestClient[AlustaApp], test_idp: BuiltinIdp) -> None:
    assert login_as(auth_client).status_code == 303  # JWKS cached with the first key
    test_idp.rotate_signing_key()
    assert login_as(auth_client).status_code == 303  # unknown kid -> one refetch -> accepted


def test_fresh_assertion_jti_per_login(auth_client: TestClient[AlustaApp], test_idp: BuiltinIdp) -> None:
    login_as(auth_client)
    login_as(auth_client)
    assert len(test_idp.seen_jti) == 2  # the IdP refuses a reused jti, and both logins passed


def test_jwks_has_public_members_only(auth_client: TestClient[AlustaApp], app: AlustaApp) -> None:
    response = auth_client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    keys: list[dict[str, Any]] = response.json()["keys"]
    assert {key["use"] for key in keys} == {"sig", "enc"}
    for key in keys:
        assert set(key) <= {"kty", "n", "e", "kid", "use", "alg"}
        assert key["kid"]
    rp = app.state["auth"].rp_keys
    assert {key["kid"] for key in keys} == {rp.signing.kid, rp.encryption.kid}


def test_rp_key_rotation_overlap(state_dir: Path, db_url: str, tmp_path: Path) -> None:
    """Old and new RP keys are both published; a token encrypted to the old key still decrypts."""
    previous_sig = ensure_rsa_key(tmp_path / "old-sig.pem")
    previous_enc = ensure_rsa_key(tmp_path / "old-enc.pem")
    settings = make_settings(
        state_dir, db_url, oidc_previous_signing_key=previous_sig, oidc_previous_encryption_key=previous_enc
    )
    app = create_app(settings)
    idp = wire_in_process_idp(app)
    rp = app.state["auth"].rp_keys
    assert rp.previous_encryption is not None
    old_enc = RSAKey.import_key(rp.previous_encryption.as_dict(private=False))

    def to_old_key(claims: dict[str, Any], provider: BuiltinIdp) -> str:
        header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT", "kid": old_enc.kid}
        registry = JWERegistry(algorithms=["RSA-OAEP-256", "A256GCM"])
        return jwe.encrypt_compact(header, provider.sign(claims), old_enc, registry=registry)

    idp.encode_id_token = to_old_key
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as client:
        kids = {key["kid"] for key in client.get("/.well-known/jwks.json").json()["keys"]}
        assert len(kids) == 4
        assert rp.previous_signing is not None
        assert {rp.signing.kid, rp.encryption.kid, rp.previous_signing.kid, old_enc.kid} == kids
        assert login_as(client).status_code == 303
        assert client.get("/api/v1/me").status_code == 200


def test_csrf_middleware_guards_every_unsafe_route(app: AlustaApp, auth_client: TestClient[AlustaApp]) -> None:
    @post("/api/v1/csrf-probe", status_code=200)
    async def probe() -> dict[str, bool]:
        return {"ok": True}

    app.register(probe)
    assert auth_client.post("/api/v1/csrf-probe").status_code == 200  # anonymous: nothing to forge
    login_as(auth_client)
    refused = auth_client.post("/api/v1/csrf-probe")
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:alusta:problem:csrf_failed"
    token = auth_client.get("/api/v1/me").json()["csrf_token"]
    assert auth_client.post("/api/v1/csrf-probe", headers={"x-csrf-token": token}).status_code == 200
