"""Notifications: no personal data in them, three languages, delivered by real SMTP."""

import socket
from collections.abc import Iterator
from email import policy
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from alusta.i18n import Lang
from alusta.settings import Environment, Settings
from alusta.tenants.dsr.intake.attachments import ClamdScanner
from alusta.tenants.dsr.notify.notifier import BODY, SUBJECTS, Event, FanOutNotifier, Notification, SmtpNotifier
from alusta.tenants.dsr.runtime import build_runtime
from fixtures.texts import assert_translated


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook name
        self.messages.append(BytesParser(policy=policy.default).parsebytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def notification(event: Event = Event.REQUEST_RECEIVED, lang: Lang = Lang.FI) -> Notification:
    return Notification(
        event=event,
        lang=lang,
        recipients=["tietosuoja@esimerkki.example.test"],
        tenant_name="Esimerkki Oy",
        reference="ALU-0000-0000-0000-0",
        link="https://alusta.example.test/requests",
        due="2026-12-28",
    )


def test_catalogue_complete() -> None:
    assert set(SUBJECTS) == set(Event)
    for msgid in [*SUBJECTS.values(), BODY]:
        assert_translated(msgid)


@pytest.mark.anyio
async def test_smtp_delivery_carries_reference_not_content(smtp_server: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp_server
    notifier = SmtpNotifier("127.0.0.1", port, "alusta@alusta.example.test", require_tls=False)
    await FanOutNotifier([notifier]).send(notification(Event.DEADLINE_APPROACHING, Lang.SV))
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["Subject"] == "Tidsfristen närmar sig: ALU-0000-0000-0000-0 (2026-12-28)"
    assert message["To"] == "tietosuoja@esimerkki.example.test"
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert b"https://alusta.example.test/requests" in body


@pytest.mark.anyio
async def test_smtp_without_starttls_is_refused_when_tls_required(smtp_server: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp_server
    notifier = SmtpNotifier("127.0.0.1", port, "alusta@alusta.example.test", require_tls=True)
    with pytest.raises(ConnectionError, match="STARTTLS"):
        await notifier.send(notification())
    assert mailbox.messages == []


def test_settings_wire_smtp_and_clamd(tmp_path: Path) -> None:
    bare = build_runtime(Settings(environment=Environment.TEST, state_dir=tmp_path))
    assert bare.notifier is None
    assert bare.scanner is None
    wired = build_runtime(
        Settings(environment=Environment.PRODUCTION, state_dir=tmp_path, smtp_host="smtp.example.test",
                 clamd_host="clamd.example.test")
    )  # fmt: skip
    assert isinstance(wired.notifier, SmtpNotifier)
    assert wired.notifier.require_tls
    assert isinstance(wired.scanner, ClamdScanner)
    assert wired.require_scanner
