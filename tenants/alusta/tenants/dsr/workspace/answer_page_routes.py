"""The workspace's access and portability answer: compile, preview, redact, release.

Same services as the staff API (``exports``): the member instructs the platform to compile
(choosing registers, the access-log extract and records found by searching any identifier the
registers key on, e-mail or customer number as well as henkilötunnus), previews exactly what
the subject will download, redacts fields (the bundle is recompiled) and releases it. The
compile runs after the response (``export_job``); the answer page says when it is ready.
"""

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from alusta.auth.guards import requires
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.core.models import DsrAnswer
from alusta.tenants.dsr.core.service import ActionRefusedError
from alusta.tenants.dsr.core.states import RequestState, TransitionRefusedError, is_open
from alusta.tenants.dsr.http import AnyRequest, export_job, request_closed
from alusta.tenants.dsr.runtime import runtime_of
from alusta.tenants.dsr.workflow import actions
from alusta.tenants.dsr.workspace.bundle_view import bundle_preview
from alusta.tenants.dsr.workspace.pages import load_request, workspace_path
from alusta.tenants.dsr.workspace.words import IDENTIFIER_NAMES, WORKSPACE_WORDS
from alusta.tenants.records.service import find_by_subject
from alusta.tenants.records.values import ValuesError
from alusta.tenants.registers import service as registers
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState, see_other
from alusta.web.problems import Problem
from alusta.web.translations import gettext

