"""The ``alusta`` command: schema upgrade, and the demo exactly as README.md starts it."""

import http.client
import os
import re
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures.live_server import free_port

pytestmark = pytest.mark.slow


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alusta.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_db_upgrade_then_downgrade(tmp_path: Path) -> None:
    env = {**os.environ, "ALUSTA_ENVIRONMENT": "test", "ALUSTA_STATE_DIR": str(tmp_path / "state")}
    assert run_cli("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    assert (tmp_path / "state" / "alusta.db").exists()
    result = run_cli("db", "downgrade", "base", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def _probe(port: int, ca: Path) -> tuple[int, str] | None:
    """GET /healthz trusting only the demo's own CA; None while the server is not up yet."""
    if not ca.exists():
        return None
    connection = http.client.HTTPSConnection(
        "localhost", port, context=ssl.create_default_context(cafile=str(ca)), timeout=5
    )
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("strict-transport-security") or ""
    except OSError:
        return None
    finally:
        connection.close()


def test_demo_serves_https_with_hsts_from_an_empty_directory(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALUSTA_")}
    with (tmp_path / "demo.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "alusta.cli", "serve", "--demo", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        ca = tmp_path / ".alusta" / "tls" / "ca.pem"
        deadline = time.monotonic() + 90
        answer: tuple[int, str] | None = None
        while time.monotonic() < deadline and answer is None:
            time.sleep(0.5)
            assert process.poll() is None, (tmp_path / "demo.log").read_text()
            answer = _probe(port, ca)
        assert answer is not None, (tmp_path / "demo.log").read_text()
        status, hsts = answer
        assert status == 200
        assert re.fullmatch(r"max-age=\d{8}; includeSubDomains", hsts)
        output = (tmp_path / "demo.log").read_text()
        assert f"https://localhost:{port}/" in output
        assert "--cacert" in output
    finally:
        process.terminate()
        process.wait(timeout=20)
