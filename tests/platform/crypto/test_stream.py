"""Sealed files: round trip of any size, and every kind of tampering detected."""

import secrets
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alusta.crypto.primitives import DecryptionError
from alusta.crypto.stream import CHUNK, MAGIC, PREFIX_BYTES, TAG, SealedWriter, open_sealed

KEY = bytes(range(32))
AAD = b"tenant=1;request=7;purpose=access-bundle"


def seal(path: Path, pieces: list[bytes], key: bytes = KEY, aad: bytes = AAD) -> None:
    with path.open("wb") as handle, SealedWriter(handle, key, aad) as writer:
        for piece in pieces:
            writer.write(piece)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.binary(max_size=CHUNK // 3), max_size=8), st.sampled_from([0, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
)
def test_round_trip(tmp_path_factory: pytest.TempPathFactory, pieces: list[bytes], extra: int) -> None:
    path = tmp_path_factory.mktemp("seal") / "bundle.sealed"
    pieces = [*pieces, secrets.token_bytes(extra)]
    seal(path, pieces)
    assert b"".join(open_sealed(path, KEY, AAD)) == b"".join(pieces)


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.sealed"
    seal(path, [secrets.token_bytes(2 * CHUNK + 100)])
    return path


def test_wrong_key_or_moved_file_fails(sealed: Path) -> None:
    with pytest.raises(DecryptionError):
        b"".join(open_sealed(sealed, bytes(32), AAD))
    with pytest.raises(DecryptionError):
        b"".join(open_sealed(sealed, KEY, b"tenant=2;request=7;purpose=access-bundle"))


def test_truncation_is_detected(sealed: Path) -> None:
    data = sealed.read_bytes()
    header = len(MAGIC) + PREFIX_BYTES
    sealed.write_bytes(data[: header + CHUNK + TAG])  # drop the last two chunks at a chunk boundary
    with pytest.raises(DecryptionError):
        b"".join(open_sealed(sealed, KEY, AAD))


def test_reordered_chunks_are_detected(sealed: Path) -> None:
    data = sealed.read_bytes()
    header = len(MAGIC) + PREFIX_BYTES
    first, second = data[header : header + CHUNK + TAG], data[header + CHUNK + TAG : header + 2 * (CHUNK + TAG)]
    sealed.write_bytes(data[:header] + second + first + data[header + 2 * (CHUNK + TAG) :])
    with pytest.raises(DecryptionError):
        b"".join(open_sealed(sealed, KEY, AAD))


def test_flipped_bit_is_detected(sealed: Path) -> None:
    data = bytearray(sealed.read_bytes())
    data[-1] ^= 1
    sealed.write_bytes(bytes(data))
    with pytest.raises(DecryptionError):
        b"".join(open_sealed(sealed, KEY, AAD))


def test_not_a_sealed_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.zip"
    path.write_bytes(b"PK\x03\x04 not sealed")
    with pytest.raises(DecryptionError, match="not a sealed file"):
        b"".join(open_sealed(path, KEY, AAD))
