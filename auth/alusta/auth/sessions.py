"""Server-side login sessions behind a ``__Host-`` cookie.

- The cookie holds only a random token; the store key is its SHA-256 (:func:`store_key`).
- A new token at every login (session fixation); the previous session is deleted.
- Idle timeout and absolute lifetime from settings; the stored expiry is the earlier of the two.
- Each session carries a CSRF token; state-changing requests must echo it (header or form).
- Front-channel logout finds sessions by the provider's ``sid`` through a second key.
"""

import base64
import hmac
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from alusta.auth.store import KeyValueStore, store_key
from alusta.settings import Settings

SESSION_COOKIE = "__Host-alusta-session"
LOGIN_COOKIE = "__Host-alusta-login"
CSRF_HEADER = "x-csrf-token"
CSRF_FORM_FIELD = "csrf_token"
TOUCH_INTERVAL = 60  # seconds between idle-timer refreshes (one store write a minute at most)


_NAME_INFO = b"alusta session display name"


def _name_key(token: str) -> bytes:
    return HKDF(SHA256(), 32, salt=None, info=_NAME_INFO).derive(token.encode())


def seal_name(token: str, name: str) -> str:
    """AES-GCM under a key only the cookie's token gives; the store sees ciphertext."""
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(nonce + AESGCM(_name_key(token)).encrypt(nonce, name.encode(), _NAME_INFO)).decode()


def open_name(token: str, sealed: str) -> str | None:
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        return AESGCM(_name_key(token)).decrypt(raw[:12], raw[12:], _NAME_INFO).decode()
    except (InvalidTag, ValueError):
        return None


@dataclass(frozen=True)
class SessionData:
    identity_id: int
    loa: str
    created_at: int
    last_seen: int
    csrf_token: str
    sid_key: str | None = None
    # The person's name from the IdP, for the page header only, sealed under a key derived from
    # the cookie token: the store (and a dump of it) holds no readable name (ground rule 1/6).
    name_sealed: str | None = None

    def dump(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    @classmethod
    def load(cls, raw: bytes) -> "SessionData | None":
        try:
            return cls(**json.loads(raw))
        except (ValueError, TypeError):
            return None


def sid_store_key(issuer: str, sid: str) -> str:
    return store_key("sid", issuer + "\x00" + sid)


class SessionManager:
    def __init__(self, store: KeyValueStore, settings: Settings) -> None:
        self.store = store
        self.idle = settings.session_idle_timeout_seconds
        self.absolute = settings.session_absolute_timeout_seconds

    def _ttl(self, data: SessionData, now: int) -> int:
        return max(1, min(self.idle, data.created_at + self.absolute - now))

    async def create(  # noqa: PLR0913 - the login's facts, each from the verified ID token
        self,
        identity_id: int,
        loa: str,
        issuer: str,
        sid: str | None,
        old_token: str | None,
        *,
        name: str | None = None,
    ) -> str:
        """A fresh session; returns the cookie token. Any previous session of this browser ends."""
        if old_token:
            await self.end(old_token)
        await self.store.purge_expired()  # expired login states and sessions go at every login
        token = secrets.token_urlsafe(32)
        now = int(time.time())
        sid_key = sid_store_key(issuer, sid) if sid else None
        sealed = seal_name(token, name) if name else None
        data = SessionData(identity_id, loa, now, now, secrets.token_urlsafe(32), sid_key, sealed)
        await self.store.set(store_key("session", token), data.dump(), self._ttl(data, now))
        if sid_key:
            await self.store.set(sid_key, store_key("session", token).encode(), self._ttl(data, now))
        return token

    async def load(self, token: str) -> SessionData | None:
        key = store_key("session", token)
        raw = await self.store.get(key)
        data = SessionData.load(raw) if raw is not None else None
        if data is None:
            return None
        now = int(time.time())
        if now - data.last_seen >= self.idle or now - data.created_at >= self.absolute:
            await self.end(token)
            return None
        if now - data.last_seen >= TOUCH_INTERVAL:
            data = SessionData(**{**asdict(data), "last_seen": now})
            await self.store.set(key, data.dump(), self._ttl(data, now))
        return data

    async def end(self, token: str) -> None:
        key = store_key("session", token)
        raw = await self.store.pop(key)
        data = SessionData.load(raw) if raw is not None else None
        if data is not None and data.sid_key:
            await self.store.delete(data.sid_key)

    async def end_by_sid(self, issuer: str, sid: str) -> bool:
        session_key = await self.store.pop(sid_store_key(issuer, sid))
        if session_key is None:
            return False
        await self.store.delete(session_key.decode())
        return True


def csrf_ok(data: SessionData, presented: str | None) -> bool:
    return presented is not None and hmac.compare_digest(presented.encode(), data.csrf_token.encode())
