"""The login rules: start a login, finish it, refuse anything off-profile.

Pre-login state (``state``, ``nonce``, PKCE verifier, ``next``, requested ``acr``) lives in the
server-side store under the hash of a random pre-login cookie: single use (popped), short-lived.
"""

import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from alusta.auth.identifiers import Hetu
from alusta.auth.identity import IdentityVault
from alusta.auth.keys import RelyingPartyKeys
from alusta.auth.provider import OidcProvider
from alusta.auth.sessions import SessionManager
from alusta.auth.store import KeyValueStore, store_key
from alusta.auth.tokens import LOA2, LOA3, Expected, LoginError, decrypt, validate_id_token, validate_userinfo
from alusta.auth.tokens import verify_signature as verify_jws
from alusta.i18n import Lang
from alusta.logs import get_logger
from alusta.settings import Settings
from alusta.web.input_guard import FORBIDDEN_TEXT

SCOPE = "openid profile"
ACR_BY_NAME = {"loa2": LOA2, "loa3": LOA3}
MAX_NEXT_LENGTH = 512
log = get_logger("alusta.auth")
# Run after a login's identity is stored (committed): (sessionmaker, vault, identity id, hetu).
# The tenants domain registers one that turns pending staff invitations into memberships.
LoginHook = Callable[[async_sessionmaker[AsyncSession], IdentityVault, int, Hetu], Awaitable[None]]


def safe_next(value: str | None) -> str:
    """Only a local absolute path: no scheme, no host, no protocol-relative ``//`` (open redirect)."""
    if not value or len(value) > MAX_NEXT_LENGTH or not value.startswith("/"):
        return "/"
    if value.startswith(("//", "/\\")) or any(ch in value for ch in "\\\r\n\t") or ":" in value.split("?", 1)[0]:
        return "/"
    return value


@dataclass(frozen=True)
class LoginStart:
    redirect_url: str
    cookie_token: str


@dataclass(frozen=True)
class LoginResult:
    session_token: str
    next_path: str
    identity_id: int


@dataclass
class AuthRuntime:
    """Everything the auth routes need, built once per app by the plugin."""

    settings: Settings
    rp_keys: RelyingPartyKeys
    provider: OidcProvider
    store: KeyValueStore
    sessions: SessionManager
    vault: IdentityVault
    sessionmaker: async_sessionmaker[AsyncSession]
    login_hooks: list[LoginHook] = field(default_factory=list)

    @property
    def redirect_uri(self) -> str:
        return (self.settings.public_url or "").rstrip("/") + "/auth/callback"

    async def start_login(self, next_path: str | None, acr: str | None, lang: Lang) -> LoginStart:
        acr_value = ACR_BY_NAME.get(acr or "loa2")
        if acr_value is None:
            raise LoginError("acr_unknown")
        meta = await self.provider.metadata()
        cookie_token = secrets.token_urlsafe(32)
        state = secrets.token_urlsafe(32)
        nonce = secrets.token_urlsafe(32)  # >= 128 bits (OP ISB §7)
        verifier = secrets.token_urlsafe(64)
        pending = {"state": state, "nonce": nonce, "verifier": verifier, "next": safe_next(next_path), "acr": acr_value}
        ttl = self.settings.login_state_ttl_seconds
        await self.store.set(store_key("login", cookie_token), json.dumps(pending).encode(), ttl)
        request_object = self.provider.request_object(
            meta,
            {
                "response_type": "code",
                "scope": SCOPE,
                "redirect_uri": self.redirect_uri,
                "state": state,
                "nonce": nonce,
                "code_challenge": create_s256_code_challenge(verifier),
                "code_challenge_method": "S256",
                "acr_values": acr_value,
                "ui_locales": lang.value,
            },
        )
        return LoginStart(self.provider.authorization_url(meta, request_object), cookie_token)

    async def _pending(self, cookie_token: str | None) -> dict[str, Any]:
        if not cookie_token:
            raise LoginError("login_cookie_missing")
        raw = await self.store.pop(store_key("login", cookie_token))  # single use: a replay finds nothing
        if raw is None:
            raise LoginError("login_state_unknown")
        pending = json.loads(raw)
        if not isinstance(pending, dict):
            raise LoginError("login_state_unknown")
        return pending

    async def finish_login(
        self, params: dict[str, str], cookie_token: str | None, old_session: str | None, db: AsyncSession
    ) -> LoginResult:
        pending = await self._pending(cookie_token)
        if "error" in params:
            raise LoginError(
                "provider_error_" + ("cancel" if params["error"] in {"access_denied", "cancel"} else "other")
            )
        if not hmac.compare_digest(params.get("state", "").encode(), str(pending["state"]).encode()):
            raise LoginError("state_mismatch")
        code = params.get("code")
        if not code:
            raise LoginError("code_missing")
        token = await self.provider.exchange_code(code, self.redirect_uri, pending["verifier"])
        expected = Expected(
            issuer=self.provider.issuer,
            client_id=self.provider.client_id,
            nonce=pending["nonce"],
            acr_min=pending["acr"],
            skew=self.settings.oidc_clock_skew_seconds,
            allow_synthetic=not self.settings.is_production,
        )
        decryption_keys = self.rp_keys.decryption_keys()
        id_token = await verify_jws(decrypt(token.get("id_token"), decryption_keys), self.provider.jwks)
        hetu = validate_id_token(id_token.claims, expected)
        access_token = token.get("access_token")
        if isinstance(access_token, str) and access_token:
            raw_userinfo = await self.provider.userinfo(access_token)
            userinfo = await verify_jws(decrypt(raw_userinfo, decryption_keys), self.provider.jwks)
            validate_userinfo(userinfo.claims, id_token.claims)
        name = display_name(id_token.claims)
        identity = await self.vault.upsert(db, hetu, name)
        await db.commit()
        for hook in self.login_hooks:
            try:
                await hook(self.sessionmaker, self.vault, identity.id, hetu)
            except Exception as exc:  # noqa: BLE001 - a failed follow-up never blocks the login itself
                log.warning("login_hook_failed", error=type(exc).__name__)
        sid = id_token.claims.get("sid")
        session_token = await self.sessions.create(
            identity.id,
            str(id_token.claims["acr"]),
            self.provider.issuer,
            sid if isinstance(sid, str) and sid else None,
            old_session,
            name=name,
        )
        return LoginResult(session_token, str(pending["next"]), identity.id)


MAX_NAME_CHARS = 100


def display_name(claims: Mapping[str, Any]) -> str | None:
    """The name the header shows ("Ulla Uu"), from the ID token's name claims; None if unusable.

    Only for display: never an identifier, never logged. Control and bidi-override characters
    are refused as in any input (issue 17 point 4), and an over-long name is not shown.
    """
    parts = [claims.get("given_name"), claims.get("family_name")]
    text = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
    if not text and isinstance(claims.get("name"), str):
        text = claims["name"].strip()
    if not text or len(text) > MAX_NAME_CHARS or FORBIDDEN_TEXT.search(text):
        return None
    return text
