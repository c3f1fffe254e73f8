"""Cost of the security shell: requests/s through AlustaApp vs the same app with the shell bypassed.

Run: .venv/bin/python bench/shell_overhead.py [--requests N]
Prints the ratio shell/bypassed measured in the same run and the shell's added time per request.
Goal: the shell adds at most 40 µs per request (measured: about 20-25 µs on the 2-core machine,
i.e. a ratio near 0.5 on this trivial handler; a database-backed request takes about 1 ms, where
the shell is a few per cent).
"""

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from litestar import Litestar

from alusta.app import create_app
from alusta.db import migrate
from alusta.settings import Environment, Settings
from alusta.settings_resolve import resolve_settings

HOST = b"alusta.example.test"


async def _call(app: Any, path: str) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", HOST)],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 443),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _rate(app: Any, path: str, requests: int) -> float:
    for _ in range(50):  # warm-up
        await _call(app, path)
    started = time.perf_counter()
    for _ in range(requests):
        assert await _call(app, path) == 200
    return requests / (time.perf_counter() - started)


async def main(requests: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}"
        await migrate.upgrade_async(url)
        settings = resolve_settings(
            Settings(
                environment=Environment.TEST,
                state_dir=Path(scratch),
                database_url=url,
                public_url="https://alusta.example.test",
                log_level="ERROR",
            )
        )
        shell_app = create_app(settings)
        shell_app.shell.schema_ready = True

        async def bare_app(scope: Any, receive: Any, send: Any) -> None:  # same app, shell skipped
            await Litestar.__call__(shell_app, scope, receive, send)

        bare = await _rate(bare_app, "/healthz", requests)
        shelled = await _rate(shell_app, "/healthz", requests)
    print(f"shell bypassed: {bare:,.0f} req/s")
    print(f"with shell:     {shelled:,.0f} req/s")
    added_us = (1 / shelled - 1 / bare) * 1e6
    print(f"ratio shell/bypassed: {shelled / bare:.2f}")
    print(f"shell adds {added_us:.1f} µs per request (goal <= 40 µs): {'ok' if added_us <= 40 else 'MISSED'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    asyncio.run(main(parser.parse_args().requests))
