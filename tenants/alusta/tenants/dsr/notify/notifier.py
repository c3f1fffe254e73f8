"""Telling people that something happened to a request, without putting personal data in transit.

E-mail is not end-to-end protected, so a notification carries only the request's reference
code, the tenant's display name, what happened and the deadline, plus a link; the content stays
behind strong login (design §4: the controller is told at once when a request arrives and is
reminded before each deadline). Backends sit behind the :class:`Notifier` protocol: SMTP
(STARTTLS required outside development) and the in-app inbox.
"""

import asyncio
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum
from typing import Protocol

from alusta.i18n import N_, Lang, localise


class Event(StrEnum):
    REQUEST_RECEIVED = "request_received"
    DEADLINE_APPROACHING = "deadline_approaching"
    DEADLINE_PASSED = "deadline_passed"
    ANSWER_READY = "answer_ready"
    INFORMATION_REQUESTED = "information_requested"
    DEADLINE_EXTENDED = "deadline_extended"


SUBJECTS: dict[Event, str] = {
    Event.REQUEST_RECEIVED: N_("New data-protection request {reference}"),
    Event.DEADLINE_APPROACHING: N_("Deadline approaching: {reference} ({due})"),
    Event.DEADLINE_PASSED: N_("Deadline passed: {reference} ({due})"),
    Event.ANSWER_READY: N_("The answer to your request {reference} is ready"),
    Event.INFORMATION_REQUESTED: N_("More information is needed for your request {reference}"),
    Event.DEADLINE_EXTENDED: N_("The deadline of your request {reference} has been extended"),
}

BODY = N_("{tenant}: {subject}.\n\nLog in to see the details: {link}\n\nThis message contains no personal data.")


@dataclass(frozen=True)
class Notification:
    event: Event
    lang: Lang
    recipients: Sequence[str]  # e-mail addresses (controller contact points) or inbox owners
    tenant_name: str
    reference: str
    link: str
    due: str = ""

    @property
    def subject(self) -> str:
        return localise(SUBJECTS[self.event], self.lang).format(reference=self.reference, due=self.due)

    @property
    def body(self) -> str:
        return localise(BODY, self.lang).format(tenant=self.tenant_name, subject=self.subject, link=self.link)


class Notifier(Protocol):
    async def send(self, notification: Notification) -> None: ...


@dataclass(frozen=True)
class SmtpNotifier:
    """Sends through an SMTP relay; refuses to send in clear unless ``require_tls`` is off (dev)."""

    host: str
    port: int
    sender: str
    require_tls: bool = True
    tls_context: ssl.SSLContext | None = None
    timeout: float = 10.0

    async def send(self, notification: Notification) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = ", ".join(notification.recipients)
        message["Subject"] = notification.subject
        message["Content-Language"] = notification.lang.value
        message.set_content(notification.body)
        await asyncio.to_thread(self._deliver, message)

    def _deliver(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=self.tls_context or ssl.create_default_context())
                smtp.ehlo()
            elif self.require_tls:
                raise ConnectionError("the SMTP relay does not offer STARTTLS; refusing to send in clear")
            smtp.send_message(message)


@dataclass
class FanOutNotifier:
    """Every backend gets every notification (e-mail and the in-app inbox)."""

    backends: Sequence[Notifier]

    async def send(self, notification: Notification) -> None:
        for backend in self.backends:
            await backend.send(notification)
