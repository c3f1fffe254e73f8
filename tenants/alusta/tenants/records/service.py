"""Records: encrypt on write, decrypt and mask on read, audit every access (issue 5 items 3, 5).

- Each field value is sealed (:mod:`alusta.tenants.tenancy.keys`) with AAD
  ``(tenant_id, "records", record id, field)``: a value moved to another row, field or tenant
  does not decrypt.
- Fields that identify the subject get the tenant's keyed blind index (``tenancy.keys.subject_index``,
  with ``key_id``), so a subject is found without plaintext.
- ``special_category`` and ``non_disclosure`` fields are masked unless the member was granted
  the matching permission explicitly (design §6).
- Every read, change and deletion of a record writes an audit entry.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select

from alusta.audit.actions import AuditAction
from alusta.auth.permissions import Permission
from alusta.crypto.keys import TenantKeyMaterial
from alusta.tenants.records.models import NO_MARKETING, OBJECTED, RESTRICTED, Record, RecordFlag, SubjectIndex
from alusta.tenants.records.values import FieldProblem, ValuesError, normalize, validate
from alusta.tenants.registers import service as registers
from alusta.tenants.registers.models import Register
from alusta.tenants.registers.schemas import Classification, FieldDef, FieldType, SubjectKey
from alusta.tenants.tenancy.context import TenantContext
from alusta.tenants.tenancy.keys import Slot, subject_index
from alusta.tenants.tenancy.keys import seal as keys_seal
from alusta.tenants.tenancy.keys import unseal as keys_unseal
from alusta.tenants.tenancy.service import new_id

TABLE = "records"
MASKED_BY = {
    Classification.SPECIAL_CATEGORY: Permission.TENANT_SPECIAL_CATEGORY_READ,
    Classification.NON_DISCLOSURE: Permission.TENANT_NON_DISCLOSURE_READ,
}
MAX_PAGE = 200
# Who sees a henkilötunnus in full: members who may change records (viewers see it masked).
HETU_VISIBLE_TO = Permission.TENANT_RECORDS_WRITE


def mask_hetu(value: str) -> str:
    """The date-of-birth part and asterisks: "010190-****" (issue 14 point 13)."""
    return f"{value[:7]}****"


class NotFoundError(LookupError):
    """No such record or register in this tenant (or not within the member's registers)."""


class RecordRestrictedError(PermissionError):
    """Processing of the record is restricted (GDPR Art. 18): staff may not change or delete it."""


@dataclass(frozen=True)
class RecordView:
    id: int
    register_id: int
    register_version: int
    values: dict[str, Any]
    masked: list[str]
    created_at: datetime
    updated_at: datetime
    flags: list[str] = field(default_factory=list)  # restriction / objection / marketing_prohibition


async def flags_by_record(ctx: TenantContext, record_ids: list[int]) -> dict[int, list[str]]:
    """Flags placed on records by answered data-subject requests (Art. 18, 21), in one query."""
    statement = (
        select(RecordFlag.record_id, RecordFlag.flag)
        .where(RecordFlag.record_id.in_(record_ids))
        .order_by(RecordFlag.record_id, RecordFlag.flag)
    )
    flags: dict[int, list[str]] = {record_id: [] for record_id in record_ids}
    for record_id, flag in (await ctx.session.execute(statement)).all():
        flags[record_id].append(flag)
    return flags


async def flags_of(ctx: TenantContext, record_id: int) -> list[str]:
    return (await flags_by_record(ctx, [record_id]))[record_id]


class Use(StrEnum):
    """What a record is about to be used for (the workspace and any export ask first)."""

    MARKETING = "marketing"  # direct marketing, profiling for it
    PROCESSING = "processing"  # any processing beyond storage


# Flags that forbid a use (issue 14 point 11): Art. 18(2) a restricted record is only stored;
# Art. 21(1) an objection stops processing unless the controller shows compelling grounds;
# Art. 21(3) an objection to or prohibition of direct marketing stops marketing absolutely.
BLOCKED_BY = {
    Use.MARKETING: frozenset({RESTRICTED, OBJECTED, NO_MARKETING}),
    Use.PROCESSING: frozenset({RESTRICTED, OBJECTED}),
}


async def may_use(ctx: TenantContext, record_id: int, use: Use) -> tuple[bool, list[str]]:
    """Whether the record may be used for ``use``, and the flags that forbid it."""
    record = await _record(ctx, record_id)  # NotFoundError: 404 as for any record
    blocking = [flag for flag in await flags_of(ctx, record.id) if flag in BLOCKED_BY[use]]
    return not blocking, blocking


async def ensure_changeable(ctx: TenantContext, record_id: int) -> None:
    """Staff edits and deletions stop at a restricted record (Art. 18(1): storage only).

    The controller's own answers to the subject's requests (rectification, erasure) go through
    the request workflow, which decides on the restriction itself.
    """
    await _record(ctx, record_id)  # NotFoundError first: 404 before anything about flags
    if RESTRICTED in await flags_of(ctx, record_id):
        raise RecordRestrictedError("processing of this record is restricted (GDPR Art. 18)")


def field_aad(tenant_id: int, record_id: int, field: str) -> bytes:
    return Slot(tenant_id, TABLE, record_id, field).aad


def seal(keys: TenantKeyMaterial, tenant_id: int, record_id: int, values: dict[str, Any]) -> str:
    """Each field sealed on its own, AAD ``(tenant_id, "records", record id, field)``."""
    sealed = {name: keys_seal(keys, Slot(tenant_id, TABLE, record_id, name), value) for name, value in values.items()}
    return json.dumps(sealed, sort_keys=True)


def unseal(keys: TenantKeyMaterial, record: Record) -> dict[str, Any]:
    sealed: dict[str, str] = json.loads(record.payload)
    return {
        name: keys_unseal(keys, Slot(record.tenant_id, TABLE, record.id, name), blob) for name, blob in sealed.items()
    }


def subject_digest(keys: TenantKeyMaterial, kind: SubjectKey, normalized: str) -> bytes:
    return subject_index(keys, kind.value, normalized)


async def _register(ctx: TenantContext, register_id: int) -> Register:
    register = await registers.get_register(ctx.session, register_id) if ctx.register_allowed(register_id) else None
    if register is None:
        raise NotFoundError("register")
    return register


async def _fields(ctx: TenantContext, register: Register) -> list[FieldDef]:
    return registers.fields_of(await registers.current_version(ctx.session, register))


async def _record(ctx: TenantContext, record_id: int) -> Record:
    record = await ctx.session.get(Record, (ctx.tenant_id, record_id))
    if record is None or not ctx.register_allowed(record.register_id):
        raise NotFoundError("record")
    return record


def _index_rows(
    ctx: TenantContext, keys: TenantKeyMaterial, record_id: int, fields: list[FieldDef], values: dict[str, Any]
) -> list[SubjectIndex]:
    return [
        SubjectIndex(
            tenant_id=ctx.tenant_id,
            record_id=record_id,
            field=item.name,
            kind=item.identifies.value,
            key_id=keys.key_id,
            digest=subject_digest(keys, item.identifies, str(values[item.name])),
        )
        for item in fields
        if item.identifies is not None and values.get(item.name) is not None
    ]


async def _view(
    ctx: TenantContext, record: Record, fields: list[FieldDef] | None = None, flags: list[str] | None = None
) -> RecordView:
    keys = await ctx.keys.get(record.key_id)
    values = unseal(keys, record)
    if fields is None:
        version = await registers.get_version(ctx.session, record.register_id, record.register_version)
        fields = registers.fields_of(version) if version is not None else []
    masked = []
    for item in fields:
        needed = MASKED_BY.get(item.classification)
        if needed is not None and not ctx.can(needed) and item.name in values:
            values[item.name] = None
            masked.append(item.name)
        elif item.type is FieldType.HETU and isinstance(values.get(item.name), str) and not ctx.can(HETU_VISIBLE_TO):
            values[item.name] = mask_hetu(values[item.name])  # viewers: Data Protection Act 1050/2018 s. 29
            masked.append(item.name)
    return RecordView(
        record.id,
        record.register_id,
        record.register_version,
        values,
        masked,
        record.created_at,
        record.updated_at,
        flags if flags is not None else await flags_of(ctx, record.id),
    )


async def _insert(
    ctx: TenantContext, register: Register, fields: list[FieldDef], clean: dict[str, Any], keys: TenantKeyMaterial
) -> Record:
    now = datetime.now(UTC)
    record_id = new_id()
    record = Record(
        tenant_id=ctx.tenant_id,
        id=record_id,
        register_id=register.id,
        register_version=register.current_version,
        key_id=keys.key_id,
        payload=seal(keys, ctx.tenant_id, record_id, clean),
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(record)
    await ctx.session.flush()
    ctx.session.add_all(_index_rows(ctx, keys, record_id, fields, clean))
    return record


async def create_record(ctx: TenantContext, register_id: int, values: dict[str, Any]) -> RecordView:
    register = await _register(ctx, register_id)
    fields = await _fields(ctx, register)
    clean = validate(fields, values, allow_synthetic=ctx.allow_synthetic)
    record = await _insert(ctx, register, fields, clean, await ctx.keys.primary())
    await ctx.session.flush()
    await ctx.audit(AuditAction.RECORD_CREATE, "record", record.id)
    return await _view(ctx, record, fields)


async def read_record(ctx: TenantContext, record_id: int) -> RecordView:
    record = await _record(ctx, record_id)
    await ctx.audit(AuditAction.RECORD_READ, "record", record.id)
    return await _view(ctx, record)


async def update_record(ctx: TenantContext, record_id: int, values: dict[str, Any]) -> RecordView:
    """Merge the given fields into the record (``null`` removes one); re-encrypt under the primary key."""
    record = await _record(ctx, record_id)
    register = await _register(ctx, record.register_id)
    fields = await _fields(ctx, register)
    changes = validate(fields, values, allow_synthetic=ctx.allow_synthetic, partial=True)
    current = unseal(await ctx.keys.get(record.key_id), record)
    current = {k: v for k, v in current.items() if k in {f.name for f in fields}}
    for name, value in changes.items():
        if value is None:
            current.pop(name, None)
        else:
            current[name] = value
    keys = await ctx.keys.primary()
    record.payload = seal(keys, ctx.tenant_id, record.id, current)
    record.key_id = keys.key_id
    record.register_version = register.current_version
    record.updated_at = datetime.now(UTC)
    await ctx.session.execute(delete(SubjectIndex).where(SubjectIndex.record_id == record.id))
    ctx.session.add_all(_index_rows(ctx, keys, record.id, fields, current))
    await ctx.session.flush()
    await ctx.audit(AuditAction.RECORD_UPDATE, "record", record.id)
    return await _view(ctx, record, fields)


async def delete_record(ctx: TenantContext, record_id: int) -> None:
    record = await _record(ctx, record_id)
    await ctx.session.execute(delete(SubjectIndex).where(SubjectIndex.record_id == record.id))
    await ctx.session.delete(record)
    await ctx.session.flush()
    await ctx.audit(AuditAction.RECORD_DELETE, "record", record_id)


async def _audit_shown(ctx: TenantContext, action: AuditAction, record_ids: list[int]) -> None:
    """One audit entry per record shown in a list, a search or an export (C-579/21; issue 14 point 3).

    Each is a consultation of that subject's data, so their access-log extract names it.
    """
    for record_id in record_ids:
        await ctx.audit(action, "record", record_id)


async def register_page(ctx: TenantContext, register_id: int, limit: int, after: int | None) -> list[RecordView]:
    """One page of a register's records as this member may see them (keyset by id); the caller audits."""
    register = await _register(ctx, register_id)
    fields = await _fields(ctx, register)
    statement = select(Record).where(Record.register_id == register.id).order_by(Record.id).limit(min(limit, MAX_PAGE))
    if after is not None:
        statement = statement.where(Record.id > after)
    records = list((await ctx.session.execute(statement)).scalars())
    flags = await flags_by_record(ctx, [record.id for record in records])
    return [
        await _view(
            ctx, record, fields if record.register_version == register.current_version else None, flags[record.id]
        )
        for record in records
    ]


async def list_records(ctx: TenantContext, register_id: int, limit: int, after: int | None) -> list[RecordView]:
    """Keyset pagination by record id within one register."""
    views = await register_page(ctx, register_id, limit, after)
    await ctx.audit(AuditAction.RECORDS_LIST, "register", register_id)
    await _audit_shown(ctx, AuditAction.RECORDS_LIST, [view.id for view in views])
    return views


def normalize_identifier(kind: SubjectKey, value: str, *, allow_synthetic: bool) -> str:
    """The canonical form of an identifier, as records index it (``ValuesError`` if malformed)."""
    try:
        normalized = normalize(
            FieldDef(name="lookup", type=_LOOKUP_TYPES[kind], classification=Classification.IDENTIFIER),
            value,
            allow_synthetic=allow_synthetic,
        )
    except ValueError as exc:
        raise ValuesError([FieldProblem("value", "invalid_value", str(exc))]) from None
    return str(normalized)


async def find_by_subject(ctx: TenantContext, kind: SubjectKey, value: str) -> list[RecordView]:
    """Records linked to one identifier, matched on the blind index under every live key."""
    normalized = normalize_identifier(kind, value, allow_synthetic=ctx.allow_synthetic)
    digests = [subject_digest(keys, kind, normalized) for keys in await ctx.keys.all()]
    statement = (
        select(Record)
        .join(SubjectIndex, (SubjectIndex.tenant_id == Record.tenant_id) & (SubjectIndex.record_id == Record.id))
        .where(SubjectIndex.kind == kind.value, SubjectIndex.digest.in_(digests))
        .order_by(Record.id)
        .distinct()
    )
    records = [r for r in (await ctx.session.execute(statement)).scalars() if ctx.register_allowed(r.register_id)]
    await ctx.audit(AuditAction.RECORDS_SEARCH, "subject", kind.value)
    await _audit_shown(ctx, AuditAction.RECORDS_SEARCH, [record.id for record in records])
    flags = await flags_by_record(ctx, [record.id for record in records])
    return [await _view(ctx, record, flags=flags[record.id]) for record in records]


async def import_rows(ctx: TenantContext, register_id: int, rows: list[dict[str, Any]]) -> int:
    """All rows or none: every row is validated first; any problem rejects the whole file."""
    register = await _register(ctx, register_id)
    fields = await _fields(ctx, register)
    problems: list[dict[str, Any]] = []
    cleaned = []
    for number, row in enumerate(rows, start=1):
        try:
            cleaned.append(validate(fields, row, allow_synthetic=ctx.allow_synthetic))
        except ValuesError as exc:
            problems.extend(
                {"row": number, "field": p.field, "code": p.code, "message": p.message} for p in exc.problems
            )
    if problems:
        raise ImportRejectedError(problems)
    keys = await ctx.keys.primary()
    for clean in cleaned:
        await _insert(ctx, register, fields, clean, keys)
    await ctx.session.flush()
    await ctx.audit(AuditAction.RECORDS_IMPORT, "register", register.id)
    return len(cleaned)


class ImportRejectedError(ValueError):
    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


_LOOKUP_TYPES = {
    SubjectKey.HETU: FieldType.HETU,
    SubjectKey.EMAIL: FieldType.EMAIL,
    SubjectKey.PHONE: FieldType.PHONE,
    SubjectKey.CUSTOMER_NUMBER: FieldType.CUSTOMER_NUMBER,
}
