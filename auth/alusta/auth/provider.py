"""Talking to the OpenID provider: discovery, JWKS, request object, token and userinfo calls.

authlib drives the protocol (``AsyncOAuth2Client`` with ``private_key_jwt``); joserfc signs the
request object and assertion and verifies everything that comes back (see :mod:`.tokens`).
TLS is always verified, against ``ALUSTA_OIDC_CA_FILE`` when set (the dev CA for the test IdP).
"""

import secrets
import ssl
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx2
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from alusta.auth.keys import RelyingPartyKeys
from alusta.auth.tokens import LoginError
from alusta.settings import Settings

DISCOVERY_TTL = 3600.0
JWKS_TTL = 3600.0  # OP ISB: cache keys at most one day; refresh on unknown kid
ASSERTION_LIFETIME = 300  # seconds; Telia allows <= 60 min, OP suggests 600 s
REQUEST_OBJECT_LIFETIME = 600
HTTP_TIMEOUT = 10.0
MAX_RESPONSE_BYTES = 256 * 1024


class FtnPrivateKeyJWT(PrivateKeyJWT):  # type: ignore[misc]
    """private_key_jwt with a fresh ``jti`` per assertion, a short ``exp`` and a ``kid`` header.

    authlib's own class reuses one ``jti`` when given a claims dict, omits ``kid`` and sets
    ``exp`` one hour ahead (notes/oidc.md §4.3).
    """

    def __init__(self, token_endpoint: str, key: RSAKey) -> None:
        super().__init__(token_endpoint)
        self.key = key

    def sign(self, auth: Any, token_endpoint: str) -> str:
        now = int(time.time())
        claims = {
            "iss": auth.client_id,
            "sub": auth.client_id,
            "aud": token_endpoint,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
            "jti": secrets.token_urlsafe(32),
        }
        return jwt.encode({"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}, claims, self.key, algorithms=["RS256"])


@dataclass
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None


def _https(url: object) -> str:
    """Every endpoint of the provider is https (TLS only, ground rule 3)."""
    if not isinstance(url, str) or urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
        raise LoginError("provider_metadata_invalid", 502)
    return url


@dataclass
class OidcProvider:
    """Cached discovery and JWKS of the configured provider."""

    settings: Settings
    rp_keys: RelyingPartyKeys
    transport: httpx2.AsyncBaseTransport | None = None  # tests: the app itself via ASGITransport
    _metadata: ProviderMetadata | None = None
    _metadata_at: float = 0.0
    _jwks: KeySet | None = None
    _jwks_at: float = 0.0
    _ssl: ssl.SSLContext | None = field(default=None, repr=False)

    @property
    def issuer(self) -> str:
        return (self.settings.oidc_issuer or "").rstrip("/")

    @property
    def client_id(self) -> str:
        return self.settings.oidc_client_id or ""

    def _verify(self) -> ssl.SSLContext:
        if self._ssl is None:
            cafile = str(self.settings.oidc_ca_file) if self.settings.oidc_ca_file else None
            self._ssl = ssl.create_default_context(cafile=cafile)
        return self._ssl

    def client_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"timeout": HTTP_TIMEOUT, "follow_redirects": False, "verify": self._verify()}
        if self.transport is not None:
            options["transport"] = self.transport
        return options

    async def _get_json(self, url: str, error: str) -> dict[str, Any]:
        try:
            async with httpx2.AsyncClient(**self.client_options()) as client:
                response = await client.get(url, headers={"accept": "application/json"})
        except httpx2.HTTPError:
            raise LoginError("provider_unreachable", 502) from None
        if response.status_code != 200 or len(response.content) > MAX_RESPONSE_BYTES:
            raise LoginError(error, 502)
        try:
            document = response.json()
        except ValueError:
            raise LoginError(error, 502) from None
        if not isinstance(document, dict):
            raise LoginError(error, 502)
        return document

    async def metadata(self) -> ProviderMetadata:
        if self._metadata is not None and time.monotonic() - self._metadata_at < DISCOVERY_TTL:
            return self._metadata
        doc = await self._get_json(self.issuer + "/.well-known/openid-configuration", "provider_metadata_invalid")
        # rp-discovery-issuer-not-matching-config: the document must name the issuer we trust.
        if doc.get("issuer") != self.issuer:
            raise LoginError("provider_issuer_mismatch", 502)
        end_session = doc.get("end_session_endpoint")
        userinfo = doc.get("userinfo_endpoint")
        self._metadata = ProviderMetadata(
            issuer=self.issuer,
            authorization_endpoint=_https(doc.get("authorization_endpoint")),
            token_endpoint=_https(doc.get("token_endpoint")),
            jwks_uri=_https(doc.get("jwks_uri")),
            userinfo_endpoint=_https(userinfo) if userinfo else None,
            end_session_endpoint=_https(end_session) if end_session else None,
        )
        self._metadata_at = time.monotonic()
        return self._metadata

    async def jwks(self, refresh: bool = False) -> KeySet:  # noqa: FBT002 - matches tokens.ProviderKeys
        fresh = self._jwks is not None and time.monotonic() - self._jwks_at < JWKS_TTL
        if self._jwks is not None and fresh and not refresh:
            return self._jwks
        meta = await self.metadata()
        document = await self._get_json(meta.jwks_uri, "provider_jwks_invalid")
        keys = [key for key in document.get("keys", []) if isinstance(key, dict) and key.get("kty") == "RSA"]
        # Only signing keys verify tokens; a key marked for encryption is never used to verify.
        keys = [key for key in keys if key.get("use", "sig") == "sig"]
        try:
            self._jwks = KeySet.import_key_set({"keys": keys})
        except (ValueError, TypeError, KeyError):
            raise LoginError("provider_jwks_invalid", 502) from None
        self._jwks_at = time.monotonic()
        return self._jwks

    def request_object(self, meta: ProviderMetadata, params: dict[str, str]) -> str:
        """A signed request object (RFC 9101, RS256, kid) carrying every authorization parameter."""
        now = int(time.time())
        claims = {
            "iss": self.client_id,
            "aud": meta.issuer,
            "client_id": self.client_id,
            "iat": now,
            "exp": now + REQUEST_OBJECT_LIFETIME,
            "jti": secrets.token_urlsafe(16),
            **params,
        }
        key = self.rp_keys.signing
        header = {"alg": "RS256", "kid": key.kid, "typ": "oauth-authz-req+jwt"}
        return jwt.encode(header, claims, key, algorithms=["RS256"])

    def authorization_url(self, meta: ProviderMetadata, request_object: str) -> str:
        return meta.authorization_endpoint + "?" + urlencode({"client_id": self.client_id, "request": request_object})

    def _oauth_client(self, meta: ProviderMetadata) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.rp_keys.signing,
            token_endpoint_auth_method=FtnPrivateKeyJWT(meta.token_endpoint, self.rp_keys.signing),
            **self.client_options(),
        )

    async def exchange_code(self, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
        meta = await self.metadata()
        try:
            async with self._oauth_client(meta) as client:
                token = await client.fetch_token(
                    meta.token_endpoint,
                    grant_type="authorization_code",
                    code=code,
                    redirect_uri=redirect_uri,
                    code_verifier=verifier,
                    client_id=self.client_id,
                )
        except httpx2.HTTPError:
            raise LoginError("provider_unreachable", 502) from None
        except Exception:  # noqa: BLE001 - authlib raises OAuthError and others for any refusal
            raise LoginError("token_exchange_failed", 400) from None
        return dict(token)

    async def userinfo(self, access_token: str) -> str:
        meta = await self.metadata()
        if meta.userinfo_endpoint is None:
            raise LoginError("provider_metadata_invalid", 502)
        try:
            async with httpx2.AsyncClient(**self.client_options()) as client:
                response = await client.get(
                    meta.userinfo_endpoint,
                    headers={"authorization": f"Bearer {access_token}", "accept": "application/jwt"},
                )
        except httpx2.HTTPError:
            raise LoginError("provider_unreachable", 502) from None
        if response.status_code != 200 or len(response.content) > MAX_RESPONSE_BYTES:
            raise LoginError("userinfo_failed", 400)
        if "json" in response.headers.get("content-type", ""):
            raise LoginError("userinfo_not_encrypted")  # FTN: userinfo is always encrypted
        return response.text.strip()
