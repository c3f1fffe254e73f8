"""``/t/{tenant_id}/records``: the controller's records pages (issue 12, "Records").

Thin handlers over the services the records API uses (:mod:`.service`, :mod:`.export`); the
request-scoped session is the one unit of work. The tenant guard runs first, with the API's
permissions: another tenant's staff, the support desk, operators and subjects get the HTML 404,
members without the permission 403. An identifier is searched by POST, never put in a URL.
Forms post with the CSRF field and answer 303 (POST → redirect → GET); errors re-render the
form with status 400 (422 for a refused import), a restricted record's refusal with 409.
"""

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, QueryParameter
from litestar.response import Redirect, Response, Template

from alusta.auth.guards import not_found, requires
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.records import export, record_form, service
from alusta.tenants.records.models import RESTRICTED
from alusta.tenants.records.record_import import MAX_IMPORT_BYTES, ImportFileError, kind_of, parse_rows
from alusta.tenants.records.record_pages import (
    DONE,
    choose_page,
    form_page,
    import_page,
    load_register,
    page,
    record_version,
    records_path,
    register_title,
    row_of,
)
from alusta.tenants.records.values import ValuesError
from alusta.tenants.registers import service as registers
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.web.forms import FormState, see_other
from alusta.web.translations import gettext

READ = [requires(Permission.TENANT_RECORDS_READ)]
WRITE = [requires(Permission.TENANT_RECORDS_WRITE)]
FormBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
UploadBody = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
Done = Annotated[str | None, QueryParameter(name="done", max_length=16)]
After = Annotated[int | None, QueryParameter(ge=0)]
Imported = Annotated[int | None, QueryParameter(ge=0)]
PAGE_SIZE = 25
FORM_BODY = 64 * 1024  # as the API's record body
MULTIPART_OVERHEAD = 64 * 1024  # the CSRF field and the part headers
# Why a file could not be read (record_import.ImportFileError.code), next to the file field.
FILE_REFUSALS = {
    "unsupported_media_type": N_("Choose a CSV (.csv) or JSON (.json) file."),
    "too_large": N_("The file is too large: at most 1 MB."),
    "too_many_rows": N_("The file has too many rows: at most 5,000."),
    "malformed_file": N_(
        "The file cannot be read: it must be UTF-8 CSV with a header line, or a JSON array of objects, with rows."
    ),
}


async def _record_page(
    ctx: TenantContext, view: service.RecordView, *, refusal: str | None = None, done: str | None = None, status: int
) -> Template:
    version = await record_version(ctx, view)
    context = {
        "view": view,
        "row": row_of(view, registers.fields_of(version)),
        "title": register_title(version),
        "restricted": RESTRICTED in view.flags,
        "refusal": refusal,
        "done": DONE.get(done or ""),
    }
    return await page(ctx, "record.html", context, status)


async def _read(ctx: TenantContext, record_id: int) -> service.RecordView:
    try:
        return await service.read_record(ctx, record_id)
    except service.NotFoundError:
        raise not_found() from None


def _restricted_refusal() -> str:
    return gettext(record_form.RESTRICTED_REFUSAL)


