"""A normal client's latency while 600 slow clients hold connections, as a ratio to none (issue 17 point 5).

Run: .venv/bin/python bench/slow_clients.py [--slow 600] [--requests 150]
Starts ``alusta serve`` as a real process over TLS with the default limits (head deadline
ALUSTA_HEADER_TIMEOUT_SECONDS, cap ALUSTA_MAX_CONNECTIONS), measures GET /healthz on a fresh TLS
connection each time (median and p95), then opens the slow clients and measures again while they
hold. Each slow client completes the TLS handshake, sends half a request head and then one more
header byte every 2 s (slowloris); when the server cuts it off it reconnects at once, as an
attacker would, so 600 are held throughout. Goal: median ratio within 2x.
"""

import argparse
import asyncio
import os
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alusta.db import migrate

PARTIAL_HEAD = b"GET /healthz HTTP/1.1\r\nX-Slow: "


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(state: Path, port: int) -> subprocess.Popen[bytes]:
    url = f"sqlite+aiosqlite:///{state / 'bench.db'}"
    migrate.upgrade(url)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ALUSTA_")},
        "ALUSTA_ENVIRONMENT": "test",
        "ALUSTA_STATE_DIR": str(state),
        "ALUSTA_DATABASE_URL": url,
        "ALUSTA_PUBLIC_URL": f"https://localhost:{port}",
        "ALUSTA_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "alusta.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


async def one_request(port: int, context: ssl.SSLContext) -> float:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context, server_hostname="localhost")
    writer.write(f"GET /healthz HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n".encode())
    body = await reader.read()
    elapsed = time.perf_counter() - started
    writer.close()
    if not body.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"unexpected answer: {body[:40]!r}")
    return elapsed


async def measure(port: int, context: ssl.SSLContext, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        samples.append(await one_request(port, context))
        await asyncio.sleep(0.02)
    return samples


class SlowClients:
    def __init__(self, port: int, context: ssl.SSLContext, count: int) -> None:
        self.port, self.context, self.count = port, context, count
        self.open = 0
        self.cut_off = 0
        self.stop = asyncio.Event()

    async def one(self) -> None:
        while not self.stop.is_set():
            try:
                _, writer = await asyncio.open_connection(
                    "127.0.0.1", self.port, ssl=self.context, server_hostname="localhost"
                )
            except OSError:
                await asyncio.sleep(0.5)
                continue
            self.open += 1
            try:
                writer.write(PARTIAL_HEAD)
                while not self.stop.is_set():
                    await asyncio.sleep(2.0)
                    writer.write(b"a")
                    await writer.drain()
                    if writer.is_closing() or writer.transport.is_closing():
                        break
            except OSError:
                self.cut_off += 1
            finally:
                self.open -= 1
                writer.close()

    async def hold(self) -> list[asyncio.Task[None]]:
        tasks = []
        for _ in range(self.count):
            tasks.append(asyncio.create_task(self.one()))
            await asyncio.sleep(0.005)  # ramp up: 600 handshakes in ~3 s
        deadline = time.monotonic() + 120
        while self.open < self.count * 0.95 and time.monotonic() < deadline:  # noqa: ASYNC110 - polling a counter
            await asyncio.sleep(0.2)
        print(f"slow clients holding: {self.open}", file=sys.stderr)
        return tasks


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


async def run(port: int, ca: Path, slow: int, requests: int) -> None:
    context = ssl.create_default_context(cafile=str(ca))
    await measure(port, context, 10)  # warm-up
    base_median, base_p95 = summary(await measure(port, context, requests))
    print(f"baseline measured: median {base_median * 1000:.1f} ms", file=sys.stderr)
    clients = SlowClients(port, context, slow)
    tasks = await clients.hold()
    held_at_start = clients.open
    loaded_median, loaded_p95 = summary(await measure(port, context, requests))
    held_at_end, cut_off = clients.open, clients.cut_off
    clients.stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"without slow clients: median {base_median * 1000:6.1f} ms, p95 {base_p95 * 1000:6.1f} ms")
    print(
        f"with {slow} slow clients: median {loaded_median * 1000:6.1f} ms, p95 {loaded_p95 * 1000:6.1f} ms "
        f"(held {held_at_start} at start, {held_at_end} at end; {cut_off} cut off by the head deadline, reconnected)"
    )
    ratio = loaded_median / base_median
    print(f"median latency ratio: {ratio:.2f} (goal within 2x): {'ok' if ratio <= 2 else 'MISSED'}")
    print(f"p95 latency ratio: {loaded_p95 / base_p95:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow", type=int, default=600)
    parser.add_argument("--requests", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        state = Path(scratch)
        port = free_port()
        process = start_server(state, port)
        try:
            asyncio.run(run(port, state / "tls" / "ca.pem", args.slow, args.requests))
        finally:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
