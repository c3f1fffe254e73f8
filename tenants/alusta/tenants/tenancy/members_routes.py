"""``/t/{tenant_id}/members``: the workspace's "Staff and roles" pages (tenant admins only).

Thin handlers over the services the tenant API uses (:func:`service.put_member`,
:func:`service.remove_member`) and the invitations service; the request-scoped session is the
one unit of work. The tenant guard runs first: another tenant's staff, the support desk,
operators and subjects get the HTML 404, members without ``tenant:members:manage`` 403. The
henkilötunnus of an invitation travels in a POST body only, never in a URL. Refusals (the last
admin, processor staff) are messages on the page, not errors.
"""

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Redirect, Template

from alusta.auth.guards import requires
from alusta.auth.identifiers import InvalidIdentifierError
from alusta.auth.identity import IdentityVault, WallError
from alusta.auth.permissions import Permission, Role
from alusta.i18n import N_
from alusta.tenants.tenancy import invitations, service, staff
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.models import TenantMember
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.translations import gettext

MANAGE = [requires(Permission.TENANT_MEMBERS_MANAGE)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Done = Annotated[str | None, QueryParameter(name="done", max_length=16)]
AnyRequest = Request[Any, Any, Any]
ROLE_ORDER = ("tenant_viewer", "tenant_handler", "tenant_admin")
LAST_ADMIN = N_("The tenant must keep at least one administrator: make someone else an administrator first.")
PROCESSOR = N_(
    "This person is on the platform's own staff (support desk or operator) and cannot join a controller's staff."
)
# What the list says after a change (the redirect carries only this code).
DONE = {
    "member": N_("The person is now a member of the staff."),
    "invited": N_("Invitation saved: the person becomes a member when they first log in."),
    "changed": N_("The role was changed."),
    "removed": N_("The member was removed."),
    "cancelled": N_("The invitation was cancelled."),
}


def _vault(request: AnyRequest) -> IdentityVault:
    vault: IdentityVault = request.app.state["auth"].vault
    return vault


async def _registers(request: AnyRequest, ctx: TenantContext) -> list[tuple[int, str]]:
    choices: staff.RegisterChoices | None = request.app.state.get(staff.REGISTER_CHOICES_STATE_KEY)
    return await choices(ctx.session) if choices is not None else []


def _path(tenant_id: int, rest: str = "") -> str:
    return f"/t/{tenant_id}/members{rest}"


async def _context(request: AnyRequest, ctx: TenantContext, **extra: Any) -> dict[str, Any]:
    registers = await _registers(request, ctx)
    return {
        "tenant": await service.get_tenant(ctx.session),
        "roles": [(role, gettext(staff.ROLE_NAMES[role])) for role in ROLE_ORDER],
        "role_names": staff.ROLE_NAMES,
        "role_hints": staff.ROLE_HINTS,
        "registers": [(str(rid), name) for rid, name in registers],
        "register_names": dict(registers),
        **extra,
    }


async def _list_page(
    request: AnyRequest,
    ctx: TenantContext,
    form: FormState | None = None,
    status_code: int = 200,
    done: str | None = None,
) -> Template:
    context = await _context(
        request,
        ctx,
        staff=await staff.staff(ctx.session, _vault(request)),
        form=form or FormState(values={"role": "tenant_viewer"}, lists={"role": ["tenant_viewer"]}),
        done=DONE.get(done or ""),
    )
    return Template(template_name="tenancy/members.html", context=context, status_code=status_code)


async def _member_page(
    request: AnyRequest,
    ctx: TenantContext,
    identity_id: int,
    template: str,
    refused: tuple[FormState, int] | None = None,
) -> Template:
    """A member's page (change role, confirm removal); ``refused``: the form again with its status."""
    row = await staff.one_member(ctx.session, _vault(request), identity_id)
    if row is None:
        raise Problem(404, "not_found", "no such member")
    form, status = refused or (None, 200)
    if form is None:
        chosen = [str(r) for r in row.registers or []]
        form = FormState(values={"role": row.role}, lists={"role": [row.role], "registers": chosen})
    context = await _context(request, ctx, member=row, form=form)
    return Template(template_name=template, context=context, status_code=status)


def _change(form: FormState, registers: list[tuple[str, str]], explicit: list[Permission]) -> service.MemberChange:
    role = form.values.get("role", "")
    if role not in staff.ROLE_NAMES:
        form.error("role", gettext("Choose a role."))
        role = "tenant_viewer"
    known = {value for value, _name in registers}
    chosen = form.chosen("registers")
    if any(value not in known for value in chosen):
        form.error("registers", gettext("Choose the registers from the list."))
    limit = sorted(int(value) for value in chosen if value in known) or None  # none ticked: every register
    return service.MemberChange(Role(role), limit, explicit)


class MemberPagesController(Controller):
    path = "/t"
    include_in_schema = False

    @get("/{tenant_id:int}/members", name="staff_members", guards=MANAGE)
    async def members(self, request: AnyRequest, ctx: NamedDependency[TenantContext], done: Done = None) -> Template:
        return await _list_page(request, ctx, done=done)

    @post("/{tenant_id:int}/members/invite", name="staff_invite", guards=MANAGE, status_code=303)
    async def invite(
        self, request: AnyRequest, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], data: FormBody
    ) -> Redirect | Template:
        """Invite by henkilötunnus (a POST: the code never sits in a URL or a log)."""
        form = FormState.of(data)
        hetu = form.values.get("hetu", "").strip()
        if not hetu:
            form.error("hetu", gettext("Enter the person's personal identity code."))
        change = _change(form, (await _context(request, ctx))["registers"], [])
        status = 400
        if form.ok:
            try:
                invited = await invitations.invite(ctx, _vault(request), hetu, change)
                return see_other(_path(tenant_id, "?done=" + ("member" if invited.member else "invited")))
            except InvalidIdentifierError:
                form.error("hetu", gettext("This is not a valid personal identity code."))
            except WallError:  # ground rule 2
                form.error("hetu", gettext(PROCESSOR))
                status = 409
            except service.LastAdminError:
                form.error("role", gettext(LAST_ADMIN))
                status = 409
        return await _list_page(request, ctx, form=form, status_code=status)

    @post("/{tenant_id:int}/members/invitations/{invitation_id:int}/cancel", name="staff_cancel", guards=MANAGE)
    async def cancel(
        self,
        ctx: NamedDependency[TenantContext],
        tenant_id: FromPath[int],
        invitation_id: FromPath[int],
        data: FormBody,
    ) -> Redirect:
        del data  # the CSRF field only
        if not await invitations.cancel_invitation(ctx, invitation_id):
            raise Problem(404, "not_found", "no such invitation")
        return see_other(_path(tenant_id, "?done=cancelled"))

    @get("/{tenant_id:int}/members/{identity_id:int}", name="staff_member", guards=MANAGE)
    async def member(
        self, request: AnyRequest, ctx: NamedDependency[TenantContext], identity_id: FromPath[int]
    ) -> Template:
        return await _member_page(request, ctx, identity_id, "tenancy/member.html")

    @post("/{tenant_id:int}/members/{identity_id:int}", name="staff_change", guards=MANAGE, status_code=303)
    async def change(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        tenant_id: FromPath[int],
        identity_id: FromPath[int],
        data: FormBody,
    ) -> Redirect | Template:
        current = await ctx.session.get(TenantMember, (tenant_id, identity_id))
        if current is None:
            raise Problem(404, "not_found", "no such member")
        form = FormState.of(data)
        explicit = [Permission(p) for p in current.explicit]  # special reads are kept; the API manages them
        change = _change(form, (await _context(request, ctx))["registers"], explicit)
        if not form.ok:
            return await _member_page(request, ctx, identity_id, "tenancy/member.html", (form, 400))
        try:
            await service.put_member(ctx, identity_id, change)
        except service.LastAdminError:
            form.error("role", gettext(LAST_ADMIN))
            return await _member_page(request, ctx, identity_id, "tenancy/member.html", (form, 409))
        return see_other(_path(tenant_id, "?done=changed"))

    @get("/{tenant_id:int}/members/{identity_id:int}/remove", name="staff_remove_confirm", guards=MANAGE)
    async def confirm_removal(
        self, request: AnyRequest, ctx: NamedDependency[TenantContext], identity_id: FromPath[int]
    ) -> Template:
        return await _member_page(request, ctx, identity_id, "tenancy/remove.html")

    @post("/{tenant_id:int}/members/{identity_id:int}/remove", name="staff_remove", guards=MANAGE, status_code=303)
    async def remove(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        tenant_id: FromPath[int],
        identity_id: FromPath[int],
        data: FormBody,
    ) -> Redirect | Template:
        del data  # the CSRF field only
        try:
            removed = await service.remove_member(ctx, identity_id)
        except service.LastAdminError:
            form = FormState()
            form.error("confirm", gettext(LAST_ADMIN))
            return await _member_page(request, ctx, identity_id, "tenancy/remove.html", (form, 409))
        if not removed:
            raise Problem(404, "not_found", "no such member")
        return see_other(_path(tenant_id, "?done=removed"))
