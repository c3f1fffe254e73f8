"""Slow and surplus connections against the real server process over TLS (issue 17 point 5)."""

import http.client
import socket
import ssl
import time

import pytest

from fixtures.live_server import LiveServer, StartServer

pytestmark = pytest.mark.slow

HEAD_TIMEOUT = 1.5  # ALUSTA_HEADER_TIMEOUT_SECONDS for these servers
MARGIN = 4.0  # generous: the machine is shared


def tls_connect(server: LiveServer) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return server.tls_context().wrap_socket(raw, server_hostname="localhost")


def closed_after(sock: socket.socket, limit: float) -> float | None:
    """Seconds until the server closed ``sock`` (EOF or reset), or None if it stayed open ``limit`` s."""
    started = time.monotonic()
    sock.settimeout(limit)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return None
    except (ConnectionResetError, ssl.SSLError, OSError):
        pass
    return time.monotonic() - started


def healthz_status(server: LiveServer) -> int:
    connection = http.client.HTTPSConnection("localhost", server.port, context=server.tls_context(), timeout=10)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


def test_idle_partial_and_trickling_heads_are_closed_after_the_timeout(start_server: StartServer) -> None:
    server = start_server(ALUSTA_HEADER_TIMEOUT_SECONDS=str(HEAD_TIMEOUT))
    opened = time.monotonic()
    idle = tls_connect(server)  # handshake done, nothing sent
    partial = tls_connect(server)
    partial.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")  # head never finished
    trickle = tls_connect(server)
    never_hello = socket.create_connection(("127.0.0.1", server.port), timeout=10)  # no TLS handshake
    # Slowloris: a header byte every 0.3 s keeps resetting uvicorn's own keep-alive timer.
    deadline = time.monotonic() + HEAD_TIMEOUT + MARGIN
    trickle_closed_at = None
    for byte in b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200:
        try:
            trickle.sendall(bytes([byte]))
        except OSError:
            trickle_closed_at = time.monotonic() - opened
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.3)
    if trickle_closed_at is None:
        waited = closed_after(trickle, 1.0)
        trickle_closed_at = None if waited is None else time.monotonic() - opened
    for sock in (idle, partial, never_hello):
        waited = closed_after(sock, HEAD_TIMEOUT + MARGIN)
        assert waited is not None, "a connection without a complete head stayed open past the timeout"
    total = time.monotonic() - opened
    assert total < HEAD_TIMEOUT + MARGIN + 2
    assert trickle_closed_at is not None, "the trickling client was not cut off"
    assert HEAD_TIMEOUT - 0.5 <= trickle_closed_at < HEAD_TIMEOUT + MARGIN
    for sock in (idle, partial, trickle, never_hello):
        sock.close()
    assert healthz_status(server) == 200  # the server itself is unharmed


def test_complete_requests_and_kept_alive_connections_are_served(start_server: StartServer) -> None:
    server = start_server(ALUSTA_HEADER_TIMEOUT_SECONDS=str(HEAD_TIMEOUT), ALUSTA_KEEP_ALIVE_TIMEOUT_SECONDS="30")
    connection = http.client.HTTPSConnection("localhost", server.port, context=server.tls_context(), timeout=10)
    try:
        for _ in range(3):  # a fresh head deadline per request on the kept-alive connection
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            assert response.status == 200
            response.read()
            time.sleep(HEAD_TIMEOUT / 3)
        # Idle after a response for longer than the head deadline: closed even though keep-alive is 30 s.
        sock = connection.sock
        assert sock is not None
        assert closed_after(sock, HEAD_TIMEOUT + MARGIN) is not None
    finally:
        connection.close()


def test_connections_beyond_the_cap_are_closed_at_once(start_server: StartServer) -> None:
    cap = 16
    server = start_server(ALUSTA_MAX_CONNECTIONS=str(cap), ALUSTA_HEADER_TIMEOUT_SECONDS="30")
    held = [tls_connect(server) for _ in range(cap)]
    try:
        time.sleep(0.5)  # the server has counted them (connection_made runs after each handshake)
        try:
            extra = tls_connect(server)
        except OSError:
            pass  # aborted while the client was still finishing its side of the handshake
        else:
            assert closed_after(extra, 5.0) is not None, "a connection beyond the cap was kept"
            extra.close()
        assert all(closed_after(sock, 0.2) is None for sock in held)  # the held ones stay (30 s deadline)
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert healthz_status(server) == 200  # room again once they are gone
