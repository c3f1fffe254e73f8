"""``/t/{tenant_id}/registers``: the controller's registers and privacy notices in the workspace.

Issue 12: the list of registers (current version, when it was published, fields, the public
notice and its earlier versions), one register's page (its fields with their type and class in
words, its versions) and the notice editor: Finnish, Swedish and English side by side per
section; "Preview" (``step=check``) checks the form (:mod:`.notice_form`: a missing translation
is one message per section, nothing stored) and shows the public page as it will read and what
changes; "Publish" (``step=publish``) posts the previewed values, which are checked again and
become a new version through the API's service (``service.update_register``; the fields stay as
they are) and the old version stays at its public URL.

The tenant guard runs first, as on the API: other tenants' staff, the support desk, operators
and subjects get the HTML 404; a member limited to other registers gets it for this one; members
without the permission 403 (reading: ``TENANT_REGISTERS_READ``, editing: ``..._MANAGE``).
"""

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Redirect, Template

from alusta.auth.guards import not_found, requires
from alusta.auth.permissions import Permission
from alusta.i18n import N_, Lang
from alusta.tenants.registers import service
from alusta.tenants.registers.messages import LEGAL_BASES, SPECIAL_CATEGORY_BASES, legal_basis_text
from alusta.tenants.registers.models import Register
from alusta.tenants.registers.notice_form import changes, read_notice, recipient_rows, values_of
from alusta.tenants.registers.notice_view import notice_context, public_notice
from alusta.tenants.registers.schemas import Notice, RegisterIn
from alusta.tenants.registers.words import REGISTER_WORDS
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.translations import current_lang, gettext

READ = [requires(Permission.TENANT_REGISTERS_READ)]
MANAGE = [requires(Permission.TENANT_REGISTERS_MANAGE)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Published = Annotated[int | None, QueryParameter(name="published", ge=1)]
NOTICE_FORM_BODY = 1024 * 1024  # 14 sections x 3 languages x 4,000 characters, URL-encoded
EDITOR = "editor"  # the id of the editor's heading: where a message about the whole notice links
# Someone else published while this member edited: publishing this form would silently undo that version.
STALE = N_("Someone published version %(version)d of the notice meanwhile. Check the changes against it again.")
UNCHANGED = N_("Nothing has changed from version %(version)d: there is nothing to publish.")


async def _register(ctx: TenantContext, register_id: int) -> Register:
    """The register if this member may see it; otherwise the same 404 as a missing one."""
    register = await service.get_register(ctx.session, register_id) if ctx.register_allowed(register_id) else None
    if register is None:
        raise not_found()
    return register


async def _page(ctx: TenantContext, template: str, context: dict[str, Any], status_code: int = 200) -> Template:
    tenant = await get_tenant(ctx.session)
    context = {**REGISTER_WORDS, "tenant": tenant, "langs": tuple(Lang), **context}
    return Template(template_name=f"registers/workspace/{template}", context=context, status_code=status_code)


async def _editor(
    ctx: TenantContext, register: Register, form: FormState, *, preview: Notice | None = None, status_code: int = 200
) -> Template:
    """The editor with the form as filled in and, once previewed, the new version as it will read."""
    tenant = await get_tenant(ctx.session)
    current = await service.current_version(ctx.session, register)
    notice = service.notice_of(current)
    lang = current_lang()
    shown = public_notice(tenant, register.id, notice, (current.version, register.current_version), current.created_at)
    context: dict[str, Any] = {
        **notice_context(shown),
        "register": register,
        "form": form,
        "rows": recipient_rows(form.values),
        "legal_options": [(code, legal_basis_text(code, lang)) for code in LEGAL_BASES],
        "special_options": list(SPECIAL_CATEGORY_BASES),
        "lang": lang,
        "preview": None,
        "changes": [],
    }
    if preview is not None:
        number = register.current_version + 1
        context["preview"] = public_notice(tenant, register.id, preview, (number, number), datetime.now(UTC))
        context["changes"] = changes(notice, preview)
    return await _page(ctx, "editor.html", context, status_code)


class RegisterPagesController(Controller):
    path = "/t/{tenant_id:int}/registers"
    include_in_schema = False

    @get("/", name="workspace_registers", guards=READ)
    async def index(self, ctx: NamedDependency[TenantContext]) -> Template:
        """The registers this member may see, each with its current notice and earlier versions."""
        versions = await service.list_registers(ctx.session, ctx.grant.registers)
        rows = [(version, service.notice_of(version)) for version in versions]
        return await _page(ctx, "index.html", {"rows": rows})

    @get("/{register_id:int}", name="workspace_register", guards=READ)
    async def one(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], published: Published = None
    ) -> Template:
        register = await _register(ctx, register_id)
        versions = await service.list_versions(ctx.session, register.id)
        current = next((v for v in versions if v.version == register.current_version), None)
        if current is None:  # a register without its current version is no register to show
            raise not_found()
        context = {
            "register": register,
            "notice": service.notice_of(current),
            "fields": service.fields_of(current),
            "versions": versions,
            "published": published == register.current_version,  # just published: say so
            "can_manage": ctx.can(Permission.TENANT_REGISTERS_MANAGE),
        }
        return await _page(ctx, "register.html", context)

    @get("/{register_id:int}/notice", name="workspace_notice", guards=MANAGE)
    async def editor(self, ctx: NamedDependency[TenantContext], register_id: FromPath[int]) -> Template:
        register = await _register(ctx, register_id)
        current = await service.current_version(ctx.session, register)
        values = {**values_of(service.notice_of(current)), "base_version": str(register.current_version)}
        form = FormState(values=values, lists={"legal_basis": [values["legal_basis"]]})  # the radio checked
        return await _editor(ctx, register, form)

    @post(
        "/{register_id:int}/notice",
        name="workspace_notice_submit",
        guards=MANAGE,
        status_code=200,
        request_max_body_size=NOTICE_FORM_BODY,
    )
    async def submit(
        self, ctx: NamedDependency[TenantContext], tenant_id: FromPath[int], register_id: FromPath[int], data: FormBody
    ) -> Template | Redirect:
        """``step=check`` previews; ``step=publish`` stores the previewed notice as a new version."""
        form = FormState.of(data)
        register = await _register(ctx, register_id)
        current = await service.current_version(ctx.session, register)
        checked = read_notice(form.values, current_lang())
        for name, message in checked.errors.items():
            form.error(name, message)
        status = 400
        if form.values.get("base_version") != str(register.current_version):
            form.errors = {EDITOR: gettext(STALE) % {"version": register.current_version}, **form.errors}
            form.values["base_version"] = str(register.current_version)
            status = 409
        elif checked.notice is not None and not changes(service.notice_of(current), checked.notice):
            form.error(EDITOR, gettext(UNCHANGED) % {"version": register.current_version})
        if not form.ok or checked.notice is None:
            return await _editor(ctx, register, form, status_code=status)
        if form.values.get("step") != "publish":
            return await _editor(ctx, register, form, preview=checked.notice)
        data_in = RegisterIn(notice=checked.notice, fields=service.fields_of(current))
        try:
            version = await service.update_register(ctx, register, data_in)
        except service.RegisterDefinitionError as exc:  # the fields are the current ones: not expected
            raise Problem(400, "invalid_register", str(exc)) from None
        return see_other(f"/t/{tenant_id}/registers/{register_id}?published={version.version}")
