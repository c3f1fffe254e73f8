"""Log lines are JSON, carry the request id, and never carry personal data or tracebacks."""

import json

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.logs import configure_logging, get_logger


def test_request_log_line_is_json_with_request_id(
    client: TestClient[AlustaApp], capsys: pytest.CaptureFixture[str]
) -> None:
    response = client.get("/no/such/page?hetu=010190-900A&email=a@example.test")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "request"]
    assert access
    assert access[-1]["request_id"] == response.headers["x-request-id"]
    assert access[-1]["route"] == "<unmatched>"
    assert "010190-900A" not in json.dumps(lines)
    assert "example.test" not in json.dumps(lines)


def test_personal_keys_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging()
    get_logger("t").info("oops", hetu="010190-900A", email="a@example.test", ok="kept")
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["hetu"] == "[redacted]"
    assert line["email"] == "[redacted]"
    assert line["ok"] == "kept"


def test_unhandled_error_logs_type_only_and_answers_without_traceback(
    app: AlustaApp, capsys: pytest.CaptureFixture[str]
) -> None:
    @get("/boom")
    async def boom() -> None:
        raise RuntimeError("SELECT * FROM records WHERE hetu = '010190-900A'")

    app.register(boom)
    with TestClient(app, base_url="https://alusta.example.test", raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "010190-900A" not in response.text
    assert "Traceback" not in response.text
    captured = capsys.readouterr()
    assert "010190-900A" not in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err
    assert '"exception_type": "RuntimeError"' in captured.out  # the log is on stdout
    assert isinstance(app, Litestar)
