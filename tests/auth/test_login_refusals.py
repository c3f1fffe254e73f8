"""Every refused login (issue 4 "Done when", notes/oidc.md §6 for a code-flow RP + FTN items).

Each case must refuse: a 4xx problem, no session, ``alusta_auth_failures{reason}`` incremented,
and a log line with the reason code and no personal data.
"""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwt as jose_jwt
from joserfc import jwe
from joserfc.jwe import JWERegistry
from joserfc.jwk import RSAKey
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.auth.sessions import LOGIN_COOKIE
from alusta.auth.testidp.core import BuiltinIdp, signing_pem
from fixtures.auth import login_as, pick_identity, start_login

HETU = "010594Y9032"  # the person "yrjo" logs in with this synthetic code
Hook = Callable[[BuiltinIdp], None]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _client_id(idp: BuiltinIdp) -> str:
    return next(iter(idp.clients))


def _encode(make: Callable[[dict[str, Any], BuiltinIdp], str]) -> Hook:
    def hook(idp: BuiltinIdp) -> None:
        idp.encode_id_token = make

    return hook


def _claims(change: Callable[[dict[str, Any]], None]) -> Hook:
    def hook(idp: BuiltinIdp) -> None:
        def mutate(claims: dict[str, Any]) -> dict[str, Any]:
            change(claims)
            return claims

        idp.mutate_id_token_claims = mutate

    return hook


def _set(**values: Any) -> Hook:
    return _claims(lambda claims: claims.update(values))


def _drop(name: str) -> Hook:
    return _claims(lambda claims: claims.pop(name, None))


def _other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _wrong_enc_key(claims: dict[str, Any], idp: BuiltinIdp) -> str:
    kid = idp.clients[_client_id(idp)].encryption_key.kid
    key = RSAKey.import_key(_other_key().public_key())
    return jwe.encrypt_compact(
        {"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "cty": "JWT", "kid": kid}, idp.sign(claims), key
    )


def _wrong_sig_key(claims: dict[str, Any], idp: BuiltinIdp) -> str:
    inner = jose_jwt.encode(claims, signing_pem(_other_key()), algorithm="RS256", headers={"kid": idp.kid})
    return idp.encrypt(inner, _client_id(idp))


def _alg_none(claims: dict[str, Any], idp: BuiltinIdp) -> str:
    inner = _b64(json.dumps({"alg": "none", "kid": idp.kid}).encode()) + "." + _b64(json.dumps(claims).encode()) + "."
    return idp.encrypt(inner, _client_id(idp))


def _hs256_public_key(claims: dict[str, Any], idp: BuiltinIdp) -> str:
    secret = idp.signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        _b64(json.dumps({"alg": "HS256", "kid": idp.kid}).encode()) + "." + _b64(json.dumps(claims).encode())
    )
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return idp.encrypt(signing_input + "." + _b64(signature), _client_id(idp))


def _no_kid_many_keys(claims: dict[str, Any], idp: BuiltinIdp) -> str:
    idp.rotate_signing_key()  # two keys published now
    return idp.encrypt(jose_jwt.encode(claims, signing_pem(idp.signing_key), algorithm="RS256"), _client_id(idp))


