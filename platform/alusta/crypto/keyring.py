"""The key-encryption key (KEK) ring read from ``ALUSTA_KEY_FILE``.

Format (docs/adr/0004-key-file-format.md)::

    {"primary": "kek-2026-11", "keys": {"kek-2026-11": "<base64 of 32 random bytes>"}}

Several keys may be present so that data keys wrapped under an older KEK stay readable while
they are re-wrapped under the primary one (rotation with overlap).
"""

import base64
import binascii
import json
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

KEK_BYTES = 32  # AES-256 key wrap


class KeyFileError(ValueError):
    """The key file is missing, unreadable, malformed, weak or too widely readable."""


@dataclass(frozen=True)
class KeyRing:
    primary_id: str
    keys: dict[str, bytes]

    @property
    def primary(self) -> bytes:
        return self.keys[self.primary_id]

    def __repr__(self) -> str:  # never print key bytes
        return f"KeyRing(primary_id={self.primary_id!r}, key_ids={sorted(self.keys)!r})"


def load_keyring(path: Path, *, require_private_mode: bool) -> KeyRing:
    try:
        mode = path.stat().st_mode
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyFileError(f"cannot read {path}: {exc.strerror}") from None
    if require_private_mode and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"{path} is readable by group or others; chmod 600 it")
    try:
        document = json.loads(raw)
        primary_id = document["primary"]
        encoded = document["keys"]
        keys = {str(kid): base64.b64decode(value, validate=True) for kid, value in encoded.items()}
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        raise KeyFileError(f"{path} is not a key ring: expected {{primary, keys}}") from None
    if primary_id not in keys:
        raise KeyFileError(f"{path}: primary key {primary_id!r} is not among the keys")
    weak = [kid for kid, key in keys.items() if len(key) != KEK_BYTES]
    if weak:
        raise KeyFileError(f"{path}: keys {weak} are not {KEK_BYTES * 8}-bit")
    return KeyRing(primary_id=primary_id, keys=keys)


def write_new_keyring(path: Path) -> None:
    """Create a key ring with one fresh random KEK, readable by the owner only."""
    kid = "kek-" + datetime.now(UTC).strftime("%Y%m%d") + "-" + secrets.token_hex(3)
    document = {"primary": kid, "keys": {kid: base64.b64encode(secrets.token_bytes(KEK_BYTES)).decode()}}
    write_private(path, json.dumps(document, indent=2).encode())


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file created with mode 0600 (never briefly world-readable)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
