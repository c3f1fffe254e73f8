"""Attachments to requests: size and type limits, content sniffing, a virus-scan hook.

A requester may attach documents (e.g. a power of attorney). Each file is checked before
anything is stored: size, a content type allow-list decided by the file's *bytes* (the declared
type must agree), a safe file name, then the virus scanner. Anything else is a clear 4xx.
"""

import asyncio
import re
import struct
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
MAX_NAME_LENGTH = 120


class AttachmentType(StrEnum):
    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    TEXT = "text/plain"


MAGIC: tuple[tuple[bytes, AttachmentType], ...] = (
    (b"%PDF-", AttachmentType.PDF),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG),
    (b"\xff\xd8\xff", AttachmentType.JPEG),
)
EXTENSIONS = {
    AttachmentType.PDF: {".pdf"},
    AttachmentType.PNG: {".png"},
    AttachmentType.JPEG: {".jpg", ".jpeg"},
    AttachmentType.TEXT: {".txt"},
}


class AttachmentRejectedError(ValueError):
    """The file may not be attached; ``code`` is the machine-readable reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CheckedAttachment:
    name: str
    content_type: AttachmentType
    data: bytes


def sniff(data: bytes) -> AttachmentType | None:
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return AttachmentType.TEXT if "\x00" not in text else None


def safe_name(name: str) -> str:
    """Base name only, NFC, no control or path characters, bounded length."""
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base[-MAX_NAME_LENGTH:] or "attachment"


def check_attachment(name: str, declared_type: str, data: bytes) -> CheckedAttachment:
    if not data:
        raise AttachmentRejectedError("attachment_empty", "the attachment is empty")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejectedError(
            "attachment_too_large", f"an attachment may be at most {MAX_ATTACHMENT_BYTES} bytes"
        )
    kind = sniff(data)
    if kind is None:
        raise AttachmentRejectedError("attachment_type", "allowed attachment types are PDF, PNG, JPEG and plain text")
    if declared_type.split(";", maxsplit=1)[0].strip().lower() != kind.value:
        raise AttachmentRejectedError("attachment_type_mismatch", "the declared type does not match the content")
    cleaned = safe_name(name)
    suffix = "." + cleaned.rsplit(".", 1)[-1].lower() if "." in cleaned else ""
    if suffix not in EXTENSIONS[kind]:
        raise AttachmentRejectedError("attachment_extension", "the file name extension does not match the content")
    return CheckedAttachment(cleaned, kind, data)


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str | None = None


class VirusScanner(Protocol):
    async def scan(self, data: bytes) -> Verdict: ...


@dataclass(frozen=True)
class ClamdScanner:
    """ClamAV's clamd over TCP with the INSTREAM command (clamd(8), "INSTREAM")."""

    host: str
    port: int
    chunk_size: int = 64 * 1024
    timeout: float = 30.0

    async def scan(self, data: bytes) -> Verdict:
        return await asyncio.wait_for(self._scan(data), self.timeout)

    async def _scan(self, data: bytes) -> Verdict:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(b"zINSTREAM\0")
            for start in range(0, len(data), self.chunk_size):
                chunk = data[start : start + self.chunk_size]
                writer.write(struct.pack("!I", len(chunk)) + chunk)
            writer.write(struct.pack("!I", 0))
            await writer.drain()
            reply = (await reader.readuntil(b"\0")).rstrip(b"\0").decode()
        finally:
            writer.close()
            await writer.wait_closed()
        if reply.endswith(" OK"):
            return Verdict(clean=True)
        if reply.endswith(" FOUND"):
            return Verdict(clean=False, signature=reply.removeprefix("stream: ").removesuffix(" FOUND"))
        raise ConnectionError("unexpected reply from clamd")


async def check_and_scan(name: str, declared_type: str, data: bytes, scanner: VirusScanner) -> CheckedAttachment:
    checked = check_attachment(name, declared_type, data)
    verdict = await scanner.scan(checked.data)
    if not verdict.clean:
        raise AttachmentRejectedError("attachment_infected", "the attachment was refused by the virus scanner")
    return checked
