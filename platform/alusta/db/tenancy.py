"""Tenant isolation, layer 1 (ORM) and the hand-off to layer 2 (PostgreSQL RLS), design §2.

- Every tenant-owned model mixes in :class:`TenantScoped` (``tenant_id`` first in the PK).
- ``do_orm_execute`` adds ``tenant_id == current`` to every ORM select/update/delete touching a
  tenant-owned model (``with_loader_criteria``); with no tenant set it refuses (fail closed).
- ``before_flush`` stamps new rows with the session's tenant and refuses rows of another tenant.
- ``after_begin`` runs ``SET LOCAL app.tenant_id = '<int>'`` (and ``app.identity_id``) on
  PostgreSQL: transaction local, so a pooled connection never carries a tenant into the next
  transaction. A ``SET LOCAL`` *statement*, not ``set_config()``: Citus forwards only the
  statement to the workers (``citus.propagate_set_commands = 'local'``, issue 16). ``SET`` takes
  no bind parameters, so the value is validated as an integer before it is written into the SQL.

The current tenant lives in ``session.info`` (explicit, survives sync guards and thread hops).
The only opt-out is the greppable execution option ``skip_tenant_filter`` (reviewed callers only).

Sessions get their tenant in three places only: :func:`tenant_session` (jobs, commands, the
portal's directory), the request-scoped providers (``tenancy.context``, the public notices) and
:func:`bind_tenant` (one transaction that spans tenants: a filing to several controllers).
"""

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import BigInteger, event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, SessionTransaction, mapped_column, with_loader_criteria
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.util import find_tables

TENANT_KEY = "tenant_id"
IDENTITY_KEY = "identity_id"  # lets the membership lookup see the caller's own memberships (RLS policy)
SKIP_OPTION = "skip_tenant_filter"
TENANT_SETTING = "app.tenant_id"  # read by the RLS policies through app_current_tenant()
IDENTITY_SETTING = "app.identity_id"  # read through app_current_identity()
_SETTINGS = frozenset({TENANT_SETTING, IDENTITY_SETTING})
_INSTALLED_FLAG = "_alusta_tenancy_installed"


class TenantContextMissingError(RuntimeError):
    """A tenant-owned table was queried or written with no tenant fixed for the session."""


class CrossTenantWriteError(PermissionError):
    """A flush would write a row that belongs to a tenant other than the session's."""


class TenantScoped:
    """Mixin for every tenant-owned model: ``tenant_id`` is the first primary-key column."""

    tenant_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False, sort_order=-100)


def _checked_id(value: object) -> int | None:
    """An id for the database binding: an ``int`` (not a ``bool``) or None; anything else is refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a tenant or identity id must be an int, not {type(value).__name__}")
    return value


def set_local_statement(setting: str, value: object) -> str:
    """``SET LOCAL <setting> = '<int>'`` (or ``''`` for none, which the policies read as NULL).

    Only the two known settings and a validated integer reach the SQL text: nothing from input.
    """
    if setting not in _SETTINGS:
        raise ValueError(f"unknown setting {setting!r}")
    checked = _checked_id(value)
    return f"SET LOCAL {setting} = '{'' if checked is None else int(checked)}'"


def set_tenant(session: Session | AsyncSession, tenant_id: int | None, identity_id: int | None = None) -> None:
    """Fix the tenant of this session; must happen before its first transaction begins."""
    _checked_id(tenant_id)
    _checked_id(identity_id)
    info = session.info
    if session.in_transaction() and info.get(TENANT_KEY) != tenant_id:
        raise RuntimeError("the tenant of a session cannot change inside a transaction")
    info[TENANT_KEY] = tenant_id
    info[IDENTITY_KEY] = identity_id


def current_tenant(session: Session | AsyncSession) -> int | None:
    value = session.info.get(TENANT_KEY)
    return int(value) if value is not None else None


@functools.lru_cache(maxsize=8)
def _tenant_table_names(table_count: int) -> frozenset[str]:
    """Names of the tenant tables; keyed by how many tables the metadata holds (models load late)."""
    del table_count  # only the cache key: a newly loaded model changes it
    names: set[str] = set()
    pending: list[type] = [TenantScoped]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        table = getattr(cls, "__table__", None)
        if table is not None:
            names.add(table.name)
    return frozenset(names)


def require_tenant(session: Session | AsyncSession) -> int:
    """The session's tenant; a service that needs one and finds none fails closed."""
    tid = current_tenant(session)
    if tid is None:
        raise TenantContextMissingError("no tenant fixed for this session")
    return tid


