"""State and token minting of the test identity provider (FTN-profile OP double).

Tokens are *signed with python-jose* (a second JOSE implementation, so the RP is not only tested
against itself) and encrypted with joserfc to the RP's ``use=enc`` key. Incoming JWTs (request
objects, client assertions) are verified with joserfc and RS256 only.
Tests may set the ``mutate_*``/``encode_id_token``/``token_error`` hooks to produce the broken
responses of the negative-test catalogue (notes/oidc.md §6).
"""

import base64
import hashlib
import secrets
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwt as jose_jwt
from joserfc import jwe, jwt
from joserfc.errors import JoseError
from joserfc.jwe import JWERegistry
from joserfc.jwk import KeySet, RSAKey

from alusta.auth.keys import RelyingPartyKeys
from alusta.auth.testidp.identities import SyntheticPerson
from alusta.auth.tokens import LOA2, LOA3

ACRS = (LOA2, LOA3)
# The double may produce off-profile JWEs (RSA1_5 ...) for negative tests; the RP never uses this.
_ANY_JWE = JWERegistry(
    algorithms=["RSA-OAEP", "RSA-OAEP-256", "RSA1_5", "A128CBC-HS256", "A256CBC-HS512", "A128GCM", "A256GCM"]
)
CODE_LIFETIME = 60
TOKEN_LIFETIME = 600
MAX_ASSERTION_LIFETIME = 3600