ACT = [requires(Permission.TENANT_REQUESTS_ACT)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
COMPILE_REFUSALS = {
    "identity_not_verified": N_("Verify the requester's identity before compiling an answer."),
    "unknown_register": N_("Choose registers of this controller."),
    "unknown_record": N_("A chosen record is not in a chosen register."),
}


def _ids(values: list[str]) -> list[int]:
    return sorted({int(v) for v in values if v.isdigit()})


async def _compile_page(
    ctx: TenantContext, request_id: int, form: FormState, found: list[Any] | None = None, status_code: int = 200
) -> Template:
    request = await load_request(ctx, request_id)
    if not is_open(RequestState(request.state)):
        raise request_closed()
    versions = await registers.list_registers(ctx.session, ctx.grant.registers)
    if request.register_id is not None:
        versions = [v for v in versions if v.register_id == request.register_id]
    if not form.values and not form.lists:  # first showing: every register chosen
        form.lists["register"] = [str(v.register_id) for v in versions]
    context = {
        **WORKSPACE_WORDS,
        "tenant": await get_tenant(ctx.session),
        "r": request,
        "form": form,
        "registers": [(str(v.register_id), v.name) for v in versions],
        "register_names": {v.register_id: v.name for v in versions},
        "found": found,
        "kinds": [(k.value, gettext(IDENTIFIER_NAMES[k.value])) for k in SubjectKey],
    }
    return Template(template_name="dsr/workspace/compile.html", context=context, status_code=status_code)


async def _answer(ctx: TenantContext, request_id: int, answer_id: int) -> DsrAnswer:
    request = await load_request(ctx, request_id)
    try:
        return await exports.get_answer(ctx, request, answer_id)
    except LookupError:
        raise Problem(404, "not_found", "no such answer") from None


class AnswerPagesController(Controller):
    path = "/t/{tenant_id:int}/requests/{request_id:int}"
    include_in_schema = False
    guards = ACT

    @get("/compile", name="workspace_compile_form")
    async def compile_form(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int]) -> Template:
        return await _compile_page(ctx, request_id, FormState())

    @post("/compile/search", name="workspace_compile_search", status_code=200)
    async def search(self, ctx: NamedDependency[TenantContext], request_id: FromPath[int], data: FormBody) -> Template:
        """Records linked to an identifier (blind index), to add to the answer; the search is audit-logged."""
        if not ctx.can(Permission.TENANT_RECORDS_READ):
            raise Problem(403, "forbidden", "missing permission tenant:records:read")
        form = FormState.of(data)
        kind, value = form.values.get("kind", ""), form.values.get("value", "").strip()
        if kind not in {k.value for k in SubjectKey}:
            form.error("kind", gettext("Choose what to search by."))
        if not value:
            form.error("value", gettext("Enter the identifier to search for."))
        if not form.ok:
            return await _compile_page(ctx, request_id, form, status_code=400)
        try:
            found = await find_by_subject(ctx, SubjectKey(kind), value)
        except ValuesError:
            form.error("value", gettext("This identifier is not valid for the kind chosen."))
            return await _compile_page(ctx, request_id, form, status_code=400)
        return await _compile_page(ctx, request_id, form, found=found)

    @post("/compile", name="workspace_compile")
    async def compile(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        tenant_id: FromPath[int],
        request_id: FromPath[int],
        data: FormBody,
    ) -> Redirect | Template:
        form = FormState.of(data)
        chosen = form.chosen("register")
        if not chosen:
            form.error("register", gettext("Choose at least one register."))
        if not form.ok:
            return await _compile_page(ctx, request_id, form, status_code=400)
        dsr_request = await load_request(ctx, request_id)
        order = exports.ExportOrder(
            _ids(chosen),
            form.values.get("access_log") == "yes",
            await actions.letter_lang(ctx, dsr_request),
            _ids(form.chosen("record")),
        )
        try:
            answer = await exports.instruct_export(ctx, dsr_request, order)
        except ActionRefusedError as exc:
            if exc.code == "request_closed":
                raise request_closed() from None
            form.error("register", gettext(COMPILE_REFUSALS.get(exc.code, COMPILE_REFUSALS["unknown_record"])))
            return await _compile_page(ctx, request_id, form, status_code=422)
        except TransitionRefusedError:
            raise request_closed() from None
        path = f"{workspace_path(tenant_id, request_id)}/answers/{answer.id}"
        return see_other(path, background=export_job(request, answer.id))

    @get("/answers/{answer_id:int}", name="workspace_answer")
    async def answer(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        request_id: FromPath[int],
        answer_id: FromPath[int],
    ) -> Template:
        answer = await _answer(ctx, request_id, answer_id)
        preview = None
        if answer.status in {"ready", "released"}:
            try:
                preview = await bundle_preview(ctx, runtime_of(request.app.state).bundle_dir, answer)
            except FileNotFoundError:
                preview = None  # purged after expiry: the page says so
        context = {
            **WORKSPACE_WORDS,
            "tenant": await get_tenant(ctx.session),
            "r": await load_request(ctx, request_id),
            "answer": answer,
            "preview": preview,
            "redacted": {f"{rid}:{name}" for rid, name in answer.instructions.get("redactions", [])},
            "form": FormState(),
        }
        return Template(template_name="dsr/workspace/answer.html", context=context)

    @post("/answers/{answer_id:int}/review", name="workspace_redact")
    async def review(
        self,
        request: AnyRequest,
        ctx: NamedDependency[TenantContext],
        request_id: FromPath[int],
        answer_id: FromPath[int],
        data: FormBody,
    ) -> Redirect:
        """Redact the ticked fields (all of them: unticking one shows it again); recompiled after the response."""
        form = FormState.of(data)
        answer = await _answer(ctx, request_id, answer_id)
        redactions = []
        for item in form.chosen("redact"):
            record_id, _, name = item.partition(":")
            if record_id.isdigit() and name:
                redactions.append((int(record_id), name))
        try:
            await exports.redact(ctx, answer, redactions)
        except ActionRefusedError:
            raise Problem(409, "not_reviewable", "only a compiled bundle can be reviewed") from None
        path = f"{workspace_path(ctx.tenant_id, request_id)}/answers/{answer_id}"
        return see_other(path, background=export_job(request, answer_id))

    @post("/answers/{answer_id:int}/release", name="workspace_release")
    async def release(
        self,
        ctx: NamedDependency[TenantContext],
        tenant_id: FromPath[int],
        request_id: FromPath[int],
        answer_id: FromPath[int],
        data: FormBody,
    ) -> Redirect:
        del data  # the CSRF field only
        answer = await _answer(ctx, request_id, answer_id)
        dsr_request = await load_request(ctx, request_id)
        try:
            await exports.release(ctx, dsr_request, answer)
        except ActionRefusedError:
            raise Problem(409, "not_ready", "the bundle is not compiled yet") from None
        except TransitionRefusedError:
            raise request_closed() from None
        return see_other(workspace_path(tenant_id, request_id, "answers"))
