"""The tenant API is documented in OpenAPI with response models and its problem responses."""

from litestar.testing import TestClient

from alusta.app import AlustaApp


def test_tenant_routes_have_response_models(tenant_client: TestClient[AlustaApp]) -> None:
    schema = tenant_client.get("/schema/openapi.json").json()
    paths = schema["paths"]
    record = paths["/api/v1/tenants/{tenant_id}/records/{record_id}"]
    assert record["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("RecordOut")
    assert "400" in paths["/api/v1/tenants/{tenant_id}/registers"]["post"]["responses"]
    components = schema["components"]["schemas"]
    for name in (
        "RecordOut",
        "RecordPage",
        "RegisterOut",
        "Notice",
        "TenantOut",
        "MemberOut",
        "AuditPage",
        "PublicNotice",
    ):
        assert name in components, name
    assert "/notices/{tenant_id}/{register_id}" not in paths  # the HTML page is not an API
