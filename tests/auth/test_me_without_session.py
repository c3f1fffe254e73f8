"""``/api/v1/me`` for a caller that holds no login session answers 401, never a 500."""

from litestar.testing import TestClient

from alusta.app import AlustaApp
from fixtures.tenancy import new_identity


def test_me_without_a_login_session_is_401_not_500(tenant_client: TestClient[AlustaApp]) -> None:
    # The test-only caller injection makes a caller without a session (as no login would).
    response = tenant_client.get("/api/v1/me", headers={"x-test-identity": str(new_identity())})
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:alusta:problem:not_logged_in"
    assert "Traceback" not in response.text
