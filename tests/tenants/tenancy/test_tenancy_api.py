"""Tenant settings and staff: only the tenant's admins manage them; the last admin stays."""

import pytest
from litestar.testing import TestClient

from alusta.app import AlustaApp
from alusta.settings import Settings
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, make_tenant, new_identity


@pytest.fixture
def tenant(tenant_settings: Settings) -> tuple[int, int]:
    admin = new_identity()
    return make_tenant(tenant_settings, admin, "Jäsen Oy"), admin


def test_members_are_managed_by_admins_only(tenant_client: TestClient[AlustaApp], tenant: tuple[int, int]) -> None:
    tid, admin = tenant
    members = f"{PREFIX}{tid}/members"
    handler = new_identity()
    put = tenant_client.put(f"{members}/{handler}", json={"role": "tenant_handler"}, headers=as_identity(admin))
    assert put.status_code == 200
    assert put.json()["granted_by"] == admin
    # A handler can neither list nor grant, nor raise themselves to admin.
    assert tenant_client.get(members, headers=as_identity(handler)).status_code == 403
    raise_self = tenant_client.put(f"{members}/{handler}", json={"role": "tenant_admin"}, headers=as_identity(handler))
    assert raise_self.status_code == 403
    assert tenant_client.get(f"{PREFIX}{tid}", headers=as_identity(handler)).status_code == 200
    assert tenant_client.delete(f"{members}/{handler}", headers=as_identity(admin)).status_code == 204
    assert tenant_client.get(f"{PREFIX}{tid}", headers=as_identity(handler)).status_code == 404


def test_the_last_admin_cannot_leave(tenant_client: TestClient[AlustaApp], tenant: tuple[int, int]) -> None:
    tid, admin = tenant
    members = f"{PREFIX}{tid}/members"
    assert tenant_client.delete(f"{members}/{admin}", headers=as_identity(admin)).status_code == 409
    demote = tenant_client.put(f"{members}/{admin}", json={"role": "tenant_viewer"}, headers=as_identity(admin))
    assert demote.status_code == 409
    second = new_identity()
    tenant_client.put(f"{members}/{second}", json={"role": "tenant_admin"}, headers=as_identity(admin))
    assert tenant_client.delete(f"{members}/{admin}", headers=as_identity(second)).status_code == 204


def test_settings_change_is_validated_and_audited(
    tenant_client: TestClient[AlustaApp], tenant: tuple[int, int]
) -> None:
    tid, admin = tenant
    url = f"{PREFIX}{tid}"
    bad = tenant_client.patch(url, json={"locale": "de"}, headers=as_identity(admin))
    assert bad.status_code == 400
    assert tenant_client.patch(url, json={"name": "x"}, headers=as_identity(admin)).status_code == 400
    good = tenant_client.patch(url, json={"required_loa": "loa2", "locale": "sv"}, headers=as_identity(admin))
    assert good.status_code == 200
    assert (good.json()["required_loa"], good.json()["locale"]) == ("loa2", "sv")
    actions = [e["action"] for e in tenant_client.get(f"{url}/audit", headers=as_identity(admin)).json()["items"]]
    assert actions == ["tenant.settings.update"]
