"""``/api/v1/tenants/{tenant_id}/registers/{register_id}/records`` and ``.../records/{id}``."""

from typing import Annotated, Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from alusta.auth.guards import not_found, requires
from alusta.auth.permissions import Permission
from alusta.tenants.records import service
from alusta.tenants.records.record_import import MAX_IMPORT_BYTES, ImportFileError, kind_of, parse_rows
from alusta.tenants.records.schemas import ImportResult, RecordIn, RecordOut, RecordPage, SubjectQuery, UseOut
from alusta.tenants.records.values import ValuesError
from alusta.tenants.tenancy.context import TenantContext
from alusta.web.problems import Problem

RECORD_BODY = 64 * 1024
IMPORT_BODY = MAX_IMPORT_BYTES


def record_out(view: service.RecordView) -> RecordOut:
    return RecordOut(
        id=view.id,
        register_id=view.register_id,
        register_version=view.register_version,
        values=view.values,
        masked=view.masked,
        created_at=view.created_at,
        updated_at=view.updated_at,
        flags=view.flags,
    )


def _invalid(exc: ValuesError) -> Problem:
    return Problem(
        422,
        "invalid_values",
        str(exc),
        errors=[{"field": p.field, "code": p.code, "message": p.message} for p in exc.problems],
    )


def parse_import(body: bytes, content_type: str) -> list[dict[str, Any]]:
    """Rows of a CSV (header line, UTF-8) or JSON (array of objects) file; malformed files -> 400."""
    try:
        return parse_rows(body, kind_of(content_type))
    except ImportFileError as exc:
        raise Problem(exc.status, exc.code, exc.detail) from None


class RecordController(Controller):
    path = "/api/v1/tenants/{tenant_id:int}"
    tags = ("records",)

    @post(
        "/registers/{register_id:int}/records",
        guards=[requires(Permission.TENANT_RECORDS_WRITE)],
        request_max_body_size=RECORD_BODY,
        status_code=HTTP_201_CREATED,
        summary="Create a record (values validated against the register's fields).",
    )
    async def create(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], data: JSONBody[RecordIn]
    ) -> RecordOut:
        try:
            return record_out(await service.create_record(ctx, register_id, data.values))
        except service.NotFoundError:
            raise not_found() from None
        except ValuesError as exc:
            raise _invalid(exc) from None

    @get(
        "/registers/{register_id:int}/records",
        guards=[requires(Permission.TENANT_RECORDS_READ)],
        summary="Records of a register, by id (keyset pagination).",
    )
    async def list_records(
        self,
        ctx: NamedDependency[TenantContext],
        register_id: FromPath[int],
        limit: Annotated[int, QueryParameter(ge=1, le=service.MAX_PAGE)] = 50,
        after: Annotated[int | None, QueryParameter(ge=0)] = None,
    ) -> RecordPage:
        try:
            views = await service.list_records(ctx, register_id, limit, after)
        except service.NotFoundError:
            raise not_found() from None
        return RecordPage(
            items=[record_out(v) for v in views], next_after=views[-1].id if len(views) == limit else None
        )

    @post(
        "/registers/{register_id:int}/records/import",
        guards=[requires(Permission.TENANT_RECORDS_WRITE)],
        request_max_body_size=IMPORT_BODY,
        status_code=HTTP_201_CREATED,
        summary="Bulk import (text/csv or application/json): all rows or none, with a per-row report.",
    )
    async def import_file(
        self, ctx: NamedDependency[TenantContext], register_id: FromPath[int], request: Request[Any, Any, Any]
    ) -> ImportResult:
        rows = parse_import(await request.body(), request.headers.get("content-type", ""))
        try:
            return ImportResult(imported=await service.import_rows(ctx, register_id, rows))
        except service.NotFoundError:
            raise not_found() from None
        except service.ImportRejectedError as exc:
            raise Problem(422, "import_rejected", "no rows were imported", errors=exc.problems) from None

    @post(
        "/records/search",
        guards=[requires(Permission.TENANT_RECORDS_READ)],
        request_max_body_size=4096,
        status_code=200,
        summary="Records of one data subject, found by blind index (identifier in the body, never the URL).",
    )
    async def search(self, ctx: NamedDependency[TenantContext], data: JSONBody[SubjectQuery]) -> list[RecordOut]:
        try:
            return [record_out(v) for v in await service.find_by_subject(ctx, data.kind, data.value)]
        except ValuesError as exc:
            raise _invalid(exc) from None

    @get("/records/{record_id:int}", guards=[requires(Permission.TENANT_RECORDS_READ)], summary="One record.")
    async def read(self, ctx: NamedDependency[TenantContext], record_id: FromPath[int]) -> RecordOut:
        try:
            return record_out(await service.read_record(ctx, record_id))
        except service.NotFoundError:
            raise not_found() from None

    @get(
        "/records/{record_id:int}/use",
        guards=[requires(Permission.TENANT_RECORDS_READ)],
        summary="May this record be used for marketing or processing (Art. 18, 21 flags)?",
    )
    async def use(
        self,
        ctx: NamedDependency[TenantContext],
        record_id: FromPath[int],
        purpose: Annotated[service.Use, QueryParameter()],
    ) -> UseOut:
        try:
            allowed, flags = await service.may_use(ctx, record_id, purpose)
        except service.NotFoundError:
            raise not_found() from None
        return UseOut(purpose.value, allowed, flags)

    @patch(
        "/records/{record_id:int}",
        guards=[requires(Permission.TENANT_RECORDS_WRITE)],
        request_max_body_size=RECORD_BODY,
        summary="Change some fields of a record (null removes a field).",
    )
    async def update(
        self, ctx: NamedDependency[TenantContext], record_id: FromPath[int], data: JSONBody[RecordIn]
    ) -> RecordOut:
        try:
            await service.ensure_changeable(ctx, record_id)
            return record_out(await service.update_record(ctx, record_id, data.values))
        except service.NotFoundError:
            raise not_found() from None
        except service.RecordRestrictedError as exc:
            raise Problem(409, "record_restricted", str(exc)) from None
        except ValuesError as exc:
            raise _invalid(exc) from None

    @delete(
        "/records/{record_id:int}",
        guards=[requires(Permission.TENANT_RECORDS_WRITE)],
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a record.",
    )
    async def remove(self, ctx: NamedDependency[TenantContext], record_id: FromPath[int]) -> None:
        try:
            await service.ensure_changeable(ctx, record_id)
            await service.delete_record(ctx, record_id)
        except service.NotFoundError:
            raise not_found() from None
        except service.RecordRestrictedError as exc:
            raise Problem(409, "record_restricted", str(exc)) from None
