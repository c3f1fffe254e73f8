"""What the records pages' handlers share: a visible register or 404, rows in words, the pages.

Thin over the services the API uses (:mod:`alusta.tenants.records.service`); a register or record
outside the member's registers is the same 404 as a missing one (``ctx.register_allowed``).
"""

from dataclasses import dataclass, field
from typing import Any

from litestar.response import Template

from alusta.auth.guards import not_found
from alusta.auth.permissions import Permission
from alusta.i18n import N_
from alusta.tenants.records import record_form
from alusta.tenants.records.record_import import MAX_IMPORT_ROWS
from alusta.tenants.records.service import MASKED_BY, RecordView
from alusta.tenants.registers import service as registers
from alusta.tenants.registers.models import RegisterVersion
from alusta.tenants.registers.schemas import FieldDef, SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.service import get_tenant
from alusta.web.forms import FormState
from alusta.web.translations import current_lang, gettext

# Short reasons in a table cell; the record's page gives the long one (record_form.MASK_REASONS).
MASK_SHORT = {
    "special_category": N_("masked (special category data)"),
    "non_disclosure": N_("masked (non-disclosure)"),
    "hetu": N_("partly masked"),
}
# What a redirect after a change says on the page it lands on (``?done=``).
DONE = {
    "created": N_("The record was saved."),
    "updated": N_("The changes were saved."),
    "deleted": N_("The record was deleted."),
}


@dataclass(frozen=True)
class Cell:
    item: FieldDef
    text: str  # the value as shown ("" when hidden)
    masked: str | None = None  # short reason (msgid) when the member sees it masked
    reason: str | None = None  # long reason (msgid)


@dataclass(frozen=True)
class Row:
    view: RecordView
    cells: list[Cell]
    flags: list[str] = field(default_factory=list)  # msgids


def records_path(tenant_id: int, tail: str = "") -> str:
    return f"/t/{tenant_id}/records{tail}"


def register_title(version: RegisterVersion) -> str:
    """The register's name in the reader's language (from its privacy notice)."""
    name = registers.notice_of(version).register_name
    return str(getattr(name, current_lang().value, name.fi))


async def visible_registers(ctx: TenantContext) -> list[RegisterVersion]:
    return await registers.list_registers(ctx.session, ctx.grant.registers)


async def load_register(ctx: TenantContext, register_id: int) -> RegisterVersion:
    """The register's current version if this member may see it; otherwise the 404 of a missing one."""
    register = await registers.get_register(ctx.session, register_id) if ctx.register_allowed(register_id) else None
    if register is None:
        raise not_found()
    return await registers.current_version(ctx.session, register)


async def record_version(ctx: TenantContext, view: RecordView) -> RegisterVersion:
    version = await registers.get_version(ctx.session, view.register_id, view.register_version)
    if version is None:
        raise not_found()
    return version


def _mask_key(item: FieldDef) -> str:
    return item.classification.value if item.classification in MASKED_BY else "hetu"


def row_of(view: RecordView, fields: list[FieldDef]) -> Row:
    cells = []
    for item in fields:
        value = view.values.get(item.name)
        if item.name in view.masked:
            cells.append(
                Cell(item, record_form.shown(value), MASK_SHORT[_mask_key(item)], record_form.mask_reason(item))
            )
        else:
            cells.append(Cell(item, record_form.shown(value)))
    return Row(view, cells, [record_form.FLAG_NAMES.get(flag, flag) for flag in view.flags])


def summary(row: Row) -> str:
    """A record in a few words for a link (its first visible values), never only a number."""
    texts = [cell.text for cell in row.cells if cell.text and cell.masked is None][:2]
    return ", ".join(texts) or gettext("Record %(id)s") % {"id": row.view.id}


def kind_options() -> list[tuple[str, str]]:
    return [(kind.value, gettext(name)) for kind, name in record_form.KIND_NAMES.items()]


async def page(ctx: TenantContext, template: str, context: dict[str, Any], status_code: int = 200) -> Template:
    """A records page in the workspace layout (``tenant`` for the navigation, words for the fields)."""
    base = {
        "tenant": await get_tenant(ctx.session),
        "can_write": ctx.can(Permission.TENANT_RECORDS_WRITE),
        "type_names": record_form.TYPE_NAMES,
        "classification_names": record_form.CLASSIFICATION_NAMES,
        "form": FormState(),
        "summary": summary,
    }
    return Template(template_name=f"records/{template}", context={**base, **context}, status_code=status_code)


async def choose_page(
    ctx: TenantContext, form: FormState | None = None, status_code: int = 200, **extra: Any
) -> Template:
    """The registers to browse, and the search by identifier (results in ``found``)."""
    versions = await visible_registers(ctx)
    context = {
        "registers": [(version.register_id, register_title(version)) for version in versions],
        "titles": {version.register_id: register_title(version) for version in versions},
        "kinds": kind_options(),
        "form": form or FormState(values={"kind": SubjectKey.EMAIL.value}),
        "found": None,
        **extra,
    }
    return await page(ctx, "index.html", context, status_code)


async def form_page(
    ctx: TenantContext,
    version: RegisterVersion,
    form: FormState,
    *,
    view: RecordView | None = None,
    status_code: int = 200,
) -> Template:
    """The create form (``view`` None) or the edit form of one record, built from the fields."""
    fields = registers.fields_of(version)
    context = {
        "version": version,
        "title": register_title(version),
        "inputs": record_form.inputs(fields, view.masked if view else None),
        "form": form,
        "view": view,
        "row": row_of(view, fields) if view else None,
        "yes_no": [(record_form.YES, gettext("Yes")), (record_form.NO, gettext("No"))],
        "not_recorded": ("", gettext("Not recorded")),
        "mask_short": MASK_SHORT,
        "mask_key": _mask_key,
    }
    return await page(ctx, "form.html", context, status_code)


async def import_page(
    ctx: TenantContext, version: RegisterVersion, form: FormState | None = None, status_code: int = 200, **extra: Any
) -> Template:
    context = {
        "version": version,
        "title": register_title(version),
        "fields": registers.fields_of(version),
        "form": form or FormState(),
        "max_rows": MAX_IMPORT_ROWS,
        "report": None,
        "checked": 0,
        "imported": None,
        **extra,
    }
    return await page(ctx, "import.html", context, status_code)