class RecordPagesController(Controller):
    path = "/t/{tenant_id:int}/records"
    include_in_schema = False

    @get("/", name="records_home", guards=READ)
    async def home(self, ctx: NamedDependency[TenantContext]) -> Template:
        """The registers this member may see, and the search by identifier."""
        return await choose_page(ctx)

    @post("/search", name="records_search", guards=READ, status_code=200, request_max_body_size=4096)
    async def search(self, ctx: NamedDependency[TenantContext], data: FormBody) -> Template:
        """Records of one subject by blind index: a POST, so the identifier is in no URL or log."""
        form = FormState.of(data)
        kind, value = form.values.get("kind", ""), form.values.get("value", "").strip()
        if kind not in {k.value for k in SubjectKey}:
            form.error("kind", gettext("Choose what to search by."))
        if form.ok and not value:
            form.error("value", gettext("Enter the identifier to search for."))
        if form.ok and len(value) > 320:
            form.error("value", gettext("The identifier is too long."))
        if not form.ok:
            return await choose_page(ctx, form, 400)
        try:
            views = await service.find_by_subject(ctx, SubjectKey(kind), value)
        except ValuesError:
            form.error("value", gettext("This is not a valid identifier of the chosen kind."))
            return await choose_page(ctx, form, 400)
        rows = [row_of(view, registers.fields_of(await record_version(ctx, view))) for view in views]
        return await choose_page(ctx, form, found=rows)

    @get("/registers/{register_id:int}", name="records_browse", guards=READ)
    async def browse(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], after: After = None, done: Done = None
    ) -> Template:
        """One page of the register's records (keyset by id, as the API's ``list_records``)."""
        try:
            views = await service.list_records(ctx, register_id, PAGE_SIZE, after)
        except service.NotFoundError:
            raise not_found() from None
        version = await load_register(ctx, register_id)
        fields = registers.fields_of(version)
        context = {
            "version": version,
            "title": register_title(version),
            "fields": fields,
            "rows": [row_of(view, fields) for view in views],
            "after": after,
            "next_after": views[-1].id if len(views) == PAGE_SIZE else None,
            "done": DONE.get(done or ""),
        }
        return await page(ctx, "browse.html", context)

    @get("/registers/{register_id:int}/export", name="records_export", guards=READ)
    async def export(self, ctx: NamedDependency[TenantContext], register_id: FromPath[int]) -> Response[bytes]:
        """The register as CSV for the controller (masked as on screen; audit-logged by the service)."""
        try:
            result = await export.register_csv(ctx, register_id)
        except service.NotFoundError:
            raise not_found() from None
        headers = {"content-disposition": f'attachment; filename="{result.filename}"', "cache-control": "no-store"}
        return Response(content=result.content, media_type="text/csv; charset=utf-8", headers=headers)

    @get("/registers/{register_id:int}/new", name="records_new", guards=WRITE)
    async def new(self, ctx: NamedDependency[TenantContext], register_id: FromPath[int]) -> Template:
        return await form_page(ctx, await load_register(ctx, register_id), FormState())

    @post("/registers/{register_id:int}/new", name="records_create", guards=WRITE, request_max_body_size=FORM_BODY)
    async def create(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], data: FormBody
    ) -> Template | Redirect:
        version = await load_register(ctx, register_id)
        fields = registers.fields_of(version)
        form = FormState.of(data)
        if form.ok:
            try:
                view = await service.create_record(
                    ctx, register_id, record_form.values_of(fields, form.values, partial=False)
                )
            except service.NotFoundError:
                raise not_found() from None
            except ValuesError as exc:
                form.errors.update(record_form.field_errors(exc.problems, fields))
            else:
                return see_other(records_path(ctx.tenant_id, f"/{view.id}?done=created"))
        return await form_page(ctx, version, form, status_code=400)

    @get("/registers/{register_id:int}/import", name="records_import_form", guards=WRITE)
    async def import_form(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], imported: Imported = None
    ) -> Template:
        return await import_page(ctx, await load_register(ctx, register_id), imported=imported)

    @post(
        "/registers/{register_id:int}/import",
        name="records_import",
        guards=WRITE,
        request_max_body_size=MAX_IMPORT_BYTES + MULTIPART_OVERHEAD,
    )
    async def import_file(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], data: UploadBody
    ) -> Template | Redirect:
        """A CSV or JSON file, all rows or none (``service.import_rows``), with a row report."""
        version = await load_register(ctx, register_id)
        upload, form = data.get("file"), FormState()
        if not isinstance(upload, UploadFile) or not upload.filename:
            form.error("file", gettext("Choose a file to import."))
            return await import_page(ctx, version, form, 400)
        try:
            rows = parse_rows(await upload.read(), kind_of(upload.content_type or "", upload.filename))
        except ImportFileError as exc:
            form.error("file", gettext(FILE_REFUSALS[exc.code]))
            return await import_page(ctx, version, form, 400)
        try:
            imported = await service.import_rows(ctx, register_id, rows)
        except service.ImportRejectedError as exc:
            report = record_form.import_report(exc.problems, registers.fields_of(version))
            return await import_page(ctx, version, status_code=422, report=report, checked=len(rows))
        return see_other(records_path(ctx.tenant_id, f"/registers/{register_id}/import?imported={imported}"))

    @get("/{record_id:int}", name="records_record", guards=READ)
    async def record(
        self, ctx: NamedDependency[TenantContext], record_id: FromPath[int], done: Done = None
    ) -> Template:
        return await _record_page(ctx, await _read(ctx, record_id), done=done, status=200)

    @get("/{record_id:int}/edit", name="records_edit_form", guards=WRITE)
    async def edit_form(self, ctx: NamedDependency[TenantContext], record_id: FromPath[int]) -> Template:
        view = await _read(ctx, record_id)
        if RESTRICTED in view.flags:  # Art. 18(1): no form to fill in for nothing
            return await _record_page(ctx, view, refusal=_restricted_refusal(), status=200)
        version = await load_register(ctx, view.register_id)
        form = FormState(values=record_form.form_values(registers.fields_of(version), view.values))
        return await form_page(ctx, version, form, view=view)

    @post("/{record_id:int}/edit", name="records_update", guards=WRITE, request_max_body_size=FORM_BODY)
    async def update(
        self, ctx: NamedDependency[TenantContext], record_id: FromPath[int], data: FormBody
    ) -> Template | Redirect:
        """Fields the member sees masked are not in the form, so they stay as stored."""
        view = await _read(ctx, record_id)
        version = await load_register(ctx, view.register_id)
        fields = [item for item in registers.fields_of(version) if item.name not in view.masked]
        form = FormState.of(data)
        if form.ok:
            try:
                await service.ensure_changeable(ctx, record_id)  # the API's rule: restricted -> refused
                await service.update_record(ctx, record_id, record_form.values_of(fields, form.values, partial=True))
            except service.NotFoundError:
                raise not_found() from None
            except service.RecordRestrictedError:
                return await _record_page(ctx, view, refusal=_restricted_refusal(), status=409)
            except ValuesError as exc:
                form.errors.update(record_form.field_errors(exc.problems, fields))
            else:
                return see_other(records_path(ctx.tenant_id, f"/{record_id}?done=updated"))
        return await form_page(ctx, version, form, view=view, status_code=400)

    @get("/{record_id:int}/delete", name="records_delete_form", guards=WRITE)
    async def delete_form(self, ctx: NamedDependency[TenantContext], record_id: FromPath[int]) -> Template:
        """Asks before deleting: the record in a few words, and that it cannot be undone."""
        view = await _read(ctx, record_id)
        if RESTRICTED in view.flags:
            return await _record_page(ctx, view, refusal=_restricted_refusal(), status=200)
        version = await record_version(ctx, view)
        context = {"view": view, "row": row_of(view, registers.fields_of(version)), "title": register_title(version)}
        return await page(ctx, "delete.html", context)

    @post("/{record_id:int}/delete", name="records_delete", guards=WRITE)
    async def delete(
        self, ctx: NamedDependency[TenantContext], record_id: FromPath[int], data: FormBody
    ) -> Template | Redirect:
        del data  # the CSRF field only: the confirmation is the POST itself
        view = await _read(ctx, record_id)
        try:
            await service.ensure_changeable(ctx, record_id)
            await service.delete_record(ctx, record_id)
        except service.NotFoundError:
            raise not_found() from None
        except service.RecordRestrictedError:
            return await _record_page(ctx, view, refusal=_restricted_refusal(), status=409)
        return see_other(records_path(ctx.tenant_id, f"/registers/{view.register_id}?done=deleted"))
