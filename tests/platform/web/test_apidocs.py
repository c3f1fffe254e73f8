"""The OpenAPI UI is served by the app under the strict CSP, with no CDN (issue 17 point 8, ADR 0083)."""

import re

from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.web.apidocs import ASSETS, PACKAGE_FILES


def test_the_swagger_page_loads_only_files_from_the_app(client: TestClient[AlustaApp]) -> None:
    response = client.get("/schema/swagger")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    page = response.text
    assert "<script>" not in page  # no inline script: the start script is a file
    assert "<style" not in page
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert references
    assert [ref for ref in references if not (ref.startswith(ASSETS) or ref == "data:,")] == []


def test_the_swagger_assets_are_served_with_long_cache(client: TestClient[AlustaApp]) -> None:
    for name, media_type in {**PACKAGE_FILES, "start.js": "text/javascript"}.items():
        response = client.get(f"{ASSETS}/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith(media_type)
        assert "max-age=31536000" in response.headers["cache-control"]
        assert len(response.content) > 100
    start = client.get(f"{ASSETS}/start.js").text
    assert '"/schema/openapi.json"' in start


def test_only_the_listed_assets_are_served(client: TestClient[AlustaApp]) -> None:
    for name in ("index.html", "..%2F..%2Fpyproject.toml", "swagger-initializer.js"):
        assert client.get(f"{ASSETS}/{name}").status_code == 404, name
