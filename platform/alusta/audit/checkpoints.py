"""Signed checkpoints of the audit chain heads (issue 17 item 6, ADR 0023).

The chain alone (plain SHA-256) cannot show that its newest entries were cut off, that a whole
chain was deleted, or that an entry was edited and every later hash recomputed: anyone who can
write the table can produce a consistent chain. A checkpoint is a tenant's head (sequence number
and hash) signed with an Ed25519 key that lives outside the database (a key file), appended as
one JSON line to a separate append-only file (the sink). ``alusta audit verify`` then requires
every tenant's chain to contain the latest checkpointed entry with the signed hash.

Line format (one object per line, ``sig`` over the other fields)::

    {"v":1,"tenant_id":N,"seq":S,"head":"<hex>","at":"<ISO-8601>","key":"<key id>","sig":"<base64>"}

A line that does not parse, carries an unknown key id or a bad signature makes verification
fail closed: the sink itself was tampered with.
"""

import base64
import binascii
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from alusta.crypto.keyring import write_private

VERSION = 1
DOMAIN = b"alusta-audit-checkpoint-v1\n"  # a signature over a checkpoint is never valid for anything else
_FIELDS = ("v", "tenant_id", "seq", "head", "at", "key")


class CheckpointError(ValueError):
    """The signing key or the checkpoint sink cannot be trusted or read (fail closed)."""


@dataclass(frozen=True)
class Checkpoint:
    tenant_id: int
    seq: int
    head: bytes
    at: str
    key: str


def key_id(public_key: ed25519.Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate_key(path: Path) -> Path:
    """Development and test only: a fresh Ed25519 key (PKCS#8 PEM, mode 0600) if none exists."""
    if not path.exists():
        pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        write_private(path, pem)
    return path


def load_key(path: Path, *, require_private_mode: bool) -> ed25519.Ed25519PrivateKey:
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"cannot read {path}: {exc.strerror}") from None
    if require_private_mode and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CheckpointError(f"{path} is readable by group or others; chmod 600 it")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise CheckpointError(f"{path} is not an unencrypted PEM private key") from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 key")
    return key


def _message(document: dict[str, object]) -> bytes:
    body = {name: document[name] for name in _FIELDS}
    return DOMAIN + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def sign(key: ed25519.Ed25519PrivateKey, tenant_id: int, seq: int, head: bytes, at: datetime) -> str:
    """The JSON line of one checkpoint (without the newline)."""
    document: dict[str, object] = {
        "v": VERSION,
        "tenant_id": int(tenant_id),
        "seq": int(seq),
        "head": head.hex(),
        "at": at.isoformat(),
        "key": key_id(key.public_key()),
    }
    document["sig"] = base64.b64encode(key.sign(_message(document))).decode()
    return json.dumps(document, separators=(",", ":"))


def append_lines(path: Path, lines: Iterable[str]) -> None:
    """Append to the sink (O_APPEND, mode 0600 when created) and fsync before returning."""
    data = "".join(line + "\n" for line in lines).encode()
    if not data:
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _fields(document: object) -> tuple[Checkpoint, bytes]:
    if not isinstance(document, dict) or document.get("v") != VERSION:
        raise TypeError("not a checkpoint")
    signature = base64.b64decode(str(document["sig"]), validate=True)
    checkpoint = Checkpoint(
        tenant_id=int(document["tenant_id"]),
        seq=int(document["seq"]),
        head=bytes.fromhex(str(document["head"])),
        at=str(document["at"]),
        key=str(document["key"]),
    )
    return checkpoint, signature


def _parse(number: int, line: str, public_key: ed25519.Ed25519PublicKey, expected_key: str) -> Checkpoint:
    try:
        document = json.loads(line)
        checkpoint, signature = _fields(document)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise CheckpointError(f"checkpoint line {number} is malformed") from None
    if checkpoint.key != expected_key:
        raise CheckpointError(f"checkpoint line {number} is signed by an unknown key {checkpoint.key}")
    try:
        public_key.verify(signature, _message(document))
    except InvalidSignature:
        raise CheckpointError(f"checkpoint line {number} has an invalid signature") from None
    return checkpoint


def latest(path: Path, public_key: ed25519.Ed25519PublicKey) -> dict[int, Checkpoint]:
    """Every line checked; per tenant the checkpoint covering the most entries. No file: none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise CheckpointError(f"cannot read {path}: {exc.strerror}") from None
    expected_key = key_id(public_key)
    found: dict[int, Checkpoint] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        checkpoint = _parse(number, line, public_key, expected_key)
        previous = found.get(checkpoint.tenant_id)
        if previous is None or checkpoint.seq >= previous.seq:
            found[checkpoint.tenant_id] = checkpoint
    return found
