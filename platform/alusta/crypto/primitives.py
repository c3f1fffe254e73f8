"""Symmetric primitives shared by every domain: AES-256-GCM with AAD, keyed blind indexes, HKDF.

Only these functions touch raw keys; callers pass keys they got from a key provider.
"""

import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12  # NIST SP 800-38D: 96-bit random nonces
KEY_BYTES = 32


class DecryptionError(ValueError):
    """Ciphertext, key or AAD do not match (tampered, moved to another row/tenant, wrong key)."""


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM; returns nonce || ciphertext || tag. The AAD binds where the value belongs."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + 16:
        raise DecryptionError("ciphertext too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise DecryptionError("ciphertext does not authenticate under this key and AAD") from None


def blind_index(key: bytes, normalized_value: str) -> bytes:
    """HMAC-SHA256 of an already normalised identifier: equal inputs match, nothing is revealed."""
    return hmac.new(key, normalized_value.encode("utf-8"), hashlib.sha256).digest()


def derive_key(master: bytes, purpose: str, length: int = KEY_BYTES) -> bytes:
    """A sub-key for one named purpose (HKDF-SHA256, RFC 5869); distinct purposes never collide."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode()).derive(master)


def aad_for(*parts: str | int) -> bytes:
    """Unambiguous AAD from its parts (length-prefixed, so ("a","bc") != ("ab","c"))."""
    out = bytearray()
    for part in parts:
        data = str(part).encode()
        out += len(data).to_bytes(4, "big") + data
    return bytes(out)
