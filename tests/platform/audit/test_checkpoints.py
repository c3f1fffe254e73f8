"""Signed checkpoints (issue 17 item 6): a line verifies only under its key, unchanged."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from alusta.audit import checkpoints
from alusta.crypto.devmaterial import ensure_rsa_key

AT = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)


@pytest.fixture
def key(tmp_path: Path) -> ed25519.Ed25519PrivateKey:
    path = checkpoints.generate_key(tmp_path / "audit" / "key.pem")
    assert path.stat().st_mode & 0o077 == 0
    return checkpoints.load_key(path, require_private_mode=True)


def test_latest_per_tenant_is_the_one_covering_most_entries(key: ed25519.Ed25519PrivateKey, tmp_path: Path) -> None:
    sink = tmp_path / "sink" / "checkpoints.jsonl"
    assert checkpoints.latest(sink, key.public_key()) == {}  # no file yet: no checkpoints
    checkpoints.append_lines(sink, [checkpoints.sign(key, 1, 3, b"\x01" * 32, AT)])
    checkpoints.append_lines(
        sink, [checkpoints.sign(key, 1, 5, b"\x02" * 32, AT), checkpoints.sign(key, 2, 0, bytes(32), AT)]
    )
    found = checkpoints.latest(sink, key.public_key())
    assert (found[1].seq, found[1].head, found[2].seq) == (5, b"\x02" * 32, 0)
    assert sink.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("field", ["seq", "head", "tenant_id", "at"])
def test_a_changed_field_breaks_the_signature(key: ed25519.Ed25519PrivateKey, tmp_path: Path, field: str) -> None:
    document = json.loads(checkpoints.sign(key, 1, 5, b"\x02" * 32, AT))
    document[field] = {"seq": 4, "head": "00" * 32, "tenant_id": 2, "at": "2026-12-03T00:00:00+00:00"}[field]
    sink = tmp_path / "c.jsonl"
    sink.write_text(json.dumps(document) + "\n")
    with pytest.raises(checkpoints.CheckpointError, match="line 1 has an invalid signature"):
        checkpoints.latest(sink, key.public_key())


def test_another_key_and_garbage_are_refused(key: ed25519.Ed25519PrivateKey, tmp_path: Path) -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    sink = tmp_path / "c.jsonl"
    sink.write_text(checkpoints.sign(other, 1, 5, bytes(32), AT) + "\n")
    with pytest.raises(checkpoints.CheckpointError, match="unknown key"):
        checkpoints.latest(sink, key.public_key())
    sink.write_text(checkpoints.sign(key, 1, 5, bytes(32), AT) + "\n{not json\n")
    with pytest.raises(checkpoints.CheckpointError, match="line 2 is malformed"):
        checkpoints.latest(sink, key.public_key())


def test_only_a_private_ed25519_key_is_loaded(tmp_path: Path) -> None:
    path = checkpoints.generate_key(tmp_path / "key.pem")
    path.chmod(0o644)
    with pytest.raises(checkpoints.CheckpointError, match="chmod 600"):
        checkpoints.load_key(path, require_private_mode=True)
    with pytest.raises(checkpoints.CheckpointError, match="not an Ed25519 key"):
        checkpoints.load_key(ensure_rsa_key(tmp_path / "rsa.pem"), require_private_mode=True)
    with pytest.raises(checkpoints.CheckpointError, match="cannot read"):
        checkpoints.load_key(tmp_path / "missing.pem", require_private_mode=False)
