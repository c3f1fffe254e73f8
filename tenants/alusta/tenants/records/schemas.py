"""Bodies of the records API. Values are checked against the register's fields in the service."""

from datetime import datetime
from typing import Annotated, Any

import msgspec

from alusta.tenants.registers.schemas import SubjectKey

Values = Annotated[dict[str, Any], msgspec.Meta(max_length=100)]


class RecordIn(msgspec.Struct, forbid_unknown_fields=True):
    values: Values


class RecordOut(msgspec.Struct):
    id: int
    register_id: int
    register_version: int
    values: dict[str, Any]
    masked: list[str]  # fields hidden from this member (special category / non-disclosure)
    created_at: datetime
    updated_at: datetime
    flags: list[str] = msgspec.field(default_factory=list)  # restricted / objected / no_marketing (Art. 18, 21)


class RecordPage(msgspec.Struct):
    items: list[RecordOut]
    next_after: int | None  # pass as ?after= for the next page


class SubjectQuery(msgspec.Struct, forbid_unknown_fields=True):
    kind: SubjectKey
    value: Annotated[str, msgspec.Meta(min_length=1, max_length=320)]


class ImportResult(msgspec.Struct):
    imported: int


class ImportProblem(msgspec.Struct):
    row: int
    field: str
    code: str
    message: str


class UseOut(msgspec.Struct):
    """May the record be used for the purpose asked; ``flags``: the Art. 18/21 flags that forbid it."""

    purpose: str
    allowed: bool
    flags: list[str]
