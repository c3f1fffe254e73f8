"""The wall between processor staff and tenant roles (ground rule 2), in every direction.

An identity that holds a processor role (support desk, operator) can hold no tenant role and
vice versa: the HTTP API, the CLI, the services and a direct write to the database all refuse
the mix, and a caller is never resolved as both.
"""

import asyncio
import os
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.app import AlustaApp
from alusta.auth.identity import WallError, grant_processor_role
from alusta.auth.models import Identity, StaffRole
from alusta.auth.permissions import Caller, Role, TenantGrant
from alusta.cli import main
from alusta.db.engine import build_engine, build_sessionmaker
from alusta.db.tenancy import set_tenant
from alusta.settings import Settings
from alusta.tenants.tenancy.models import TenantMember
from alusta.tenants.tenancy.service import SqlMembershipSource
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, make_tenant, new_identity

REFUSED = (IntegrityError, DBAPIError)


async def _add_identity(settings: Settings, role: Role | None) -> int:
    """An identity row as a first login leaves it (owner connection), optionally with a staff role."""
    engine = build_engine(settings.effective_migration_url)
    identity_id = new_identity()
    now = datetime.now(UTC)
    try:
        async with AsyncSession(engine) as session:
            session.add(
                Identity(
                    id=identity_id,
                    hetu_index=os.urandom(32),
                    hetu_index_key_id="k",
                    hetu_ciphertext=b"x",
                    hetu_key_id="k",
                    created_at=now,
                    last_login_at=now,
                )
            )
            if role is not None:
                session.add(StaffRole(identity_id=identity_id, role=role.value, granted_at=now))
            await session.commit()
    finally:
        await engine.dispose()
    return identity_id


def staff_identity(settings: Settings, role: Role = Role.SUPPORT_DESK) -> int:
    return asyncio.run(_add_identity(settings, role))


def plain_identity(settings: Settings) -> int:
    return asyncio.run(_add_identity(settings, None))


def cli_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "ALUSTA_ENVIRONMENT": "test",
        "ALUSTA_STATE_DIR": str(settings.state_dir),
        "ALUSTA_DATABASE_URL": settings.database_url or "",
        "ALUSTA_PUBLIC_URL": settings.public_url or "",
    }


def test_a_tenant_admin_cannot_give_the_support_desk_a_tenant_role(
    tenant_client: TestClient[AlustaApp], tenant_settings: Settings
) -> None:
    admin = new_identity()
    tid = make_tenant(tenant_settings, admin)
    desk = staff_identity(tenant_settings)
    members = f"{PREFIX}{tid}/members"
    response = tenant_client.put(f"{members}/{desk}", json={"role": "tenant_viewer"}, headers=as_identity(admin))
    assert response.status_code == 409
    assert response.json()["type"] == "urn:alusta:problem:processor_identity"
    listed = tenant_client.get(members, headers=as_identity(admin)).json()
    assert [m["identity_id"] for m in listed] == [admin]  # nothing stored
    # The desk person (with or without the header roles) sees nothing of the tenant.
    for headers in (as_identity(desk, Role.SUPPORT_DESK), as_identity(desk)):
        assert tenant_client.get(f"{PREFIX}{tid}/registers", headers=headers).status_code == 404


def test_the_operator_cli_refuses_both_directions(tenant_settings: Settings) -> None:
    env = cli_env(tenant_settings)
    member = plain_identity(tenant_settings)
    make_tenant(tenant_settings, member)
    result = CliRunner().invoke(main, ["staff", "grant", "--identity-id", str(member), "--role", "operator"], env=env)
    assert result.exit_code == 2
    assert "tenant role" in result.output

    operator = staff_identity(tenant_settings, Role.OPERATOR)
    args = ["tenant", "create", "--name", "Muuri Oy", "--business-id", "0000000-0"]
    args += ["--contact-point", "tietosuoja@example.test", "--dpo-contact", "dpo@example.test"]
    result = CliRunner().invoke(main, [*args, "--admin-identity", str(operator)], env=env)
    assert result.exit_code == 2, result.output
    assert "tenant role" in result.output

    fresh = plain_identity(tenant_settings)
    result = CliRunner().invoke(main, ["staff", "grant", "--identity-id", str(fresh), "--role", "operator"], env=env)
    assert result.exit_code == 0, result.output


@pytest.mark.anyio
async def test_the_services_refuse_a_mixed_grant(tenant_settings: Settings) -> None:
    member = await _add_identity(tenant_settings, None)
    await asyncio.to_thread(make_tenant, tenant_settings, member)
    engine = build_engine(tenant_settings.effective_migration_url)
    try:
        async with AsyncSession(engine) as session:
            with pytest.raises(WallError):
                await grant_processor_role(session, member, Role.SUPPORT_DESK, SqlMembershipSource())
            rows = await session.execute(select(StaffRole).where(StaffRole.identity_id == member))
            assert rows.first() is None
    finally:
        await engine.dispose()


@pytest.mark.anyio
async def test_the_database_refuses_a_direct_write_either_way(tenant_settings: Settings) -> None:
    """As the app's own database role: no check in Python runs here, only the schema's."""
    desk = await _add_identity(tenant_settings, Role.SUPPORT_DESK)
    member = await _add_identity(tenant_settings, None)
    tid = await asyncio.to_thread(make_tenant, tenant_settings, member)
    engine = build_engine(tenant_settings.database_url or "")
    owner_engine = build_engine(tenant_settings.effective_migration_url)
    now = datetime.now(UTC)
    try:
        async with build_sessionmaker(engine)() as session:
            set_tenant(session, tid)
            session.add(
                TenantMember(
                    tenant_id=tid, identity_id=desk, role="tenant_viewer", registers=None, explicit=[], granted_at=now
                )
            )
            with pytest.raises(REFUSED):
                await session.commit()
        async with AsyncSession(owner_engine) as owner:
            owner.add(StaffRole(identity_id=member, role=Role.OPERATOR.value, granted_at=now))
            with pytest.raises(REFUSED):
                await owner.commit()
            await owner.rollback()
            assert (await owner.execute(select(StaffRole).where(StaffRole.identity_id == member))).first() is None
    finally:
        await owner_engine.dispose()
        await engine.dispose()


def test_a_caller_is_never_both_sides() -> None:
    with pytest.raises(ValueError, match="never both"):
        Caller(
            identity_id=1,
            loa="loa3",
            processor_roles=frozenset({Role.OPERATOR}),
            tenant_grants={7: TenantGrant(Role.TENANT_VIEWER)},
        )
    Caller(identity_id=1, loa="loa3", processor_roles=frozenset({Role.OPERATOR}))
    Caller(identity_id=1, loa="loa3", tenant_grants={7: TenantGrant(Role.TENANT_VIEWER)})
