"""``alusta serve --demo`` seeds three tenants whose admins are test-IdP persons."""

import asyncio

import pytest
from sqlalchemy import bindparam, select, text

from alusta.auth.identity import IdentityVault, processor_roles
from alusta.auth.testidp.identities import PERSONS_BY_KEY
from alusta.crypto.keyring import load_keyring
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.demo_seed import DemoTenant, demo_tenants, seed_demo
from alusta.settings import Settings
from alusta.tenants.tenancy.models import Tenant


def _counts(db_url: str) -> dict[str, int]:
    async def run() -> dict[str, int]:
        engine = build_engine(db_url)
        try:
            async with engine.connect() as connection:
                ids = [d.business_id for d in demo_tenants()]
                tenants = (
                    (await connection.execute(select(Tenant.id).where(Tenant.business_id.in_(ids)))).scalars().all()
                )
                out = {"tenants": len(tenants)}
                for table in ("registers", "records", "tenant_members", "audit_log", "retention_rules"):
                    statement = text(f"SELECT count(*) FROM {table} WHERE tenant_id IN :ids")
                    statement = statement.bindparams(bindparam("ids", expanding=True))
                    out[table] = (await connection.execute(statement, {"ids": list(tenants)})).scalar_one()
                return out
        finally:
            await engine.dispose()

    return asyncio.run(run())


def persona_roles(settings: Settings) -> dict[str, list[str]]:
    """The processor roles of the demo's desk and operator personas (other tests grant roles too)."""

    async def run() -> dict[str, list[str]]:
        engine = build_engine(settings.database_url or "")
        assert settings.key_file is not None
        vault = IdentityVault(load_keyring(settings.key_file, require_private_mode=False))
        try:
            async with build_sessionmaker(engine)() as session:
                out = {}
                for key in ("eemeli", "fanni"):
                    identity = await vault.find(session, PERSONS_BY_KEY[key].hetu)
                    assert identity is not None, key
                    out[key] = sorted(role.value for role in await processor_roles(session, identity.id))
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
    assert counts["audit_log"] >= 12
    assert counts["retention_rules"] == 1  # the contact register: 18 months after handling
    assert persona_roles(tenant_settings) == {"eemeli": ["support_desk"], "fanni": ["operator"]}  # issue 13
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
