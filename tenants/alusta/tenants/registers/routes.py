"""Registers of a tenant (staff API) and their privacy notices at stable public URLs."""

from litestar import Controller, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.response import Template
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.guards import not_found, requires
from alusta.auth.permissions import Permission
from alusta.db.tenancy import set_tenant
from alusta.tenants.registers import service
from alusta.tenants.registers.models import Register, RegisterVersion
from alusta.tenants.registers.notice_view import notice_context, public_notice
from alusta.tenants.registers.schemas import PublicNotice, RegisterIn, RegisterOut
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.problems import Problem

REGISTER_BODY = 256 * 1024


def register_out(register: Register, version: RegisterVersion) -> RegisterOut:
    return RegisterOut(
        id=register.id,
        tenant_id=register.tenant_id,
        version=version.version,
        current_version=register.current_version,
        notice=service.notice_of(version),
        fields=service.fields_of(version),
        created_at=version.created_at,
    )


async def _register(ctx: TenantContext, register_id: int) -> Register:
    register = await service.get_register(ctx.session, register_id) if ctx.register_allowed(register_id) else None
    if register is None:
        raise not_found()
    return register


class RegisterController(Controller):
    path = "/api/v1/tenants/{tenant_id:int}/registers"
    tags = ("registers",)

    @get("/", guards=[requires(Permission.TENANT_REGISTERS_READ)], summary="Registers (current versions).")
    async def list_registers(self, ctx: NamedDependency[TenantContext]) -> list[RegisterOut]:
        versions = await service.list_registers(ctx.session, ctx.grant.registers)
        out = []
        for version in versions:
            register = await service.get_register(ctx.session, version.register_id)
            assert register is not None
            out.append(register_out(register, version))
        return out

    @post(
        "/",
        guards=[requires(Permission.TENANT_REGISTERS_MANAGE)],
        request_max_body_size=REGISTER_BODY,
        status_code=HTTP_201_CREATED,
        summary="Create a register with its privacy notice and fields (version 1).",
    )
    async def create(self, ctx: NamedDependency[TenantContext], data: JSONBody[RegisterIn]) -> RegisterOut:
        try:
            register, version = await service.create_register(ctx, data)
        except service.RegisterDefinitionError as exc:
            raise Problem(400, "invalid_register", str(exc)) from None
        return register_out(register, version)

    @get("/{register_id:int}", guards=[requires(Permission.TENANT_REGISTERS_READ)], summary="One register.")
    async def read(self, ctx: NamedDependency[TenantContext], register_id: FromPath[int]) -> RegisterOut:
        register = await _register(ctx, register_id)
        return register_out(register, await service.current_version(ctx.session, register))

    @put(
        "/{register_id:int}",
        guards=[requires(Permission.TENANT_REGISTERS_MANAGE)],
        request_max_body_size=REGISTER_BODY,
        summary="Change notice or fields: makes a new version, old versions stay readable.",
    )
    async def update(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], data: JSONBody[RegisterIn]
    ) -> RegisterOut:
        register = await _register(ctx, register_id)
        try:
            version = await service.update_register(ctx, register, data)
        except service.RegisterDefinitionError as exc:
            raise Problem(400, "invalid_register", str(exc)) from None
        return register_out(register, version)

    @get(
        "/{register_id:int}/versions/{version:int}",
        guards=[requires(Permission.TENANT_REGISTERS_READ)],
        summary="An earlier (or the current) version.",
    )
    async def read_version(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], version: FromPath[int]
    ) -> RegisterOut:
        register = await _register(ctx, register_id)
        found = await service.get_version(ctx.session, register.id, version)
        if found is None:
            raise not_found()
        return register_out(register, found)


async def provide_public_session(db_session: NamedDependency[AsyncSession], tenant_id: FromPath[int]) -> AsyncSession:
    # Public notices are the tenant's published data: the tenant comes from the URL, no caller.
    set_tenant(db_session, tenant_id)
    return db_session


async def _public_notice(session: AsyncSession, register_id: int, version: int | None) -> PublicNotice:
    register = await service.get_register(session, register_id)
    if register is None:
        raise not_found()
    found = await service.get_version(session, register_id, version or register.current_version)
    try:
        tenant = await get_tenant(session)
    except LookupError:
        raise not_found() from None
    if found is None or tenant.status != "active":
        raise not_found()
    versions = (found.version, register.current_version)
    return public_notice(tenant, register.id, service.notice_of(found), versions, found.created_at)


class PublicNoticeController(Controller):
    """Stable public URLs of privacy notices (JSON under /api/v1, HTML under /)."""

    path = "/"
    tags = ("privacy notices",)
    dependencies = {"session": Provide(provide_public_session)}  # noqa: RUF012 - Litestar layer config

    @get("/api/v1/notices/{tenant_id:int}/{register_id:int}", summary="Current privacy notice (JSON).")
    async def notice_json(self, session: NamedDependency[AsyncSession], register_id: FromPath[int]) -> PublicNotice:
        return await _public_notice(session, register_id, None)

    @get(
        "/api/v1/notices/{tenant_id:int}/{register_id:int}/versions/{version:int}",
        summary="A given version of a privacy notice (JSON).",
    )
    async def notice_version_json(
        self, session: NamedDependency[AsyncSession], register_id: FromPath[int], version: FromPath[int]
    ) -> PublicNotice:
        return await _public_notice(session, register_id, version)

    @get("/notices/{tenant_id:int}/{register_id:int}", include_in_schema=False)
    async def notice_html(self, session: NamedDependency[AsyncSession], register_id: FromPath[int]) -> Template:
        return _notice_page(await _public_notice(session, register_id, None))

    @get("/notices/{tenant_id:int}/{register_id:int}/versions/{version:int}", include_in_schema=False)
    async def notice_version_html(
        self, session: NamedDependency[AsyncSession], register_id: FromPath[int], version: FromPath[int]
    ) -> Template:
        return _notice_page(await _public_notice(session, register_id, version))


def _notice_page(notice: PublicNotice) -> Template:
    """The notice as a page in the reader's language, with its other languages and versions."""
    return Template(template_name="registers/notice.html", context=notice_context(notice))
