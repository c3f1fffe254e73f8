"""The ``alusta`` command: schema upgrade, and the demo exactly as README.md starts it."""

import http.client
import json
import os
import re
import socket
import ssl
from pathlib import Path

import pytest

from fixtures.cli import run_cli
from fixtures.live_server import DemoServer

pytestmark = pytest.mark.slow


def test_db_upgrade_then_downgrade(tmp_path: Path) -> None:
    env = {**os.environ, "ALUSTA_ENVIRONMENT": "test", "ALUSTA_STATE_DIR": str(tmp_path / "state")}
    assert run_cli("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    assert (tmp_path / "state" / "alusta.db").exists()
    result = run_cli("db", "downgrade", "base", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_demo_serves_https_with_hsts_from_an_empty_directory(demo_server: DemoServer) -> None:
    context = ssl.create_default_context(cafile=str(demo_server.ca_file))
    connection = http.client.HTTPSConnection("localhost", demo_server.port, context=context, timeout=10)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 200
    assert re.fullmatch(r"max-age=\d{8}; includeSubDomains", response.getheader("strict-transport-security") or "")
    banner = demo_server.banner.read_text()  # on stderr (issue 17 point 8)
    assert f"https://localhost:{demo_server.port}/" in banner
    assert "--cacert" in banner
    assert "Tessa Testilä: admin" in banner  # the banner names who to log in as


def test_demo_stdout_is_one_json_object_per_line(demo_server: DemoServer) -> None:
    """Log shippers read stdout line by line; the banner for people goes to stderr."""
    log = demo_server.log.read_text()
    assert log  # seeding and startup are logged
    events = [json.loads(line) for line in log.splitlines()]
    assert all(isinstance(event, dict) and "event" in event for event in events)
    assert "Tessa" not in log


def test_a_port_in_use_is_said_in_one_line_before_any_banner(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        refused = run_cli("serve", "--demo", "--port", str(port), env=_without_alusta_settings(), cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"alusta: port {port} on 127.0.0.1 is already in use (stop the other server or use --port)"
    ]
    assert "alusta demo" not in refused.stdout + refused.stderr
    assert not (tmp_path / ".alusta" / "alusta.db").exists()  # nothing seeded


def _without_alusta_settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ALUSTA_")}


def test_commands_beside_the_demo_use_it_and_say_so(tmp_path: Path) -> None:
    """Issue 13 item 5: no hidden ALUSTA_ENVIRONMENT=development needed next to `serve --demo`."""
    env = _without_alusta_settings()
    refused = run_cli("db", "upgrade", env=env, cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [refused.stderr.strip()]  # one line, not a list
    assert "ALUSTA_ENVIRONMENT=development" in refused.stderr
    assert not (tmp_path / ".alusta").exists()

    (tmp_path / ".alusta").mkdir()
    (tmp_path / ".alusta" / "demo-marker").write_text("demo\n")
    upgraded = run_cli("db", "upgrade", env=env, cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "using the demo in .alusta/" in upgraded.stderr
    assert (tmp_path / ".alusta" / "alusta.db").exists()
    verified = run_cli("audit", "verify", env=env, cwd=tmp_path)
    assert verified.returncode == 0, verified.stderr

    # The server itself becomes the demo only with --demo: production stays fail-closed.
    served = run_cli("serve", env=env, cwd=tmp_path)
    assert served.returncode == 2
    # An explicit setting keeps production's resolution with its full list of reasons.
    explicit = run_cli("db", "upgrade", env={**env, "ALUSTA_ENVIRONMENT": "production"}, cwd=tmp_path)
    assert explicit.returncode == 2
    assert "ALUSTA_MIGRATION_DATABASE_URL" in explicit.stderr
