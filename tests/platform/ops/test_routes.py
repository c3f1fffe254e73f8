"""Liveness, readiness before and after migrations, metrics by route template, OpenAPI."""

from pathlib import Path

from litestar.testing import TestClient

from alusta.app import create_app
from alusta.db import migrate
from fixtures.application import PUBLIC_URL, make_settings


def test_healthz(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_fails_before_migrations_and_passes_after(state_dir: Path, empty_db_url: str) -> None:
    app = create_app(make_settings(state_dir, empty_db_url))
    with TestClient(app, base_url=PUBLIC_URL) as client:
        before = client.get("/readyz")
        assert before.status_code == 503
        assert before.json()["schema"] == "schema not migrated; run `alusta db upgrade`"
        assert before.json()["reason"] == "schema not up to date"
        # While the schema is behind, the service refuses to serve anything but operations.
        refused = client.get("/")
        assert refused.status_code == 503
        assert refused.json()["type"] == "urn:alusta:problem:not_ready"
        migrate.upgrade(empty_db_url)
        after = client.get("/readyz")
        assert after.status_code == 200
        assert after.json() == {"ready": True, "database": "reachable", "schema": "schema at head", "reason": "ready"}
        assert client.get("/").status_code == 200


def test_readiness_reports_unreachable_database(state_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'missing-dir' / 'x.db'}"
    with TestClient(create_app(make_settings(state_dir, url)), base_url=PUBLIC_URL) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("unreachable (")
    assert response.json()["reason"] == "database unavailable"


def test_metrics_are_labelled_by_route_template_not_raw_path(client: TestClient) -> None:  # type: ignore[type-arg]
    client.get("/healthz")
    client.get("/no/such/hetu-010190-900A")
    body = client.get("/metrics").text
    assert 'alusta_http_requests_total{method="GET",route="/healthz",status="200"}' in body
    assert 'route="<unmatched>",status="404"' in body
    assert "hetu" not in body
    assert "alusta_http_request_duration_seconds_bucket" in body


def test_openapi_document_is_served(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "alusta"
    assert "/healthz" in document["paths"]
    assert "/readyz" in document["paths"]
