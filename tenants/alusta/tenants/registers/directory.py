"""The public directory of controllers: active tenants, their contact points and registers.

Read-only and about organisations only (design §4 "who holds my data": contact points, never a
yes/no about a person). Each controller's registers are read under that controller's tenant
(``bind_tenant``: the ORM filter and, on PostgreSQL, row-level security), one after another.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.db.tenancy import bind_tenant
from alusta.tenants.registers import service as registers
from alusta.tenants.tenancy.models import Tenant

MAX_QUERY_CHARS = 100


@dataclass(frozen=True)
class ControllerEntry:
    tenant_id: int
    name: str
    business_id: str
    contact_point: str
    dpo_contact: str
    registers: list[tuple[int, str]]  # (register id, Finnish name): the portal API's shape
    notices: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (id, name per language)
    required_loa: str = "loa2"  # loa3: the controller accepts portal requests after high assurance only


def matches(name: str, query: str | None) -> bool:
    """Case-insensitive "contains" in Python (SQLite's lower() does not fold ä, ö, å)."""
    return not query or query.casefold() in name.casefold()


async def directory(session: AsyncSession, *, with_registers: bool, query: str | None = None) -> list[ControllerEntry]:
    """Every active controller (whose name contains ``query``) with its contact points.

    With ``with_registers`` also each controller's registers (current names), for the portal and
    the public directory page.
    """
    statement = select(Tenant).where(Tenant.status == "active").order_by(Tenant.name)
    tenants = [t for t in (await session.execute(statement)).scalars() if matches(t.name, query)]
    entries = []
    for tenant in tenants:
        versions = []
        if with_registers:
            await bind_tenant(session, tenant.id)
            versions = await registers.list_registers(session, None)
        entries.append(
            ControllerEntry(
                tenant.id,
                tenant.name,
                tenant.business_id,
                tenant.contact_point,
                tenant.dpo_contact,
                [(v.register_id, v.name) for v in versions],
                [(v.register_id, dict(v.notice["register_name"])) for v in versions],
                tenant.required_loa,
            )
        )
    return entries
