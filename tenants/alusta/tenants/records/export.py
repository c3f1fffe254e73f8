"""A register's records as one CSV file for the controller itself (issue 12: "export of the register").

- The member gets what they may see on screen: masked fields stay masked (special category and
  non-disclosure need the explicit grant; viewers see a henkilötunnus as its birth date only).
- Every cell goes through :mod:`alusta.csv_safe` (formula injection, OWASP).
- The export is audit-logged once for the register and once per record exported: each is a
  consultation of that subject's data, so their access-log extract names it (C-579/21).
"""

from dataclasses import dataclass
from typing import Any

from alusta.audit.actions import AuditAction
from alusta.csv_safe import csv_line
from alusta.tenants.records import service
from alusta.tenants.registers import service as registers
from alusta.tenants.tenancy.context import TenantContext

MASKED_CELL = "[masked]"
FIXED_COLUMNS = ("record_id", "created_at", "updated_at", "flags")


@dataclass(frozen=True)
class RegisterCsv:
    filename: str
    content: bytes
    rows: int


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row(view: service.RecordView, names: list[str]) -> list[str | None]:
    cells: list[str | None] = [
        str(view.id),
        view.created_at.isoformat(),
        view.updated_at.isoformat(),
        " ".join(view.flags),
    ]
    for name in names:
        hidden = name in view.masked and view.values.get(name) is None
        cells.append(MASKED_CELL if hidden else _cell(view.values.get(name)))
    return cells


async def register_csv(ctx: TenantContext, register_id: int) -> RegisterCsv:
    """Every record of the register, in id order (``service.NotFoundError`` if not the member's)."""
    views: list[service.RecordView] = []
    after: int | None = None
    while True:  # keyset pages of the service's maximum size
        page = await service.register_page(ctx, register_id, service.MAX_PAGE, after)
        views.extend(page)
        if len(page) < service.MAX_PAGE:
            break
        after = page[-1].id
    register = await registers.get_register(ctx.session, register_id)
    assert register is not None  # register_page raised NotFoundError otherwise
    names = [item.name for item in registers.fields_of(await registers.current_version(ctx.session, register))]
    lines = [csv_line([*FIXED_COLUMNS, *names]), *(csv_line(_row(view, names)) for view in views)]
    await ctx.audit(AuditAction.RECORDS_EXPORT, "register", register_id)
    for view in views:
        await ctx.audit(AuditAction.RECORDS_EXPORT, "record", view.id)
    return RegisterCsv(f"register-{register_id}.csv", b"".join(lines), len(views))
