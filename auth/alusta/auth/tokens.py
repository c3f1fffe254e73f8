"""Reading the provider's nested tokens: JWE (decrypt) wrapping a JWS (verify), then claims.

Everything uses joserfc with explicit allow-lists (notes/oidc.md §4.3): python-jose has no JWE
allow-list and a CBC padding oracle, and authlib's ``parse_id_token`` accepts a foreign ``aud``
when ``azp`` is ours. Every failure is a :class:`LoginError` with a reason code; no token
content, claim value or library message reaches the caller or the log.
"""

import base64
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwe import JWERegistry
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from alusta.auth.identifiers import HETU_CLAIM, Hetu, InvalidIdentifierError, parse_hetu

JWE_ALGORITHMS = ("RSA-OAEP", "RSA-OAEP-256")  # key management (RSA1_5 and dir refused)
JWE_ENCRYPTIONS = ("A128CBC-HS256", "A256GCM")  # content encryption
JWS_ALGORITHMS = ("RS256",)  # none, HS* (public-key-as-secret confusion), ES* refused
LOA2 = "http://ftn.ficora.fi/2017/loa2"
LOA3 = "http://ftn.ficora.fi/2017/loa3"
LOA_RANK = {LOA2: 2, LOA3: 3}
MAX_ID_TOKEN_AGE = 600  # seconds: the ID token comes straight from the token endpoint
MAX_TOKEN_BYTES = 64 * 1024  # an oversized JWE is refused before any work
_JWE_REGISTRY = JWERegistry(algorithms=[*JWE_ALGORITHMS, *JWE_ENCRYPTIONS])
_JWS_REGISTRY = JWSRegistry(algorithms=list(JWS_ALGORITHMS))


class LoginError(Exception):
    """A refused login. ``reason`` is a stable code for the metric, log and problem type."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class VerifiedToken:
    header: Mapping[str, Any]
    claims: Mapping[str, Any]


ProviderKeys = Callable[[bool], Awaitable[KeySet]]  # argument: force a refresh


def _b64_header(token: str) -> dict[str, Any]:
    head = token.split(".", 1)[0]
    try:
        decoded = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise LoginError("token_malformed") from None
    if not isinstance(decoded, dict):
        raise LoginError("token_malformed")
    return decoded


def decrypt(token: object, decryption_keys: KeySet) -> bytes:
    """Decrypt a compact JWE; a plain JWS (unencrypted ID token) is refused."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_BYTES:
        raise LoginError("token_malformed")
    if token.count(".") != 4:
        raise LoginError("token_not_encrypted")
    header = _b64_header(token)
    if header.get("alg") not in JWE_ALGORITHMS or header.get("enc") not in JWE_ENCRYPTIONS:
        raise LoginError("jwe_algorithm_refused")
    if "zip" in header:
        raise LoginError("jwe_compression_refused")
    if header.get("cty", "JWT").upper() != "JWT":
        raise LoginError("jwe_content_type_refused")
    try:
        return bytes(jwe.decrypt_compact(token, decryption_keys, registry=_JWE_REGISTRY).plaintext or b"")
    except JoseError:
        raise LoginError("jwe_decryption_failed") from None
    except (ValueError, TypeError):
        raise LoginError("token_malformed") from None


async def verify_signature(inner: bytes, provider_keys: ProviderKeys) -> VerifiedToken:
    """Verify the inner JWS with the provider's JWKS; an unknown ``kid`` refreshes it once."""
    text = inner.decode("ascii", errors="replace")
    if text.count(".") != 2:
        raise LoginError("token_malformed")
    header = _b64_header(text)
    if header.get("alg") not in JWS_ALGORITHMS:
        raise LoginError("jws_algorithm_refused")
    for refresh in (False, True):
        keys = await provider_keys(refresh)
        kid = header.get("kid")
        if kid is not None and all(key.kid != kid for key in keys.keys):
            continue  # rotation: refetch the JWKS once
        try:
            result = jws.deserialize_compact(text, keys, registry=_JWS_REGISTRY)
        except JoseError:
            raise LoginError("jws_signature_invalid") from None
        try:
            claims = json.loads(result.payload)
        except ValueError:
            raise LoginError("token_malformed") from None
        if not isinstance(claims, dict):
            raise LoginError("token_malformed")
        return VerifiedToken(header=dict(result.protected), claims=claims)
    raise LoginError("jws_unknown_key")


@dataclass(frozen=True)
class Expected:
    issuer: str
    client_id: str
    nonce: str
    acr_min: str
    skew: int
    allow_synthetic: bool


def _number(claims: Mapping[str, Any], name: str) -> int:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LoginError(f"id_token_{name}_missing")
    return int(value)


def _validate_audience(claims: Mapping[str, Any], client_id: str) -> None:
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    if client_id not in audiences:
        raise LoginError("id_token_aud_invalid")
    # An extra audience is accepted only when azp names us (OIDC Core §3.1.3.7 items 4-5).
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != client_id:
        raise LoginError("id_token_azp_invalid")


def _validate_times(claims: Mapping[str, Any], skew: int) -> None:
    now = int(time.time())
    if _number(claims, "exp") + skew <= now:
        raise LoginError("id_token_expired")
    iat = _number(claims, "iat")
    if iat - skew > now:
        raise LoginError("id_token_iat_in_future")
    if iat + MAX_ID_TOKEN_AGE + skew < now:
        raise LoginError("id_token_iat_too_old")  # a token minted long ago is not this login's


def validate_id_token(claims: Mapping[str, Any], expected: Expected) -> Hetu:
    """OIDC Core §3.1.3.7 plus the FTN rules; returns the validated henkilötunnus."""
    if claims.get("iss") != expected.issuer:
        raise LoginError("id_token_iss_invalid")
    _validate_audience(claims, expected.client_id)
    _validate_times(claims, expected.skew)
    if not isinstance(claims.get("nonce"), str) or claims["nonce"] != expected.nonce:
        raise LoginError("id_token_nonce_invalid")
    if not isinstance(claims.get("sub"), str) or not claims["sub"].strip():
        raise LoginError("id_token_sub_missing")
    acr = claims.get("acr")
    if acr not in LOA_RANK or LOA_RANK[acr] < LOA_RANK[expected.acr_min]:
        raise LoginError("id_token_acr_insufficient")
    try:
        return parse_hetu(claims.get(HETU_CLAIM), allow_synthetic=expected.allow_synthetic)
    except InvalidIdentifierError:
        raise LoginError("id_token_hetu_invalid") from None


def validate_userinfo(claims: Mapping[str, Any], id_token_claims: Mapping[str, Any]) -> None:
    """Userinfo must be about the same subject (rp-userinfo-bad-sub-claim)."""
    if claims.get("sub") != id_token_claims.get("sub"):
        raise LoginError("userinfo_sub_mismatch")
    hetu = claims.get(HETU_CLAIM)
    if hetu is not None and hetu != id_token_claims.get(HETU_CLAIM):
        raise LoginError("userinfo_hetu_mismatch")
