"""``/t/{tenant_id}/audit``: the workspace's audit log page and its CSV export (tenant admins).

Thin handlers over :mod:`alusta.tenants.audit.service` (the same reads as the API, filtered)
and the chain verification the API's ``/verify`` runs. The filter form is a GET form whose
values are ids, action codes, object types and dates only (no personal data in a URL). Reading
the log and exporting it are audit-logged by the service. Non-members get the HTML 404,
members without ``tenant:audit:read`` 403 (the guard).
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Response, Stream, Template

from alusta.audit.models import AuditEntry
from alusta.auth.guards import requires
from alusta.auth.identity import IdentityVault
from alusta.auth.permissions import Permission
from alusta.calendar.periods import HELSINKI
from alusta.csv_safe import csv_line
from alusta.tenants.audit import service, view
from alusta.tenants.audit.words import ACTION_NAMES, ACTOR_ROLE_NAMES, OBJECT_NAMES, action_name
from alusta.tenants.tenancy import staff
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant

READ = [requires(Permission.TENANT_AUDIT_READ)]
PAGE_SIZE = 50
Before = Annotated[int | None, QueryParameter(name="before", ge=1)]
AnyRequest = Request[Any, Any, Any]
CSV_HEADER = (
    "seq", "at", "actor_id", "actor_name", "actor_role", "action", "object_type", "object_id",
    "request_id", "ip_hash", "prev_hash", "entry_hash",
)  # fmt: skip


def _vault(request: AnyRequest) -> IdentityVault:
    vault: IdentityVault = request.app.state["auth"].vault
    return vault


def _query(request: AnyRequest) -> dict[str, str]:
    return {name: value for name, value in request.query_params.items() if isinstance(value, str)}


def _csv(entries: list[AuditEntry], names: dict[int, str]) -> Iterator[bytes]:
    yield csv_line(CSV_HEADER)
    for e in entries:
        yield csv_line(
            [
                str(e.seq),
                e.at.astimezone(HELSINKI).isoformat(timespec="seconds"),
                str(e.actor_id) if e.actor_id is not None else None,
                names.get(e.actor_id) if e.actor_id is not None else None,
                e.actor_role,
                e.action,
                e.object_type,
                e.object_id,
                e.request_id,
                e.ip_hash,
                e.prev_hash.hex(),
                e.entry_hash.hex(),
            ]
        )


class AuditPagesController(Controller):
    path = "/t"
    include_in_schema = False

    @get("/{tenant_id:int}/audit", name="audit_log", guards=READ)
    async def log(self, request: AnyRequest, ctx: NamedDependency[TenantContext], before: Before = None) -> Template:
        form, wanted = view.read_filter(_query(request))
        vault = _vault(request)
        entries: list[AuditEntry] = []
        older = None
        if form.ok:
            entries, older = await service.search_entries(ctx, wanted, before=before, limit=PAGE_SIZE)
        members = (await staff.staff(ctx.session, vault)).members
        context = {
            "tenant": await get_tenant(ctx.session),
            "form": form,
            "entries": entries,
            "names": await view.staff_names(ctx, vault, entries),
            "actors": [(str(m.identity_id), m.name) for m in members],
            "actions": sorted(ACTION_NAMES.items(), key=lambda item: item[0]),
            "objects": sorted(OBJECT_NAMES.items()),
            "action_name": action_name,
            "object_names": OBJECT_NAMES,
            "role_names": ACTOR_ROLE_NAMES,
            "chain": await view.chain_view(ctx, request.app.state["settings"], datetime.now(UTC)),
            "older": view.query_string(form, before=older) if older is not None else None,
            "paged": before is not None,
            "filters": view.query_string(form),
        }
        return Template(template_name="audit/log.html", context=context, status_code=200 if form.ok else 400)

    @get("/{tenant_id:int}/audit/export.csv", name="audit_export", guards=READ)
    async def export(self, request: AnyRequest, ctx: NamedDependency[TenantContext]) -> Response[Any]:
        """The filtered entries in chain order, for an auditor (hashes included to re-check the chain)."""
        form, wanted = view.read_filter(_query(request))
        if not form.ok:
            return Response(
                "; ".join(form.errors.values()),
                status_code=400,
                media_type="text/plain",
                headers={"cache-control": "no-store"},
            )
        entries = await service.export_entries(ctx, wanted)
        names = await view.staff_names(ctx, _vault(request), entries)
        stamp = datetime.now(UTC).astimezone(HELSINKI).strftime("%Y%m%d-%H%M")
        headers = {
            "content-disposition": f'attachment; filename="audit-{ctx.tenant_id}-{stamp}.csv"',
            "cache-control": "no-store",
        }
        return Stream(_csv(entries, names), media_type="text/csv; charset=utf-8", headers=headers)
