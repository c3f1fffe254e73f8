"""The OpenAPI document matches the API: problem responses documented, timestamps with offsets.

The contract run is schemathesis against the app in-process (its ASGI transport, HTTPS origin),
authenticated as a tenant admin (test caller headers, grants from the real membership table),
with the tenant's own ids filled in so operations reach real rows. Every operation, every
default check, a few derandomised examples each: bounded in time on a shared 2-core machine.
"""

import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from litestar.testing import TestClient
from schemathesis.config._checks import PositiveDataAcceptanceConfig
from schemathesis.core.failures import FailureGroup

from alusta.app import AlustaApp
from alusta.auth.identifiers import hetu_check_char
from alusta.auth.sessions import CSRF_HEADER
from alusta.settings import Settings
from alusta.web.openapi import PROBLEM_STATUSES
from alusta.web.problems import PROBLEM_MEDIA_TYPE
from fixtures.application import PUBLIC_URL
from fixtures.auth import login_as
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, make_tenant, register_body

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
MAX_EXAMPLES = 4


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    methods = {"get", "put", "post", "patch", "delete"}
    return [(p, m, op) for p, item in document["paths"].items() for m, op in item.items() if m in methods]


def test_every_operation_documents_the_problem_responses(tenant_client: TestClient[AlustaApp]) -> None:
    document = tenant_client.get("/schema/openapi.json").json()
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status"}
    operations = _operations(document)
    assert len(operations) > 40
    for path, method, operation in operations:
        for status in PROBLEM_STATUSES:
            ref = operation["responses"][str(status)]["$ref"]
            response = document["components"]["responses"][ref.rsplit("/", 1)[1]]
            assert list(response["content"]) == [PROBLEM_MEDIA_TYPE], (path, method, status)


def test_page_limits_are_in_the_document(tenant_client: TestClient[AlustaApp]) -> None:
    document = tenant_client.get("/schema/openapi.json").json()
    records = document["paths"]["/api/v1/tenants/{tenant_id}/registers/{register_id}/records"]["get"]
    limit = next(p for p in records["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200
    requests = document["paths"]["/api/v1/tenants/{tenant_id}/requests"]["get"]
    status = next(p for p in requests["parameters"] if p["name"] == "status")
    assert status["schema"]["oneOf"][0]["$ref"].endswith("/RequestState")
    assert "received" in document["components"]["schemas"]["RequestState"]["enum"]


def _timestamps(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _timestamps(v, k)]
    if isinstance(value, list):
        return [found for v in value for found in _timestamps(v, key)]
    if isinstance(value, str) and key.endswith("_at"):
        return [(key, value)]
    return []


def test_timestamps_read_back_carry_their_offset(
    tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side]
) -> None:
    """Records, audit entries, the tenant and its members, read from the database (SQLite too)."""
    a, _ = sides
    headers = as_identity(a.admin)
    urls = [
        f"{PREFIX}{a.tenant}/records/{a.record}",
        f"{PREFIX}{a.tenant}/registers/{a.register}/records",
        f"{PREFIX}{a.tenant}/audit",
        f"{PREFIX}{a.tenant}",
        f"{PREFIX}{a.tenant}/members",
        f"{PREFIX}{a.tenant}/registers",
    ]
    seen = []
    for url in urls:
        response = tenant_client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.text)
        seen += _timestamps(response.json())
    assert {key for key, _ in seen} >= {"created_at", "updated_at", "at"} or len(seen) > 5
    bad = [(key, value) for key, value in seen if not RFC3339.match(value)]
    assert not bad, bad


def _random_synthetic_hetu() -> str:
    birth = f"{secrets.randbelow(28) + 1:02d}{secrets.randbelow(12) + 1:02d}{secrets.randbelow(90) + 10:02d}"
    individual = f"{900 + secrets.randbelow(100):03d}"
    return f"{birth}-{individual}{hetu_check_char(birth, individual)}"


@dataclass
class Contract:
    schema: Any
    client: TestClient[AlustaApp]
    headers: dict[str, str]


@pytest.fixture
def contract(auth_client: TestClient[AlustaApp], settings: Settings) -> Contract:
    """A tenant admin logged in for real (test IdP, session cookie, CSRF header), with data."""
    assert login_as(auth_client, hetu=_random_synthetic_hetu()).status_code == 303
    identity = auth_client.get("/api/v1/me").json()["identity_id"]
    tenant = make_tenant(settings, identity, "Sopimus Oy")
    me = auth_client.get("/api/v1/me").json()
    assert str(tenant) in me["tenants"]
    headers = {CSRF_HEADER: me["csrf_token"]}
    response = auth_client.post(f"{PREFIX}{tenant}/registers", json=register_body(), headers=headers)
    assert response.status_code == 201, response.text
    register = response.json()["id"]
    values = {"hetu": _random_synthetic_hetu(), "email": "sopimus@example.test", "name": "Testi Henkilö"}
    response = auth_client.post(
        f"{PREFIX}{tenant}/registers/{register}/records", json={"values": values}, headers=headers
    )
    assert response.status_code == 201, response.text
    schema = schemathesis.openapi.from_dict(auth_client.get("/schema/openapi.json").json())
    schema.config.update(
        base_url=PUBLIC_URL,
        headers=headers,
        parameters={"tenant_id": tenant, "register_id": register, "record_id": response.json()["id"]},
    )
    # Schema-valid input may still break a rule no schema can state (a henkilötunnus checksum, the
    # register's own fields, the request's state): 422 is an expected answer to it, 5xx never.
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
    )
    return Contract(schema, auth_client, headers)


def _send(client: TestClient[AlustaApp], kwargs: dict[str, Any]) -> Any:
    """Send a case serialised for ``requests`` through the app's test client (one event loop)."""
    body: dict[str, Any] = {}
    if "json" in kwargs:
        body["json"] = kwargs["json"]
    elif isinstance(kwargs.get("data"), bytes | str):
        body["content"] = kwargs["data"]
    elif kwargs.get("data") is not None:
        body["data"] = kwargs["data"]
    if kwargs.get("files"):
        body["files"] = kwargs["files"]
    return client.request(
        kwargs["method"], kwargs["url"], headers=kwargs.get("headers"), params=kwargs.get("params"), **body
    )


def test_api_contract(contract: Contract) -> None:
    """Every operation, every default check of schemathesis: 0 failures, 0 server errors.

    Driven with hypothesis directly (schemathesis' lazy pytest loader does not run on pytest 9);
    a failure is collected, not raised, so one run reports every operation that breaks.
    """
    failures: list[tuple[str, str]] = []
    cases = 0
    started = time.monotonic()
    for result in contract.schema.get_all_operations():
        operation = result.ok()

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        def run(case: schemathesis.Case[Any]) -> None:
            nonlocal cases
            cases += 1
            try:
                kwargs = case.as_transport_kwargs(base_url=PUBLIC_URL, headers=contract.headers)
                response = _send(contract.client, kwargs)
                case.validate_response(response, headers=kwargs.get("headers"), transport_kwargs=kwargs)
            except (Exception, FailureGroup) as exc:  # noqa: BLE001 - every failure is collected and reported below
                failures.append((case.operation.label, str(exc)[:800]))

        run()
    elapsed = time.monotonic() - started
    print(f"schemathesis: {cases} cases, {len(failures)} failures, {elapsed:.1f} s")  # noqa: T201 - the figure
    assert not failures, "\n\n".join(f"{label}: {text}" for label, text in failures[:20])
    assert cases > 100
