"""Tenant status set by the operator: suspended locks staff out, offboarding is read-only."""

import os

from click.testing import CliRunner
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.cli import main
from alusta.settings import Settings
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side, register_body


def set_status(settings: Settings, tenant: int, status: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "ALUSTA_ENVIRONMENT": "test",
        "ALUSTA_STATE_DIR": str(settings.state_dir),
        "ALUSTA_DATABASE_URL": settings.database_url or "",
        "ALUSTA_PUBLIC_URL": settings.public_url or "",
    }
    result = CliRunner().invoke(main, ["tenant", "status", str(tenant), status], env=env)
    return result.exit_code, result.output


def test_suspension_and_offboarding(
    tenant_client: TestClient[AlustaApp], tenant_settings: Settings, sides: tuple[Side, Side]
) -> None:
    a, b = sides
    registers = f"{PREFIX}{a.tenant}/registers"
    assert set_status(tenant_settings, a.tenant, "suspended") == (0, f"tenant {a.tenant} is suspended\n")
    response = tenant_client.get(registers, headers=as_identity(a.admin))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:alusta:problem:tenant_suspended"
    assert tenant_client.get(f"{PREFIX}{b.tenant}/registers", headers=as_identity(b.admin)).status_code == 200
    assert tenant_client.get(registers, headers=as_identity(b.admin)).status_code == 404  # still no leak

    assert set_status(tenant_settings, a.tenant, "offboarding")[0] == 0
    assert tenant_client.get(registers, headers=as_identity(a.admin)).status_code == 200
    refused = tenant_client.post(registers, json=register_body("Uusi"), headers=as_identity(a.admin))
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:alusta:problem:tenant_offboarding"
    assert len(tenant_client.get(registers, headers=as_identity(a.admin)).json()) == 1  # nothing stored

    assert set_status(tenant_settings, a.tenant, "active")[0] == 0
    assert tenant_client.post(registers, json=register_body("Uusi"), headers=as_identity(a.admin)).status_code == 201
    assert set_status(tenant_settings, 1, "suspended")[0] == 1  # no such tenant