def _zip(claims: dict[str, Any], idp: BuiltinIdp) -> str:
    key = idp.clients[_client_id(idp)].encryption_key
    header = {"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "cty": "JWT", "kid": key.kid, "zip": "DEF"}
    registry = JWERegistry(algorithms=["RSA-OAEP", "A128CBC-HS256", "DEF"])
    return jwe.encrypt_compact(header, idp.sign(claims), key, registry=registry)


def _userinfo(change: Callable[[dict[str, Any]], None]) -> Hook:
    def hook(idp: BuiltinIdp) -> None:
        def mutate(claims: dict[str, Any]) -> dict[str, Any]:
            change(claims)
            return claims

        idp.mutate_userinfo_claims = mutate

    return hook


def _userinfo_plain(idp: BuiltinIdp) -> None:
    idp.encode_userinfo = lambda claims, provider: provider.sign(claims)


def _token_error(idp: BuiltinIdp) -> None:
    idp.token_error = "invalid_grant"


def _now() -> int:
    return int(time.time())


CASES: dict[str, tuple[Hook, str]] = {
    "unencrypted-id-token": (_encode(lambda c, idp: idp.sign(c)), "token_not_encrypted"),
    "jwe-rsa1_5": (
        _encode(lambda c, idp: idp.encrypt(idp.sign(c), _client_id(idp), alg="RSA1_5")),
        "jwe_algorithm_refused",
    ),
    "jwe-enc-a256cbc": (
        _encode(lambda c, idp: idp.encrypt(idp.sign(c), _client_id(idp), enc="A256CBC-HS512")),
        "jwe_algorithm_refused",
    ),
    "jwe-cty-not-jwt": (
        _encode(lambda c, idp: idp.encrypt(idp.sign(c), _client_id(idp), cty="JSON")),
        "jwe_content_type_refused",
    ),
    "jwe-compressed": (_encode(_zip), "jwe_compression_refused"),
    "jwe-wrong-key": (_encode(_wrong_enc_key), "jwe_decryption_failed"),
    "jws-wrong-key": (_encode(_wrong_sig_key), "jws_signature_invalid"),
    "jws-alg-none": (_encode(_alg_none), "jws_algorithm_refused"),
    "jws-hs256-public-key": (_encode(_hs256_public_key), "jws_algorithm_refused"),
    "jws-kid-absent-multiple-keys": (_encode(_no_kid_many_keys), "jws_signature_invalid"),
    "wrong-iss": (_set(iss="https://evil.example.test/test-idp"), "id_token_iss_invalid"),
    "wrong-aud": (_set(aud="someone-else"), "id_token_aud_invalid"),
    "foreign-aud-with-our-azp": (_claims(lambda c: c.update(aud="someone-else", azp=c["aud"])), "id_token_aud_invalid"),
    "extra-aud-without-azp": (_claims(lambda c: c.update(aud=[c["aud"], "other"])), "id_token_azp_invalid"),
    "extra-aud-wrong-azp": (_claims(lambda c: c.update(aud=[c["aud"], "other"], azp="other")), "id_token_azp_invalid"),
    "expired": (_claims(lambda c: c.update(exp=_now() - 3600)), "id_token_expired"),
    "missing-exp": (_drop("exp"), "id_token_exp_missing"),
    "future-iat": (_claims(lambda c: c.update(iat=_now() + 3600)), "id_token_iat_in_future"),
    "missing-iat": (_drop("iat"), "id_token_iat_missing"),
    "stale-iat": (_claims(lambda c: c.update(iat=_now() - 3600)), "id_token_iat_too_old"),
    "wrong-nonce": (_set(nonce="not-the-nonce-we-sent"), "id_token_nonce_invalid"),
    "missing-nonce": (_drop("nonce"), "id_token_nonce_invalid"),
    "missing-acr": (_drop("acr"), "id_token_acr_insufficient"),
    "test-acr": (_set(acr="http://ftn.ficora.fi/2017/loatest2"), "id_token_acr_insufficient"),
    "missing-hetu": (_drop("urn:oid:1.2.246.21"), "id_token_hetu_invalid"),
    "invalid-hetu": (_set(**{"urn:oid:1.2.246.21": "010594Y9033"}), "id_token_hetu_invalid"),
    "empty-sub": (_set(sub=""), "id_token_sub_missing"),
    "missing-sub": (_drop("sub"), "id_token_sub_missing"),
    "userinfo-other-sub": (_userinfo(lambda c: c.update(sub="someone-else")), "userinfo_sub_mismatch"),
    "userinfo-unencrypted": (_userinfo_plain, "token_not_encrypted"),
    "token-endpoint-error": (_token_error, "token_exchange_failed"),
}


def assert_refused(client: TestClient[AlustaApp], app: AlustaApp, response: Any, reason: str, caplog: Any) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.json()["type"] == "urn:alusta:problem:" + reason
    assert client.get("/api/v1/me").status_code == 401
    sample = app.shell.metrics.registry.get_sample_value("alusta_auth_failures_total", {"reason": reason})
    assert sample == 1.0
    lines = [str(record.msg) for record in caplog.records]
    assert any("login_refused" in line and reason in line for line in lines)
    assert not any(HETU in line for line in lines)
    assert HETU not in response.text


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused(
    case: str, auth_client: TestClient[AlustaApp], app: AlustaApp, test_idp: BuiltinIdp, caplog: Any
) -> None:
    hook, reason = CASES[case]
    hook(test_idp)
    response = login_as(auth_client, "yrjo")
    assert_refused(auth_client, app, response, reason, caplog)


def test_weaker_acr_than_requested(auth_client: TestClient[AlustaApp], app: AlustaApp, caplog: Any) -> None:
    response = login_as(auth_client, "yrjo", acr="loa2", login_acr="loa3")
    assert_refused(auth_client, app, response, "id_token_acr_insufficient", caplog)


def test_state_mismatch(auth_client: TestClient[AlustaApp], app: AlustaApp, caplog: Any) -> None:
    callback = pick_identity(auth_client, start_login(auth_client))
    parts = urlsplit(callback)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | {"state": "forged"}
    response = auth_client.get(parts.path + "?" + urlencode(query), follow_redirects=False)
    assert_refused(auth_client, app, response, "state_mismatch", caplog)


def test_missing_pre_login_cookie(auth_client: TestClient[AlustaApp], app: AlustaApp, caplog: Any) -> None:
    callback = pick_identity(auth_client, start_login(auth_client))
    auth_client.cookies.delete(LOGIN_COOKIE)
    response = auth_client.get(callback, follow_redirects=False)
    assert_refused(auth_client, app, response, "login_cookie_missing", caplog)


def test_replayed_callback(auth_client: TestClient[AlustaApp], app: AlustaApp, caplog: Any) -> None:
    callback = pick_identity(auth_client, start_login(auth_client))
    cookie = auth_client.cookies.get(LOGIN_COOKIE)
    assert cookie
    assert auth_client.get(callback, follow_redirects=False).status_code == 303
    auth_client.cookies.clear()  # a fresh browser replays the same callback with the old cookie
    auth_client.cookies.set(LOGIN_COOKIE, cookie)
    response = auth_client.get(callback, follow_redirects=False)
    assert_refused(auth_client, app, response, "login_state_unknown", caplog)


def test_provider_cancel(auth_client: TestClient[AlustaApp], app: AlustaApp, caplog: Any) -> None:
    authorize_url = start_login(auth_client)
    page = auth_client.get(authorize_url)
    ticket = page.text.split('name="ticket" value="', 1)[1].split('"', 1)[0]
    back = auth_client.post("/test-idp/select", data={"ticket": ticket, "choice": "cancel"}, follow_redirects=False)
    assert "error=access_denied" in back.headers["location"]
    response = auth_client.get(back.headers["location"], follow_redirects=False)
    assert_refused(auth_client, app, response, "provider_error_cancel", caplog)


def test_code_missing(auth_client: TestClient[AlustaApp], app: AlustaApp, caplog: Any) -> None:
    callback = pick_identity(auth_client, start_login(auth_client))
    parts = urlsplit(callback)
    state = parse_qs(parts.query)["state"][0]
    response = auth_client.get(parts.path + "?" + urlencode({"state": state}), follow_redirects=False)
    assert_refused(auth_client, app, response, "code_missing", caplog)


def test_kid_absent_single_key_is_accepted(auth_client: TestClient[AlustaApp], test_idp: BuiltinIdp) -> None:
    """rp-id_token-kid-absent-single-jwks: one published key and no kid verifies."""
    test_idp.encode_id_token = lambda claims, idp: idp.encrypt(
        jose_jwt.encode(claims, signing_pem(idp.signing_key), algorithm="RS256"), _client_id(idp)
    )
    assert login_as(auth_client, "yrjo").status_code == 303


def test_discovery_issuer_mismatch(
    auth_client: TestClient[AlustaApp], app: AlustaApp, test_idp: BuiltinIdp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rp-discovery-issuer-not-matching-config: the login does not even start."""
    real = test_idp.discovery
    monkeypatch.setattr(test_idp, "discovery", lambda: {**real(), "issuer": "https://evil.example.test/test-idp"})
    response = auth_client.get("/auth/login", follow_redirects=False)
    assert response.status_code == 502
    assert response.json()["type"] == "urn:alusta:problem:provider_issuer_mismatch"
    sample = app.shell.metrics.registry.get_sample_value(
        "alusta_auth_failures_total", {"reason": "provider_issuer_mismatch"}
    )
    assert sample == 1.0
