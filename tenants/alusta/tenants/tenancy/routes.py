"""``/api/v1/tenants/{tenant_id}``: the tenant's own settings and its staff (admins only)."""

from litestar import Controller, delete, get, patch, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from alusta.auth.guards import not_found, requires
from alusta.auth.identity import WallError
from alusta.auth.permissions import Permission, Role
from alusta.tenants.tenancy import service
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.models import Tenant, TenantMember
from alusta.tenants.tenancy.schemas import MemberIn, MemberOut, TenantOut, TenantSettingsIn
from alusta.web.problems import Problem

SMALL_BODY = 16 * 1024


def tenant_out(tenant: Tenant) -> TenantOut:
    return TenantOut(
        id=tenant.id,
        name=tenant.name,
        business_id=tenant.business_id,
        contact_point=tenant.contact_point,
        dpo_contact=tenant.dpo_contact,
        locale=tenant.locale,
        required_loa=tenant.required_loa,
        status=tenant.status,
        created_at=tenant.created_at,
    )


def member_out(member: TenantMember) -> MemberOut:
    return MemberOut(
        identity_id=member.identity_id,
        role=member.role,
        registers=member.registers,
        explicit=list(member.explicit),
        granted_by=member.granted_by,
        granted_at=member.granted_at,
    )


class TenantController(Controller):
    path = "/api/v1/tenants/{tenant_id:int}"
    tags = ("tenants",)

    @get("/", guards=[requires(Permission.TENANT_REGISTERS_READ)], summary="The tenant's own settings.")
    async def read(self, ctx: NamedDependency[TenantContext]) -> TenantOut:
        return tenant_out(await service.get_tenant(ctx.session))

    @patch(
        "/",
        guards=[requires(Permission.TENANT_SETTINGS_MANAGE)],
        request_max_body_size=SMALL_BODY,
        summary="Change contact point, DPO contact, locale or required assurance level.",
    )
    async def update(self, ctx: NamedDependency[TenantContext], data: JSONBody[TenantSettingsIn]) -> TenantOut:
        changes = {name: getattr(data, name) for name in ("contact_point", "dpo_contact", "locale", "required_loa")}
        return tenant_out(await service.update_settings(ctx, changes))

    @get("/members", guards=[requires(Permission.TENANT_MEMBERS_MANAGE)], summary="Staff of this tenant.")
    async def members(self, ctx: NamedDependency[TenantContext]) -> list[MemberOut]:
        return [member_out(m) for m in await service.list_members(ctx.session)]

    @put(
        "/members/{identity_id:int}",
        guards=[requires(Permission.TENANT_MEMBERS_MANAGE)],
        request_max_body_size=SMALL_BODY,
        summary="Grant or change a staff member's role (tenant admins only).",
    )
    async def put_member(
        self, ctx: NamedDependency[TenantContext], identity_id: FromPath[int], data: JSONBody[MemberIn]
    ) -> MemberOut:
        try:
            change = service.MemberChange(Role(data.role), data.registers, [Permission(p) for p in data.explicit])
            member = await service.put_member(ctx, identity_id, change)
        except service.LastAdminError as exc:
            raise Problem(409, "last_admin", str(exc)) from None
        except WallError:
            # Ground rule 2: the support desk and operators never get a tenant role.
            raise Problem(409, "processor_identity", "processor staff cannot hold a tenant role") from None
        return member_out(member)

    @delete(
        "/members/{identity_id:int}",
        guards=[requires(Permission.TENANT_MEMBERS_MANAGE)],
        status_code=HTTP_204_NO_CONTENT,
        summary="Remove a staff member.",
    )
    async def remove_member(self, ctx: NamedDependency[TenantContext], identity_id: FromPath[int]) -> None:
        try:
            removed = await service.remove_member(ctx, identity_id)
        except service.LastAdminError as exc:
            raise Problem(409, "last_admin", str(exc)) from None
        if not removed:
            raise not_found()
