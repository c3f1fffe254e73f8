"""``/metrics`` behind a bearer token when one is configured (issue 17 point 8)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp, create_app
from alusta.settings_resolve import SettingsError
from fixtures.application import PUBLIC_URL, make_settings

TOKEN = "metrics-token-for-tests-0123456789abcdef"


@pytest.fixture
def guarded(state_dir: Path, tmp_path: Path, db_url: str) -> Iterator[TestClient[AlustaApp]]:
    token_file = tmp_path / "metrics-token"
    token_file.write_text(TOKEN + "\n")  # a trailing newline, as `openssl rand -hex 32 >file` writes
    app = create_app(make_settings(state_dir, db_url, metrics_token_file=token_file))
    with TestClient(app, base_url=PUBLIC_URL, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong-token-0123456789abcdef0123456789", f"Basic {TOKEN}", f"Bearer {TOKEN}x"],
)
def test_metrics_without_the_right_bearer_token_are_refused(
    guarded: TestClient[AlustaApp], authorization: str | None
) -> None:
    headers = {"accept-language": "en"} | ({} if authorization is None else {"authorization": authorization})
    response = guarded.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "The metrics require a valid bearer token."
    assert "alusta_http_requests_total" not in response.text


def test_metrics_with_the_bearer_token_are_served(guarded: TestClient[AlustaApp]) -> None:
    guarded.get("/healthz")
    response = guarded.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert 'alusta_http_requests_total{method="GET",route="/healthz",status="200"}' in response.text
    # The scheme is case-insensitive (RFC 9110 §11.1).
    assert guarded.get("/metrics", headers={"authorization": f"bearer {TOKEN}"}).status_code == 200


def test_a_short_metrics_token_is_refused_at_startup(state_dir: Path, tmp_path: Path, db_url: str) -> None:
    token_file = tmp_path / "short-token"
    token_file.write_text("short\n")
    with pytest.raises(SettingsError, match="at least 32"):
        make_settings(state_dir, db_url, metrics_token_file=token_file)
