"""Serving over TLS only, with uvicorn (docs/adr/0001-server-uvicorn.md).

Mozilla's "intermediate" profile: TLS 1.2 and 1.3, AEAD ciphers with forward secrecy only,
modern curves; ``ALUSTA_TLS_MIN_VERSION=1.3`` switches to 1.3-only. Plain HTTP on the port gets
no content: uvicorn closes a connection that does not start with a TLS handshake.
"""

import ssl
from collections.abc import Callable

import uvicorn

from alusta.settings import Settings

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
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
    )


def serve(app: Callable[..., object], settings: Settings, host: str, port: int) -> None:
    uvicorn.Server(uvicorn_config(app, settings, host, port)).run()
