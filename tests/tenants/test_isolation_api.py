"""Every tenant route refuses other tenants, strangers and the processor (issue 5, done-when 1).

Runs on SQLite (ORM filter alone) and PostgreSQL (ORM filter + RLS, app connects as a
non-owner role). The list of routes is read from the app: a new route without a case here fails.
"""

import re
from typing import Any

from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.auth.permissions import Role
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, new_identity, register_body, synthetic_hetu

# Route template -> methods; kept in sync with the app by test_route_list_is_complete.
ROUTES: dict[str, set[str]] = {
    "/api/v1/tenants/{tenant_id:int}": {"GET", "PATCH"},
    "/api/v1/tenants/{tenant_id:int}/members": {"GET"},
    "/api/v1/tenants/{tenant_id:int}/members/{identity_id:int}": {"PUT", "DELETE"},
    "/api/v1/tenants/{tenant_id:int}/registers": {"GET", "POST"},
    "/api/v1/tenants/{tenant_id:int}/registers/{register_id:int}": {"GET", "PUT"},
    "/api/v1/tenants/{tenant_id:int}/registers/{register_id:int}/versions/{version:int}": {"GET"},
    "/api/v1/tenants/{tenant_id:int}/registers/{register_id:int}/records": {"GET", "POST"},
    "/api/v1/tenants/{tenant_id:int}/registers/{register_id:int}/records/import": {"POST"},
    "/api/v1/tenants/{tenant_id:int}/records/search": {"POST"},
    "/api/v1/tenants/{tenant_id:int}/records/{record_id:int}": {"GET", "PATCH", "DELETE"},
    "/api/v1/tenants/{tenant_id:int}/records/{record_id:int}/use": {"GET"},
    "/api/v1/tenants/{tenant_id:int}/audit": {"GET"},
    "/api/v1/tenants/{tenant_id:int}/audit/verify": {"GET"},
}


def url(template: str, tenant: int, objects: Side) -> str:
    return (
        template.replace("{tenant_id:int}", str(tenant))
        .replace("{register_id:int}", str(objects.register))
        .replace("{record_id:int}", str(objects.record))
        .replace("{identity_id:int}", str(objects.admin))
        .replace("{version:int}", "1")
    )


def body(template: str, method: str, objects: Side) -> dict[str, Any]:  # noqa: PLR0911 - one case per route
    if template.endswith("/import"):
        return {"content": b"hetu,name\n" + synthetic_hetu(7).encode() + b",X\n", "extra": {"content-type": "text/csv"}}
    if template.endswith("/search"):
        return {"json": {"kind": "hetu", "value": objects.hetu}}
    if template.endswith("/use"):
        return {"params": {"purpose": "marketing"}}
    if method == "POST" and template.endswith("/records"):
        return {"json": {"values": {"hetu": synthetic_hetu(5)}}}
    if method in {"POST", "PUT"} and "/registers" in template:
        return {"json": register_body()}
    if method == "PATCH" and "/records/" in template:
        return {"json": {"values": {"name": "muutettu"}}}
    if method == "PATCH":
        return {"json": {"contact_point": "muutettu@example.test"}}
    if method == "PUT":
        return {"json": {"role": "tenant_viewer"}}
    return {}


def send(
    client: TestClient[AlustaApp], method: str, target: str, headers: dict[str, str], kwargs: dict[str, Any]
) -> Any:
    options = dict(kwargs)
    headers = headers | options.pop("extra", {})
    return client.request(method, target, headers=headers, **options)


def calls(objects: Side, tenant: int) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [
        (template, method, url(template, tenant, objects), body(template, method, objects))
        for template, methods in ROUTES.items()
        for method in sorted(methods)
    ]


MY_MODULES = (
    "alusta.tenants.tenancy.",
    "alusta.tenants.registers.",
    "alusta.tenants.records.",
    "alusta.tenants.audit.",
)


