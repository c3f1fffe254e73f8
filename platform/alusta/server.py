"""Serving over TLS only, with uvicorn (docs/adr/0001-server-uvicorn.md).

Mozilla's "intermediate" profile: TLS 1.2 and 1.3, AEAD ciphers with forward secrecy only,
modern curves; ``ALUSTA_TLS_MIN_VERSION=1.3`` switches to 1.3-only. Plain HTTP on the port gets
no content: uvicorn closes a connection that does not start with a TLS handshake.

Slow clients (issue 17 point 5): the TLS handshake and then each request head must complete
within ``ALUSTA_HEADER_TIMEOUT_SECONDS``, and a process holds at most ``ALUSTA_MAX_CONNECTIONS``
(:mod:`alusta.web.connections`). The listening sockets are bound before anything else runs, so
a port in use is reported at once, in one line (:func:`bind_listeners`).
"""

import asyncio
import errno
import socket
import ssl
import sys
from collections.abc import Callable

import uvicorn
from uvicorn.config import STARTUP_FAILURE

from alusta.settings import Settings
from alusta.web.connections import guarded_protocol

# Mozilla server-side TLS "intermediate" (v5.7) cipher list for TLS 1.2; TLS 1.3 suites are AEAD
# by definition and not affected by set_ciphers.
INTERMEDIATE_CIPHER_LIST = (
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
)
INTERMEDIATE_CIPHERS = ":".join(INTERMEDIATE_CIPHER_LIST)
# Python's default offers X448 and P-521 too; intermediate allows X25519, P-256, P-384.
INTERMEDIATE_GROUPS = "X25519:prime256v1:secp384r1"


def harden_context(context: ssl.SSLContext, min_version: str) -> ssl.SSLContext:
    context.minimum_version = ssl.TLSVersion.TLSv1_3 if min_version == "1.3" else ssl.TLSVersion.TLSv1_2
    context.set_ciphers(INTERMEDIATE_CIPHERS)
    _set_groups(context)
    context.options |= ssl.OP_NO_COMPRESSION | ssl.OP_CIPHER_SERVER_PREFERENCE | ssl.OP_NO_RENEGOTIATION
    context.set_alpn_protocols(["http/1.1"])
    return context


def _set_groups(context: ssl.SSLContext) -> None:
    setter = getattr(context, "set_groups", None)  # Python 3.13+
    if setter is not None:
        setter(INTERMEDIATE_GROUPS)
    else:
        context.set_ecdh_curve("prime256v1")


def server_ssl_context(settings: Settings) -> ssl.SSLContext:
    if settings.tls_cert is None or settings.tls_key is None:
        raise RuntimeError("TLS certificate and key are required to serve")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(settings.tls_cert), str(settings.tls_key))
    return harden_context(context, settings.tls_min_version)


def uvicorn_config(app: Callable[..., object], settings: Settings, host: str, port: int) -> uvicorn.Config:
    def context_factory(_config: uvicorn.Config, _default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
        return server_ssl_context(settings)

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        ssl_context_factory=context_factory,
        # X-Forwarded-* only from the configured proxies (the ingress); none by default.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
        server_header=False,
        date_header=True,
        log_config=None,
        access_log=False,
        lifespan="on",
        http=guarded_protocol(settings.header_timeout_seconds, settings.max_connections),
        timeout_keep_alive=settings.keep_alive_timeout_seconds,
        h11_max_incomplete_event_size=16 * 1024,  # a request head larger than 16 KiB is refused (400)
    )


class ListenError(RuntimeError):
    """A listening socket could not be bound; the message is one line for the operator."""


def bind_listener(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT only; a listener still refuses
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            message = f"alusta: port {port} on {host} is already in use (stop the other server or use --port)"
            raise ListenError(message) from None
        raise ListenError(f"alusta: cannot listen on {host}:{port}: {exc.strerror or type(exc).__name__}") from None
    return sock


def bind_listeners(settings: Settings, host: str, port: int) -> list[socket.socket]:
    """The service port, and the metrics port if one is set; any failure closes what was bound."""
    sockets = [bind_listener(host, port)]
    if settings.metrics_port is not None:
        try:
            sockets.append(bind_listener(host, settings.metrics_port))
        except ListenError:
            sockets[0].close()
            raise
    return sockets


class AlustaServer(uvicorn.Server):
    """uvicorn serving pre-bound sockets, with the TLS handshake bounded like the request head.

    uvicorn does not pass ``ssl_handshake_timeout`` to asyncio (default 60 s), so a client that
    connects and never says hello would outlast the head deadline; this startup passes it.
    """

    def __init__(self, config: uvicorn.Config, handshake_timeout: float) -> None:
        super().__init__(config)
        self.handshake_timeout = handshake_timeout

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        if not sockets:
            raise RuntimeError("AlustaServer serves pre-bound sockets only (bind_listeners)")
        await self.lifespan.startup()
        if self.lifespan.should_exit:
            sys.exit(STARTUP_FAILURE)
        config = self.config

        def create_protocol(_loop: asyncio.AbstractEventLoop | None = None) -> asyncio.Protocol:
            return config.http_protocol_class(  # type: ignore[call-arg]
                config=config, server_state=self.server_state, app_state=self.lifespan.state, _loop=_loop
            )

        loop = asyncio.get_running_loop()
        self.servers = [
            await loop.create_server(
                create_protocol,
                sock=sock,
                ssl=config.ssl,
                backlog=config.backlog,
                ssl_handshake_timeout=self.handshake_timeout if config.ssl else None,
            )
            for sock in sockets
        ]
        self.started = True


def serve(
    app: Callable[..., object],
    settings: Settings,
    host: str,
    port: int,
    sockets: list[socket.socket] | None = None,
) -> None:
    """Serve over TLS on ``sockets`` (bound here when not given; :class:`ListenError` if taken)."""
    listeners = sockets if sockets is not None else bind_listeners(settings, host, port)
    AlustaServer(uvicorn_config(app, settings, host, port), settings.header_timeout_seconds).run(sockets=listeners)