class IdpError(Exception):
    def __init__(self, error: str, status: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.status = status


@dataclass(frozen=True)
class Client:
    client_id: str
    redirect_uris: frozenset[str]
    post_logout_prefix: str
    frontchannel_logout_uri: str
    signing_keys: KeySet
    encryption_key: RSAKey


@dataclass(frozen=True)
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    state: str | None
    acr: str
    code_challenge: str
    person: SyntheticPerson | None = None
    sid: str = ""
    issued: float = 0.0


def signing_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass
class BuiltinIdp:
    issuer: str
    clients: dict[str, Client]
    signing_key: rsa.RSAPrivateKey
    kid: str = ""
    retired: list[RSAKey] = field(default_factory=list)
    pending: dict[str, Grant] = field(default_factory=dict)
    codes: dict[str, Grant] = field(default_factory=dict)
    access_tokens: dict[str, tuple[Grant, float]] = field(default_factory=dict)
    seen_jti: set[str] = field(default_factory=set)
    # Hooks for negative tests.
    mutate_id_token_claims: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    mutate_userinfo_claims: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    encode_id_token: Callable[[dict[str, Any], "BuiltinIdp"], str] | None = None
    encode_userinfo: Callable[[dict[str, Any], "BuiltinIdp"], str] | None = None
    token_error: str | None = None

    def __post_init__(self) -> None:
        if not self.kid:
            self.kid = self.public_jwk().thumbprint()

    def public_jwk(self) -> RSAKey:
        return RSAKey.import_key(self.signing_key.public_key())

    def jwks(self) -> dict[str, Any]:
        keys = [self.public_jwk(), *self.retired]
        out = []
        for key in keys:
            member = key.as_dict(private=False)
            out.append({**member, "kid": member.get("kid") or key.thumbprint(), "use": "sig", "alg": "RS256"})
        out[0]["kid"] = self.kid
        return {"keys": out}

    def rotate_signing_key(self) -> None:
        """A new signing key; the old one stays published (overlap), as OP ISB rotates weekly."""
        old = RSAKey.import_key(self.public_jwk().as_dict(), {"kid": self.kid})
        self.retired = [old]
        self.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = self.public_jwk().thumbprint()

    def endpoint(self, name: str) -> str:
        return f"{self.issuer}/{name}"

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.endpoint("authorize"),
            "token_endpoint": self.endpoint("token"),
            "userinfo_endpoint": self.endpoint("userinfo"),
            "jwks_uri": self.endpoint("jwks"),
            "end_session_endpoint": self.endpoint("end-session"),
            "frontchannel_logout_supported": True,
            "frontchannel_logout_session_supported": True,
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "scopes_supported": ["openid", "profile"],
            "acr_values_supported": list(ACRS),
            "ui_locales_supported": ["fi", "sv", "en"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "request_object_signing_alg_values_supported": ["RS256"],
            "request_parameter_supported": True,
            "id_token_signing_alg_values_supported": ["RS256"],
            "id_token_encryption_alg_values_supported": ["RSA-OAEP", "RSA-OAEP-256"],
            "id_token_encryption_enc_values_supported": ["A128CBC-HS256", "A256GCM"],
            "userinfo_signing_alg_values_supported": ["RS256"],
            "userinfo_encryption_alg_values_supported": ["RSA-OAEP", "RSA-OAEP-256"],
            "userinfo_encryption_enc_values_supported": ["A128CBC-HS256", "A256GCM"],
            "claims_supported": ["sub", "acr", "urn:oid:1.2.246.21", "given_name", "family_name", "name", "sid"],
        }

    # --- authorization -------------------------------------------------------------------
    def authorize(self, client_id: str | None, request_object: str | None) -> tuple[str, Grant]:
        """Validate a signed request object; returns a ticket for the identity-picking page."""
        client = self.clients.get(client_id or "")
        if client is None or not request_object:
            raise IdpError("invalid_request")
        try:
            claims = jwt.decode(request_object, client.signing_keys, algorithms=["RS256"]).claims
        except (JoseError, ValueError):
            raise IdpError("invalid_request_object") from None
        now = time.time()
        checks = (
            claims.get("iss") == client_id,
            claims.get("client_id") == client_id,
            claims.get("aud") == self.issuer,
            isinstance(claims.get("exp"), int) and claims["exp"] > now,
            claims.get("response_type") == "code",
            "openid" in str(claims.get("scope", "")).split(),
            claims.get("redirect_uri") in client.redirect_uris,
            claims.get("code_challenge_method") == "S256" and bool(claims.get("code_challenge")),
            claims.get("acr_values") in ACRS,
        )
        if not all(checks):
            raise IdpError("invalid_request_object")
        grant = Grant(
            client_id=client.client_id,
            redirect_uri=claims["redirect_uri"],
            nonce=claims.get("nonce"),
            state=claims.get("state"),
            acr=claims["acr_values"],
            code_challenge=claims["code_challenge"],
        )
        ticket = secrets.token_urlsafe(24)
        self.pending[ticket] = grant
        return ticket, grant

    def select(self, ticket: str, person: SyntheticPerson, acr: str, sid: str) -> tuple[str, Grant]:
        grant = self.pending.pop(ticket, None)
        if grant is None or acr not in ACRS:
            raise IdpError("invalid_request")
        code = secrets.token_urlsafe(32)
        chosen = Grant(**{**grant.__dict__, "person": person, "acr": acr, "sid": sid, "issued": time.time()})
        self.codes[code] = chosen
        return code, chosen

    def cancel(self, ticket: str) -> Grant:
        grant = self.pending.pop(ticket, None)
        if grant is None:
            raise IdpError("invalid_request")
        return grant

    # --- token endpoint --------------------------------------------------------------------
    def _check_assertion(self, client: Client, assertion: str | None, assertion_type: str | None) -> None:
        if assertion_type != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" or not assertion:
            raise IdpError("invalid_client", 401)
        try:
            token = jwt.decode(assertion, client.signing_keys, algorithms=["RS256"])
        except (JoseError, ValueError):
            raise IdpError("invalid_client", 401) from None
        claims, now = token.claims, time.time()
        jti = claims.get("jti")
        ok = (
            token.header.get("kid") is not None
            and claims.get("iss") == client.client_id
            and claims.get("sub") == client.client_id
            and claims.get("aud") == self.endpoint("token")
            and isinstance(claims.get("exp"), int)
            and now < claims["exp"] <= now + MAX_ASSERTION_LIFETIME
            and isinstance(jti, str)
            and jti not in self.seen_jti
        )
        if not ok or not isinstance(jti, str):
            raise IdpError("invalid_client", 401)
        self.seen_jti.add(jti)

    def token(self, form: dict[str, str]) -> dict[str, Any]:
        client = self.clients.get(form.get("client_id", ""))
        if client is None:
            raise IdpError("invalid_client", 401)
        self._check_assertion(client, form.get("client_assertion"), form.get("client_assertion_type"))
        if self.token_error:
            raise IdpError(self.token_error)
        grant = self.codes.pop(form.get("code", ""), None)  # single use
        if grant is None or grant.client_id != client.client_id or time.time() - grant.issued > CODE_LIFETIME:
            raise IdpError("invalid_grant")
        if form.get("grant_type") != "authorization_code" or form.get("redirect_uri") != grant.redirect_uri:
            raise IdpError("invalid_grant")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or not secrets.compare_digest(challenge, grant.code_challenge):
            raise IdpError("invalid_grant")
        access_token = secrets.token_urlsafe(32)
        self.access_tokens[access_token] = (grant, time.time() + TOKEN_LIFETIME)
        claims = self.id_token_claims(grant)
        if self.mutate_id_token_claims is not None:
            claims = self.mutate_id_token_claims(claims)
        encoder = self.encode_id_token or BuiltinIdp.sign_and_encrypt
        return {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME,
            "id_token": encoder(claims, self),
        }

    def id_token_claims(self, grant: Grant) -> dict[str, Any]:
        assert grant.person is not None
        now = int(time.time())
        person = grant.person
        claims = {
            "iss": self.issuer,
            "sub": "test-" + hashlib.sha256(person.hetu.encode()).hexdigest()[:24],
            "aud": grant.client_id,
            "exp": now + TOKEN_LIFETIME,
            "iat": now,
            "auth_time": now,
            "acr": grant.acr,
            "sid": grant.sid,
            "urn:oid:1.2.246.21": person.hetu,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "name": f"{person.given_name} {person.family_name}",
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        return claims

    def userinfo(self, authorization: str | None) -> str:
        if not authorization or not authorization.startswith("Bearer "):
            raise IdpError("invalid_token", 401)
        entry = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if entry is None or entry[1] < time.time():
            raise IdpError("invalid_token", 401)
        grant = entry[0]
        claims = self.id_token_claims(grant)
        claims = {k: v for k, v in claims.items() if k not in {"exp", "iat", "auth_time", "nonce", "sid", "acr"}}
        if self.mutate_userinfo_claims is not None:
            claims = self.mutate_userinfo_claims(claims)
        encoder = self.encode_userinfo or BuiltinIdp.sign_and_encrypt
        return encoder(claims, self)

    # --- JOSE --------------------------------------------------------------------------------
    def sign(self, claims: dict[str, Any], headers: dict[str, Any] | None = None) -> str:
        """Sign with python-jose (RS256, kid)."""
        header = {"kid": self.kid, **(headers or {})}
        return str(jose_jwt.encode(claims, signing_pem(self.signing_key), algorithm="RS256", headers=header))

    def encrypt(
        self, inner: str, client_id: str, alg: str = "RSA-OAEP", enc: str = "A128CBC-HS256", **extra: str
    ) -> str:
        """JWE to the client's encryption key; tests may pick off-profile ``alg``/``enc``."""
        key = self.clients[client_id].encryption_key
        header = {"alg": alg, "enc": enc, "cty": "JWT", "kid": key.kid, **extra}
        with warnings.catch_warnings():
            # joserfc warns when asked for a deprecated alg (RSA1_5): here that is the point.
            warnings.simplefilter("ignore")
            return jwe.encrypt_compact(header, inner, key, registry=_ANY_JWE)

    @staticmethod
    def sign_and_encrypt(claims: dict[str, Any], idp: "BuiltinIdp") -> str:
        audience = claims.get("aud")
        client_id = audience if isinstance(audience, str) and audience in idp.clients else next(iter(idp.clients))
        return idp.encrypt(idp.sign(claims), client_id)


def client_from_rp(client_id: str, rp_public_url: str, rp_keys: RelyingPartyKeys) -> Client:
    base = rp_public_url.rstrip("/")
    signing = [RSAKey.import_key(k.as_dict(private=False)) for k in (rp_keys.signing, rp_keys.previous_signing) if k]
    return Client(
        client_id=client_id,
        redirect_uris=frozenset({base + "/auth/callback"}),
        post_logout_prefix=base + "/",
        frontchannel_logout_uri=base + "/auth/frontchannel-logout",
        signing_keys=KeySet(signing),  # type: ignore[arg-type]
        encryption_key=RSAKey.import_key(rp_keys.encryption.as_dict(private=False)),
    )