def tenant_routes(app: AlustaApp) -> dict[str, set[str]]:
    """Every route under /api/v1/tenants/ (of any domain) with its methods."""
    found: dict[str, set[str]] = {}
    for route in app.routes:
        if route.path.startswith(PREFIX.rstrip("/")) and isinstance(route, HTTPRoute):
            found.setdefault(route.path.rstrip("/"), set()).update(set(route.methods) - {"HEAD", "OPTIONS"})
    return found


def test_route_list_is_complete(tenant_app: AlustaApp) -> None:
    mine: dict[str, set[str]] = {}
    for route in tenant_app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(PREFIX.rstrip("/")):
            continue
        for handler in route.route_handlers:
            if handler.fn.__module__.startswith(MY_MODULES):
                mine.setdefault(route.path.rstrip("/"), set()).update(set(handler.http_methods) - {"HEAD", "OPTIONS"})
    assert mine == ROUTES


def test_every_tenant_route_of_every_domain_refuses_outsiders(
    tenant_client: TestClient[AlustaApp], tenant_app: AlustaApp, sides: tuple[Side, Side]
) -> None:
    """Requests and any later domain included: the guard answers before a body is even read."""
    a, b = sides
    operator = new_identity()
    for template, methods in tenant_routes(tenant_app).items():
        target = re.sub(r"\{[a-z_]+:int\}", "1", url(template, b.tenant, b))
        target = re.sub(r"\{[a-z_]+(:str)?\}", "x", target)
        for method in sorted(methods):
            assert tenant_client.request(method, target).status_code == 401, (template, method)
            for who in (as_identity(a.admin), as_identity(operator, Role.OPERATOR, Role.SUPPORT_DESK)):
                response = tenant_client.request(method, target, headers=who)
                assert response.status_code == 404, (template, method, response.status_code)


def _assert_b_untouched(client: TestClient[AlustaApp], b: Side) -> None:
    response = client.get(f"{PREFIX}{b.tenant}/records/{b.record}", headers=as_identity(b.admin))
    assert response.status_code == 200, response.text
    assert response.json()["values"]["name"] == "Henkilö 2"
    members = client.get(f"{PREFIX}{b.tenant}/members", headers=as_identity(b.admin)).json()
    assert [m["identity_id"] for m in members] == [b.admin]
    tenant = client.get(f"{PREFIX}{b.tenant}", headers=as_identity(b.admin)).json()
    assert tenant["contact_point"] == "tietosuoja@example.test"


def test_staff_of_another_tenant_get_404_everywhere(
    tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side]
) -> None:
    a, b = sides
    for template, method, target, kwargs in calls(b, b.tenant):
        response = send(tenant_client, method, target, as_identity(a.admin), kwargs)
        assert response.status_code == 404, (template, method, response.status_code, response.text)
    _assert_b_untouched(tenant_client, b)


def test_own_tenant_url_with_foreign_object_ids_finds_nothing(
    tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side]
) -> None:
    a, b = sides
    for template, method, target, kwargs in calls(b, a.tenant):
        if not any(p in template for p in ("{register_id", "{record_id", "{identity_id")):
            continue
        if method == "PUT" and "{identity_id" in template:
            continue  # granting B's admin a role in A is A's own business, not a read of B
        response = send(tenant_client, method, target, as_identity(a.admin), kwargs)
        assert response.status_code == 404, (template, method, response.status_code, response.text)
    search = tenant_client.post(
        f"{PREFIX}{a.tenant}/records/search", json={"kind": "hetu", "value": b.hetu}, headers=as_identity(a.admin)
    )
    assert search.status_code == 200
    assert search.json() == []
    _assert_b_untouched(tenant_client, b)


def test_anonymous_callers_get_401_and_processor_staff_404(
    tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side]
) -> None:
    _a, b = sides
    operator = new_identity()
    for template, method, target, kwargs in calls(b, b.tenant):
        anonymous = send(tenant_client, method, target, {}, kwargs)
        assert anonymous.status_code == 401, (template, method, anonymous.text)
        processor = send(tenant_client, method, target, as_identity(operator, Role.OPERATOR, Role.SUPPORT_DESK), kwargs)
        assert processor.status_code == 404, (template, method, processor.text)
        assert "Henkilö" not in processor.text
    _assert_b_untouched(tenant_client, b)
