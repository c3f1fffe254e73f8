"""The retention rules page of the workspace, on SQLite and PostgreSQL (issue 12).

A rule is checked first (how many records the next sweep would delete under it, nothing
saved), then saved; bad months are refused with the field's message; removal works; other
tenants' staff, the desk and subjects get the HTML 404, a handler 403.
"""

from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from alusta.app import AlustaApp
from alusta.auth.permissions import Role
from alusta.settings import Settings
from fixtures.callers import as_identity
from fixtures.database import run_on_engine
from fixtures.tenancy import PREFIX, Side, new_identity

HTML = {"accept": "text/html"}


def backdate(settings: Settings, tenant: int, days: int) -> None:
    """Age a tenant's records as the schema owner (the app role cannot bypass RLS)."""

    async def run(engine: AsyncEngine) -> None:
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE records SET updated_at = :at WHERE tenant_id = :tenant"),
                {"at": (datetime.now(UTC) - timedelta(days=days)).replace(tzinfo=None), "tenant": tenant},
            )

    run_on_engine(settings.effective_migration_url, run)


def rule_of(client: TestClient[AlustaApp], side: Side) -> int:
    response = client.get(f"{PREFIX}{side.tenant}/registers/{side.register}/retention", headers=as_identity(side.admin))
    return response.status_code


def test_rule_is_checked_then_saved_then_removed(
    tenant_client: TestClient[AlustaApp], tenant_settings: Settings, sides: tuple[Side, Side]
) -> None:
    a, _ = sides
    backdate(tenant_settings, a.tenant, days=600)
    headers = {**HTML, **as_identity(a.admin)}
    page = tenant_client.get(f"/t/{a.tenant}/retention?lang=en", headers=headers)
    assert page.status_code == 200, page.text
    assert "No rule: records are kept until someone deletes them." in page.text
    url = f"/t/{a.tenant}/retention/{a.register}?lang=en"
    bad = tenant_client.post(url, data={"months": "0", "step": "check"}, headers=headers)
    assert bad.status_code == 400
    assert "whole number from 1 to 600" in bad.text
    assert 'href="#months"' in bad.text
    check = tenant_client.post(url, data={"months": "18", "step": "check"}, headers=headers)
    assert check.status_code == 200, check.text
    assert "The next sweep would delete 1 record." in check.text
    assert rule_of(tenant_client, a) == 404  # nothing saved by the check
    young = tenant_client.post(url, data={"months": "24", "step": "check"}, headers=headers)
    assert "The next sweep would delete 0 records." in young.text
    saved = tenant_client.post(url, data={"months": "18", "step": "save"}, headers=headers, follow_redirects=False)
    assert saved.status_code == 303
    assert rule_of(tenant_client, a) == 200
    listed = tenant_client.get(f"/t/{a.tenant}/retention?lang=en", headers=headers)
    assert "Deleted 18 months after the last change" in listed.text
    assert "1 record" in listed.text  # due at the next sweep
    removed = tenant_client.post(
        f"/t/{a.tenant}/retention/{a.register}/remove", data={}, headers=headers, follow_redirects=False
    )
    assert removed.status_code == 303
    assert rule_of(tenant_client, a) == 404


@pytest.mark.parametrize("who", ["other_tenant", "desk", "subject"])
def test_other_callers_get_404_and_nothing_is_saved(
    tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side], who: str
) -> None:
    a, b = sides
    caller = {
        "other_tenant": as_identity(b.admin),
        "desk": as_identity(new_identity(), Role.SUPPORT_DESK),
        "subject": as_identity(new_identity()),
    }[who]
    headers = {**HTML, **caller}
    assert tenant_client.get(f"/t/{a.tenant}/retention", headers=headers).status_code == 404
    for path, data in ((f"{a.register}", {"months": "12", "step": "save"}), (f"{a.register}/remove", {})):
        response = tenant_client.post(f"/t/{a.tenant}/retention/{path}", data=data, headers=headers)
        assert response.status_code == 404, path
    assert rule_of(tenant_client, a) == 404
    # B's admin on B's page cannot reach A's register either.
    own = tenant_client.post(
        f"/t/{b.tenant}/retention/{a.register}",
        data={"months": "12", "step": "save"},
        headers={**HTML, **as_identity(b.admin)},
    )
    assert own.status_code == 404


def test_a_handler_may_not_set_rules(tenant_client: TestClient[AlustaApp], sides: tuple[Side, Side]) -> None:
    a, _ = sides
    handler = new_identity()
    granted = tenant_client.put(
        f"{PREFIX}{a.tenant}/members/{handler}", json={"role": "tenant_handler"}, headers=as_identity(a.admin)
    )
    assert granted.status_code == 200, granted.text
    headers = {**HTML, **as_identity(handler)}
    assert tenant_client.get(f"/t/{a.tenant}/retention", headers=headers).status_code == 403
    posted = tenant_client.post(
        f"/t/{a.tenant}/retention/{a.register}", data={"months": "12", "step": "save"}, headers=headers
    )
    assert posted.status_code == 403
    assert rule_of(tenant_client, a) == 404
