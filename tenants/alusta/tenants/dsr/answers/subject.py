"""What an access bundle holds about the subject: their records, the period, the access log, the letter facts.

- ``SubjectScan``: the subject's records register by register, matched through the blind index on
  any identifier they are known by, plus records staff added (issue 14 point 1), within the period
  asked about (point 2);
- ``access_log``: dates (Helsinki calendar) and localised purposes of consultations (C-579/21,
  point 3), never who consulted;
- ``facts``: the Art. 15(1)(a)-(h) facts from the register's notice (points 7, 8).
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.audit.models import AuditEntry
from alusta.calendar.periods import HELSINKI
from alusta.db.base import as_utc
from alusta.i18n import Lang
from alusta.tenants.dsr.answers import letters
from alusta.tenants.dsr.core.messages import message
from alusta.tenants.records.models import Record, SubjectIndex
from alusta.tenants.records.service import unseal as unseal_record
from alusta.tenants.registers import service as registers
from alusta.tenants.registers.messages import legal_basis_text, section_title, special_category_text
from alusta.tenants.tenancy.keys import KeyStore
from alusta.tenants.tenancy.models import Tenant


@dataclass
class SubjectScan:
    """The subject's records, streamed register by register; ``found`` collects their ids.

    A record belongs to the subject when any identifier they are known by matches its blind
    index (``core.service.subject_match``), or when staff added it after finding it by search.
    """

    session: AsyncSession
    keys: KeyStore
    match: ColumnElement[bool]
    added: list[int]
    found: list[int]
    period: "Period | None" = None

    def _where(self, register_id: int) -> ColumnElement[bool]:
        indexed = select(SubjectIndex.record_id).where(self.match)
        where = and_(Record.register_id == register_id, or_(Record.id.in_(indexed), Record.id.in_(self.added)))
        if self.period is not None:  # recorded or changed within the period the subject asked about
            where = and_(where, or_(self.period.contains(Record.created_at), self.period.contains(Record.updated_at)))
        return where

    async def count(self, register_id: int) -> int:
        statement = select(func.count()).select_from(Record).where(self._where(register_id))
        return int((await self.session.execute(statement)).scalar_one())

    async def rows(self, register_id: int, names: list[str]) -> AsyncIterator[tuple[int, dict[str, str | None]]]:
        statement = select(Record).where(self._where(register_id)).order_by(Record.id)
        async for record in await self.session.stream_scalars(statement):
            values = unseal_record(await self.keys.get(record.key_id), record)
            self.found.append(record.id)
            yield record.id, {name: None if values.get(name) is None else str(values[name]) for name in names}


@dataclass(frozen=True)
class Period:
    """The period an access request names (design §6), as Helsinki calendar days, both inclusive."""

    first: date | None
    last: date | None

    @classmethod
    def of(cls, details: dict[str, Any]) -> "Period | None":
        raw = details.get("period")
        if not isinstance(raw, list) or len(raw) != 2 or raw == [None, None]:
            return None
        first, last = (date.fromisoformat(v) if isinstance(v, str) else None for v in raw)
        return cls(first, last)

    def contains(self, column: Any) -> ColumnElement[bool]:
        bounds = []
        if self.first is not None:
            bounds.append(column >= datetime.combine(self.first, time(), HELSINKI).astimezone(UTC))
        if self.last is not None:
            bounds.append(column < datetime.combine(self.last + timedelta(days=1), time(), HELSINKI).astimezone(UTC))
        return and_(true(), *bounds)

    def note(self, lang: Lang) -> str:
        first = letters.letter_date(self.first, lang) if self.first else ""
        last = letters.letter_date(self.last, lang) if self.last else ""
        key = "period_note" if first and last else "period_from_note" if first else "period_until_note"
        return message(key, lang).format(first=first, last=last)


async def access_log(
    session: AsyncSession, record_ids: list[int], lang: Lang, period: Period | None = None
) -> AsyncIterator[tuple[str, str]]:
    """Dates and purposes of consultations of the subject's records (C-579/21); no staff identity.

    Dates on the Helsinki calendar, purposes in the bundle's language (issue 14 point 3); every
    record shown in a list or a search has its own entry.
    """
    if not record_ids:
        return
    statement = (
        select(AuditEntry.at, AuditEntry.action)
        .where(AuditEntry.object_type == "record", AuditEntry.object_id.in_([str(i) for i in record_ids]))
        .where(period.contains(AuditEntry.at) if period is not None else true())
        .order_by(AuditEntry.seq)
    )
    for at, action in (await session.execute(statement)).all():
        yield as_utc(at).astimezone(HELSINKI).date().isoformat(), letters.access_purpose(str(action), lang)


def facts(tenant: Tenant, version: Any, lang: Lang) -> letters.NoticeFacts:
    """Art. 15(1)(a)-(h) from the register's notice, in the letter's language (issue 14 points 7, 8)."""
    notice = registers.notice_of(version)
    recipients = ", ".join(r.name for r in notice.recipients) or "-"

    def loc(value: Any) -> str:
        return str(getattr(value, lang.value))

    basis = legal_basis_text(notice.legal_basis, lang)
    if notice.special_category_basis is not None:
        basis = f"{basis}; {special_category_text(notice.special_category_basis, lang)}"
    automated = notice.automated_decisions
    return letters.NoticeFacts(
        controller=f"{tenant.name} ({tenant.business_id})",
        register=loc(notice.register_name),
        purposes=f"{loc(notice.purpose)} ({basis})",
        categories=loc(notice.data_content),
        recipients=f"{recipients}. {loc(notice.transfers)}",
        retention=loc(notice.retention),
        sources=loc(notice.sources),
        automated_decisions=loc(automated) if automated is not None else section_title("no_automated_decisions", lang),
    )
