"""Registers and their versions: a change of notice or fields makes a new immutable version."""

from datetime import UTC, datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.actions import AuditAction
from alusta.db.tenancy import require_tenant
from alusta.tenants.registers.models import Register, RegisterVersion
from alusta.tenants.registers.schemas import FieldDef, FieldType, Notice, RegisterIn, SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import new_id

# The identifier a field may link to must fit its type (an e-mail field cannot carry a hetu index).
_IDENTIFIES_TYPES = {
    SubjectKey.HETU: {FieldType.HETU},
    SubjectKey.EMAIL: {FieldType.EMAIL},
    SubjectKey.PHONE: {FieldType.PHONE},
    SubjectKey.CUSTOMER_NUMBER: {FieldType.CUSTOMER_NUMBER, FieldType.TEXT},
}


class RegisterDefinitionError(ValueError):
    """The field definitions contradict themselves; the message names the field, not data."""


def check_fields(fields: list[FieldDef]) -> None:
    names = [f.name for f in fields]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise RegisterDefinitionError(f"duplicate field names: {', '.join(duplicates)}")
    for item in fields:
        if item.identifies is not None and item.type not in _IDENTIFIES_TYPES[item.identifies]:
            raise RegisterDefinitionError(f"field {item.name}: type {item.type} cannot identify by {item.identifies}")


async def create_register(ctx: TenantContext, data: RegisterIn) -> tuple[Register, RegisterVersion]:
    session, actor = ctx.session, ctx.caller.identity_id
    check_fields(data.fields)
    now = datetime.now(UTC)
    register = Register(tenant_id=require_tenant(session), id=new_id(), current_version=1, created_at=now)
    session.add(register)
    await session.flush()
    version = _version(register, 1, data, actor, now)
    session.add(version)
    await session.flush()
    await ctx.audit(AuditAction.REGISTER_CREATE, "register", register.id)
    return register, version


async def update_register(ctx: TenantContext, register: Register, data: RegisterIn) -> RegisterVersion:
    """A new version; earlier versions stay as they were (readable at their version URL)."""
    check_fields(data.fields)
    register.current_version += 1
    version = _version(register, register.current_version, data, ctx.caller.identity_id, datetime.now(UTC))
    ctx.session.add(version)
    await ctx.session.flush()
    await ctx.audit(AuditAction.REGISTER_UPDATE, "register", register.id)
    return version


async def get_register(session: AsyncSession, register_id: int) -> Register | None:
    return await session.get(Register, (require_tenant(session), register_id))


async def get_version(session: AsyncSession, register_id: int, version: int) -> RegisterVersion | None:
    return await session.get(RegisterVersion, (require_tenant(session), register_id, version))


async def current_version(session: AsyncSession, register: Register) -> RegisterVersion:
    version = await get_version(session, register.id, register.current_version)
    if version is None:
        raise LookupError("register has no current version")
    return version


async def list_versions(session: AsyncSession, register_id: int) -> list[RegisterVersion]:
    """Every version of a register, newest first (each stays readable at its public URL)."""
    statement = (
        select(RegisterVersion)
        .where(RegisterVersion.register_id == register_id)
        .order_by(RegisterVersion.version.desc())
    )
    return list((await session.execute(statement)).scalars())


async def list_registers(session: AsyncSession, allowed: frozenset[int] | None) -> list[RegisterVersion]:
    statement = (
        select(RegisterVersion)
        .join(
            Register,
            (Register.tenant_id == RegisterVersion.tenant_id)
            & (Register.id == RegisterVersion.register_id)
            & (Register.current_version == RegisterVersion.version),
        )
        .order_by(RegisterVersion.register_id)
    )
    if allowed is not None:
        statement = statement.where(RegisterVersion.register_id.in_(sorted(allowed)))
    return list((await session.execute(statement)).scalars())


def fields_of(version: RegisterVersion) -> list[FieldDef]:
    return msgspec.convert(version.fields, list[FieldDef])


def notice_of(version: RegisterVersion) -> Notice:
    return msgspec.convert(version.notice, Notice)


def _version(register: Register, number: int, data: RegisterIn, actor: int, now: datetime) -> RegisterVersion:
    return RegisterVersion(
        tenant_id=register.tenant_id,
        register_id=register.id,
        version=number,
        name=data.notice.register_name.fi,
        notice=msgspec.to_builtins(data.notice),
        fields=msgspec.to_builtins(data.fields),
        created_at=now,
        created_by=actor,
    )
