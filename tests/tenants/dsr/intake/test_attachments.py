"""Attachment checks, and the clamd INSTREAM client against a protocol-speaking local peer."""

import asyncio
import struct
from collections.abc import AsyncIterator

import pytest

from alusta.tenants.dsr.intake.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRejectedError,
    AttachmentType,
    ClamdScanner,
    check_and_scan,
    check_attachment,
    safe_name,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
# The EICAR test string, split so that no scanner quarantines this source file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.mark.parametrize(
    ("name", "declared", "data", "code"),
    [
        ("a.pdf", "application/pdf", b"", "attachment_empty"),
        ("a.pdf", "application/pdf", b"%PDF-" + b"x" * MAX_ATTACHMENT_BYTES, "attachment_too_large"),
        ("a.exe", "application/octet-stream", b"MZ\x90\x00\x03\x00\x00\x00\xff\xff", "attachment_type"),
        ("a.pdf", "image/png", PDF, "attachment_type_mismatch"),
        ("a.pdf.exe", "application/pdf", PDF, "attachment_extension"),
        ("kuva.png", "application/pdf", PNG, "attachment_type_mismatch"),
    ],
)
def test_rejections(name: str, declared: str, data: bytes, code: str) -> None:
    with pytest.raises(AttachmentRejectedError) as caught:
        check_attachment(name, declared, data)
    assert caught.value.code == code


def test_accepted_types() -> None:
    assert check_attachment("valtakirja.pdf", "application/pdf", PDF).content_type is AttachmentType.PDF
    assert check_attachment("kuva.PNG", "image/png", PNG).content_type is AttachmentType.PNG
    assert check_attachment("viesti.txt", "text/plain; charset=utf-8", "Hei, tässä".encode()).name == "viesti.txt"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("../../etc/passwd.txt", "passwd.txt"), ("C:\\Users\\x\\doc.pdf", "doc.pdf"), ("..", "attachment"),
     ("a<b>|c.pdf", "a_b__c.pdf")],
)  # fmt: skip
def test_safe_names(raw: str, clean: str) -> None:
    assert safe_name(raw) == clean


async def _clamd_peer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Speaks clamd's INSTREAM protocol and flags the EICAR test string, as ClamAV does."""
    assert await reader.readuntil(b"\0") == b"zINSTREAM\0"
    received = b""
    while size := struct.unpack("!I", await reader.readexactly(4))[0]:
        received += await reader.readexactly(size)
    verdict = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in received else b"stream: OK\0"
    writer.write(verdict)
    await writer.drain()
    writer.close()


@pytest.fixture
async def clamd() -> AsyncIterator[ClamdScanner]:
    server = await asyncio.start_server(_clamd_peer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield ClamdScanner("127.0.0.1", port, chunk_size=7)
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.anyio
async def test_clean_file_passes_the_scanner(clamd: ClamdScanner) -> None:
    checked = await check_and_scan("a.pdf", "application/pdf", PDF, clamd)
    assert checked.data == PDF


@pytest.mark.anyio
async def test_infected_file_is_refused(clamd: ClamdScanner) -> None:
    with pytest.raises(AttachmentRejectedError) as caught:
        await check_and_scan("eicar.txt", "text/plain", EICAR, clamd)
    assert caught.value.code == "attachment_infected"
