"""Wrapping per-tenant data keys (DEKs) with the key-encryption key (design §2, layer 3).

A :class:`KeyProvider` wraps and unwraps DEKs; the local implementation uses the KEK ring from
``ALUSTA_KEY_FILE`` (AES-256-GCM with AAD naming the tenant and key id, so a wrapped key moved
to another tenant does not unwrap). A KMS or Vault backend implements the same protocol.
Deleting a tenant's wrapped DEKs makes its ciphertext unreadable (crypto-shredding).
"""

import secrets
from dataclasses import dataclass
from typing import Protocol

from alusta.crypto.keyring import KeyRing
from alusta.crypto.primitives import KEY_BYTES, aad_for, decrypt, derive_key, encrypt


class UnknownKekError(KeyError):
    """The DEK was wrapped under a KEK that is not in the ring (retired too early?)."""


@dataclass(frozen=True)
class WrappedKey:
    kek_id: str
    blob: bytes


class KeyProvider(Protocol):
    def wrap(self, tenant_id: int, key_id: str, dek: bytes) -> WrappedKey: ...

    def unwrap(self, tenant_id: int, key_id: str, wrapped: WrappedKey) -> bytes: ...


def _wrap_aad(tenant_id: int, key_id: str) -> bytes:
    return aad_for("alusta-dek", tenant_id, key_id)


class LocalKeyProvider:
    """KEKs from the local key ring; new wraps use the primary KEK, old ones stay readable."""

    def __init__(self, ring: KeyRing) -> None:
        self._ring = ring

    def wrap(self, tenant_id: int, key_id: str, dek: bytes) -> WrappedKey:
        blob = encrypt(self._ring.primary, dek, _wrap_aad(tenant_id, key_id))
        return WrappedKey(kek_id=self._ring.primary_id, blob=blob)

    def unwrap(self, tenant_id: int, key_id: str, wrapped: WrappedKey) -> bytes:
        kek = self._ring.keys.get(wrapped.kek_id)
        if kek is None:
            raise UnknownKekError(wrapped.kek_id)
        return decrypt(kek, wrapped.blob, _wrap_aad(tenant_id, key_id))

    def __repr__(self) -> str:
        return f"LocalKeyProvider({self._ring!r})"


def new_dek() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@dataclass(frozen=True)
class TenantKeyMaterial:
    """The two working keys derived from one DEK: encryption and blind index (never logged)."""

    key_id: str
    data_key: bytes
    index_key: bytes

    @classmethod
    def from_dek(cls, key_id: str, dek: bytes) -> "TenantKeyMaterial":
        return cls(key_id=key_id, data_key=derive_key(dek, "records:aes-gcm"), index_key=derive_key(dek, "blind-index"))

    def __repr__(self) -> str:
        return f"TenantKeyMaterial(key_id={self.key_id!r})"
