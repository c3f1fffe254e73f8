"""Slow and surplus connections (issue 17 point 5): a deadline for every request head, a cap per process.

uvicorn's h11 protocol arms no timer while it waits for a request head: a client that opens a
connection and sends nothing, or trickles one header byte at a time (slowloris), holds it for
ever, and its keep-alive timer is cancelled by any byte received. This protocol adds:

- a *head deadline*: from the moment the connection is usable (after the TLS handshake, which
  has the same bound, see :mod:`alusta.server`) and again after each response, the complete
  request line and headers must arrive within ``header_timeout`` seconds, or the connection is
  aborted (RST; a peer that reads nothing cannot keep the socket through a polite shutdown);
- a *connection cap*: a process holds at most ``max_connections``; one more is aborted at once,
  so descriptors and memory stay bounded whatever the peers do.

A request whose head is complete is not timed here: its body is bounded by the body size limit
and the handler's own work. The ingress in front applies the same rules per client
(docs/deploy.md, "Slow clients").
"""

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request-head deadline and a per-process connection cap."""

    header_timeout: float = 10.0
    max_connections: int = 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self.connections.discard(self)
            transport.abort()
            return
        self._arm_head_deadline()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head is complete (or the connection is over)
            self._cancel_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_deadline()  # the next request on a kept-alive connection has its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        self._cancel_head_deadline()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.abort()


def guarded_protocol(header_timeout: float, max_connections: int) -> type[GuardedH11Protocol]:
    """A protocol class with these limits (uvicorn instantiates the class it is given per connection)."""
    return type(
        "AlustaH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout": header_timeout, "max_connections": max_connections},
    )
