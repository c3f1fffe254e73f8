"""``alusta serve --demo`` seeds three tenants whose admins are test-IdP persons."""

import asyncio

import pytest
from sqlalchemy import bindparam, select, text

from alusta.db.engine import build_engine
from alusta.demo_seed import DemoTenant, demo_tenants, seed_demo
from alusta.settings import Settings
from alusta.tenants.tenancy.models import Tenant


def _counts(db_url: str) -> dict[str, object]:
    async def run() -> dict[str, object]:
        engine = build_engine(db_url)
        try:
            async with engine.connect() as connection:
                ids = [d.business_id for d in demo_tenants()]
                tenants = (
                    (await connection.execute(select(Tenant.id).where(Tenant.business_id.in_(ids)))).scalars().all()
                )
                out: dict[str, object] = {"tenants": len(tenants)}
                staff = await connection.execute(text("SELECT role FROM auth_staff_roles ORDER BY role"))
                out["staff_roles"] = [row[0] for row in staff]
                for table in ("registers", "records", "tenant_members", "audit_log", "retention_rules"):
                    statement = text(f"SELECT count(*) FROM {table} WHERE tenant_id IN :ids")
                    statement = statement.bindparams(bindparam("ids", expanding=True))
                    out[table] = (await connection.execute(statement, {"ids": list(tenants)})).scalar_one()
                return out
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_seed_demo_is_complete_and_idempotent(tenant_settings: Settings, db_url: str) -> None:
    seed_demo(tenant_settings)
    counts = _counts(db_url)  # as the owner: sees every tenant
    assert counts["tenants"] == 3
    assert counts["registers"] == 3
    assert counts["records"] == 6
    assert counts["tenant_members"] == 5  # three admins, two handlers
    assert int(str(counts["audit_log"])) >= 12
    assert counts["retention_rules"] == 1  # the contact register: 18 months after handling
    assert counts["staff_roles"] == ["operator", "support_desk"]  # Fanni and Eemeli (issue 13 point 5)
    assert seed_demo(tenant_settings) == []
    assert _counts(db_url) == counts


@pytest.mark.parametrize("tenant", demo_tenants(), ids=lambda t: t.admin_key)
def test_demo_notices_are_translated_not_suffixed(tenant: DemoTenant) -> None:
    """Issue 11: the Swedish and English demo notices are translations, not "(sv)"/"(en)" copies."""
    notice = tenant.register["notice"]
    languages = {"fi", "sv", "en"}
    texts = {key: value for key, value in notice.items() if isinstance(value, dict) and set(value) == languages}
    assert {"register_name", "purpose", "data_content", "retention"} <= set(texts)
    for key, by_lang in texts.items():
        assert len(set(by_lang.values())) == 3, key
        assert not any(text.endswith(("(sv)", "(en)", "(fi)")) for text in by_lang.values()), key