def _is_tenant_scoped(state: ORMExecuteState) -> bool:
    if any(issubclass(mapper.class_, TenantScoped) for mapper in state.all_mappers):
        return True
    # ``select(func.count()).select_from(Model)`` names no mapper in all_mappers: look at the FROMs.
    statement = state.statement
    if not isinstance(statement, ClauseElement):
        return False
    tables = find_tables(statement, include_joins=True, include_aliases=True, include_crud=True)
    return any(table.name in _tenant_table_names(_table_count(table)) for table in tables)


def _table_count(table: object) -> int:
    metadata = getattr(table, "metadata", None)  # a lightweight ``table()`` clause has none
    return len(metadata.tables) if metadata is not None else -1


def _add_tenant_criteria(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get(SKIP_OPTION) or state.is_column_load or state.is_relationship_load:
        # Column/relationship loads inherit the criteria of the parent statement (SQLAlchemy docs).
        return
    if not _is_tenant_scoped(state):
        return
    if not state.is_orm_statement:
        # A Core statement on ``Model.__table__`` cannot take loader criteria: refuse (fail closed).
        raise TenantContextMissingError("Core statement on a tenant table: use the ORM entity")
    tid = current_tenant(state.session)
    if tid is None:
        raise TenantContextMissingError("no tenant fixed for this session")
    state.statement = state.statement.options(
        with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tid, include_aliases=True)
    )


def _guard_flush(session: Session, _context: Any, _instances: Any) -> None:
    tid = current_tenant(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, TenantScoped):
            continue
        if tid is None:
            raise TenantContextMissingError("no tenant fixed for this session")
        if obj.tenant_id is None:
            obj.tenant_id = tid
        elif obj.tenant_id != tid:
            raise CrossTenantWriteError("refused: row belongs to another tenant")


def _set_database_tenant(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    # Always set both (empty string = none): the policy's NULLIF turns '' into NULL, fail closed.
    connection.exec_driver_sql(set_local_statement(TENANT_SETTING, session.info.get(TENANT_KEY)))
    connection.exec_driver_sql(set_local_statement(IDENTITY_SETTING, session.info.get(IDENTITY_KEY)))


def install_tenancy(session_class: type[Session] = Session) -> None:
    """Register the three hooks once on ``session_class`` (every AsyncSession uses a Session)."""
    if getattr(session_class, _INSTALLED_FLAG, False):
        return
    event.listen(session_class, "do_orm_execute", _add_tenant_criteria)
    event.listen(session_class, "before_flush", _guard_flush)
    event.listen(session_class, "after_begin", _set_database_tenant)
    setattr(session_class, _INSTALLED_FLAG, True)


@asynccontextmanager
async def tenant_session(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: int | None, identity_id: int | None = None
) -> AsyncIterator[AsyncSession]:
    """A session bound to ``tenant_id`` before its transaction begins; committed on success.

    The one way a job, a command or the portal opens a tenant's session (the request-scoped
    session of a handler is bound by its provider instead). ``None``: no tenant (processor tables).
    """
    async with sessionmaker() as session:
        set_tenant(session, tenant_id, identity_id)
        async with session.begin():
            yield session


async def bind_tenant(session: AsyncSession, tenant_id: int, identity_id: int | None = None) -> None:
    """Bind the session's tenant for the statements that follow, even inside a transaction.

    Before the first transaction this is :func:`set_tenant`. Inside one (a unit of work that
    spans tenants, e.g. one filing to several controllers, all or nothing), what is pending for
    the current tenant is flushed first, under the flush guard, then the next tenant is bound for
    the ORM filter and, on PostgreSQL, for row-level security (``SET LOCAL`` is transaction-local).
    """
    _checked_id(tenant_id)
    _checked_id(identity_id)
    if not session.in_transaction():
        set_tenant(session, tenant_id, identity_id)
        return
    await session.flush()
    session.info[TENANT_KEY] = tenant_id
    session.info[IDENTITY_KEY] = identity_id

    def rebind(sync_session: Session) -> None:
        _set_database_tenant(sync_session, sync_session.get_transaction(), sync_session.connection())  # type: ignore[arg-type]

    await session.run_sync(rebind)
