"""The real server process: TLS only, modern protocol versions, hardened responses."""

import http.client
import socket
import ssl
import subprocess
import sys
import warnings
from dataclasses import dataclass

import pytest

from alusta.server import INTERMEDIATE_CIPHERS
from fixtures.live_server import StartServer

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)


def https_get(server_port: int, context: ssl.SSLContext, path: str, host: str | None = None) -> Answer:
    connection = http.client.HTTPSConnection("localhost", server_port, context=context, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host} if host else {})
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def test_https_health_with_hsts_and_pinned_ca(start_server: StartServer) -> None:
    server = start_server()
    response = https_get(server.port, server.tls_context(), "/healthz")
    assert response.status == 200
    assert (response.getheader("strict-transport-security") or "").startswith("max-age=63072000")
    assert response.getheader("server") is None


def test_plain_http_gets_no_content(start_server: StartServer) -> None:
    server = start_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        received = b""
        try:
            while chunk := sock.recv(4096):
                received += chunk
        except ConnectionResetError:
            pass
    assert b"HTTP/1.1" not in received
    assert b"ok" not in received


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1])
def test_legacy_tls_versions_are_refused(start_server: StartServer, version: ssl.TLSVersion) -> None:
    server = start_server()
    context = server.tls_context()
    with warnings.catch_warnings():  # the client must be allowed to *offer* the deprecated version
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = version
        context.maximum_version = version
    context.set_ciphers("ALL:@SECLEVEL=0")
    with pytest.raises((ssl.SSLError, ConnectionResetError)):
        https_get(server.port, context, "/healthz")


def test_tls_1_2_is_accepted_with_an_aead_cipher(start_server: StartServer) -> None:
    server = start_server()
    context = server.tls_context(maximum_version=ssl.TLSVersion.TLSv1_2)
    with (
        socket.create_connection(("127.0.0.1", server.port)) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        assert tls.version() == "TLSv1.2"
        cipher = tls.cipher()
        assert cipher is not None
        assert cipher[0] in INTERMEDIATE_CIPHERS.split(":")


def test_cbc_only_client_is_refused(start_server: StartServer) -> None:
    server = start_server()
    context = server.tls_context(maximum_version=ssl.TLSVersion.TLSv1_2)
    context.set_ciphers("ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:AES128-SHA")
    with pytest.raises(ssl.SSLError):
        https_get(server.port, context, "/healthz")


def test_tls_1_3_only_setting_refuses_tls_1_2(start_server: StartServer) -> None:
    server = start_server(ALUSTA_TLS_MIN_VERSION="1.3")
    with pytest.raises(ssl.SSLError):
        https_get(server.port, server.tls_context(maximum_version=ssl.TLSVersion.TLSv1_2), "/healthz")
    assert https_get(server.port, server.tls_context(), "/healthz").status == 200


def test_disallowed_host_is_refused_over_tls(start_server: StartServer) -> None:
    server = start_server()
    response = https_get(server.port, server.tls_context(), "/healthz", host="attacker.example.test")
    assert response.status == 400
    assert response.getheader("strict-transport-security")


def test_not_found_over_tls_is_hardened(start_server: StartServer) -> None:
    server = start_server()
    response = https_get(server.port, server.tls_context(), "/missing")
    assert response.status == 404
    assert response.getheader("content-security-policy")
    assert response.getheader("strict-transport-security")


def test_production_serve_refuses_to_start_without_secrets(tmp_path: object) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "alusta.cli", "serve"],
        env={"ALUSTA_ENVIRONMENT": "production", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    stderr = result.stderr.decode()
    for variable in ("ALUSTA_DATABASE_URL", "ALUSTA_TLS_CERT", "ALUSTA_KEY_FILE", "ALUSTA_OIDC_ISSUER"):
        assert variable in stderr
    assert "Traceback" not in stderr


def test_forwarded_headers_are_ignored_from_untrusted_peers(start_server: StartServer) -> None:
    server = start_server()  # no ALUSTA_TRUSTED_PROXIES: loopback is not a trusted proxy
    connection = http.client.HTTPSConnection("localhost", server.port, context=server.tls_context(), timeout=10)
    try:
        connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "http", "X-Forwarded-For": "192.0.2.1"})
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_forwarded_headers_are_honoured_from_trusted_proxies(start_server: StartServer) -> None:
    server = start_server(ALUSTA_TRUSTED_PROXIES="127.0.0.1")
    connection = http.client.HTTPSConnection("localhost", server.port, context=server.tls_context(), timeout=10)
    try:
        # The trusted proxy says the client spoke plain HTTP to it: the app refuses (no redirect).
        connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "http"})
        response = connection.getresponse()
        assert response.status == 400
        assert b"tls_required" in response.read()
    finally:
        connection.close()
