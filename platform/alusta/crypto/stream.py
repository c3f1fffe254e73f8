"""Files of personal data at rest (export bundles), sealed in chunks under a tenant's data key.

The STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), as used by Tink's streaming
AEAD and age: the file is cut into 64 KiB chunks, each sealed with AES-256-GCM under the nonce
``prefix(7) || counter(4) || last(1)``. Reordering, dropping or truncating chunks fails to
authenticate, and so does a file moved to another tenant, request or purpose (AAD). Nothing has
to fit in memory: chunks are written and read one at a time.
"""

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Self

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from alusta.crypto.primitives import DecryptionError

MAGIC = b"ALUSEAL1"
PREFIX_BYTES = 7
CHUNK = 64 * 1024
TAG = 16
MAX_CHUNKS = 2**32 - 1


def _nonce(prefix: bytes, counter: int, *, last: bool) -> bytes:
    if counter > MAX_CHUNKS:
        raise OverflowError("file too large for one sealed stream")
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """Write plaintext in any pieces; chunks are sealed as they fill. Use as a context manager."""

    def __init__(self, handle: BinaryIO, key: bytes, aad: bytes) -> None:
        self._handle = handle
        self._aead = AESGCM(key)
        self._aad = aad
        self._prefix = secrets.token_bytes(PREFIX_BYTES)
        self._buffer = bytearray()
        self._counter = 0
        handle.write(MAGIC + self._prefix)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last chunk is sealed on close
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def flush(self) -> None:
        """Nothing to do: partial chunks are sealed only when full or at close (zipfile calls this)."""

    def close(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        self._handle.write(self._aead.encrypt(_nonce(self._prefix, self._counter, last=last), chunk, self._aad))
        self._counter += 1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()


def open_sealed(path: Path, key: bytes, aad: bytes) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk; raises DecryptionError on any tampering or truncation."""
    aead = AESGCM(key)
    with path.open("rb") as handle:
        header = handle.read(len(MAGIC) + PREFIX_BYTES)
        if len(header) != len(MAGIC) + PREFIX_BYTES or not header.startswith(MAGIC):
            raise DecryptionError("not a sealed file")
        prefix = header[len(MAGIC) :]
        counter = 0
        current = handle.read(CHUNK + TAG)
        while True:
            following = handle.read(CHUNK + TAG)
            last = not following
            try:
                yield aead.decrypt(_nonce(prefix, counter, last=last), current, aad)
            except InvalidTag:
                raise DecryptionError("sealed file does not authenticate (tampered, truncated or moved)") from None
            if last:
                return
            counter += 1
            current = following
