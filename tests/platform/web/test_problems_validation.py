"""Validation problems name every field: no spurious path entries, missing parameters named."""

from typing import Any

from litestar.enums import ParamType
from litestar.exceptions import ValidationException

from alusta.web.problems import _safe_validation_errors
from fixtures.callers import as_identity
from fixtures.dsr import PORTAL, World
from fixtures.tenancy import PREFIX


class FakeRequest:
    def __init__(self, path_params: dict[str, Any]) -> None:
        self.path_params = path_params


def test_converted_path_parameters_are_not_reported() -> None:
    exc = ValidationException(
        "Validation failed",
        extra=[
            {"key": "tenant_id", "source": ParamType.PATH, "message": "Expected `int`"},
            {"key": "limit", "source": "query", "message": "Expected `int` <= 200", "value": "secret"},
        ],
    )
    errors = _safe_validation_errors(FakeRequest({"tenant_id": 5}), exc)  # type: ignore[arg-type]
    assert errors == [{"key": "limit", "source": "query", "message": "Expected `int` <= 200"}]


def test_missing_parameter_is_named(world: World) -> None:
    reference = world.file(world.a.tenant)
    response = world.client.post(f"{PORTAL}/requests/{reference}/attachments", content=b"x", headers=world.as_subject())
    assert response.status_code == 400, response.text
    assert response.json()["errors"] == [{"key": "name", "source": "query", "message": "missing required parameter"}]


def test_unknown_status_is_refused_and_errors_carry_no_path_entry(world: World) -> None:
    admin = as_identity(world.a.admin)
    response = world.client.get(f"{PREFIX}{world.a.tenant}/requests/", params={"status": "bogus"}, headers=admin)
    assert response.status_code == 400, response.text
    assert [(e["key"], e["source"]) for e in response.json()["errors"]] == [("status", "query")]
    response = world.client.post(
        f"{PREFIX}{world.a.tenant}/registers/{world.a.register}/records", json={"valuesx": {}}, headers=admin
    )
    assert response.status_code == 400, response.text
    assert all(e.get("key") != "tenant_id" for e in response.json()["errors"])
    ok = world.client.get(f"{PREFIX}{world.a.tenant}/requests/", params={"status": "received"}, headers=admin)
    assert ok.status_code == 200, ok.text
