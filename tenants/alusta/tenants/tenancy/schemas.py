"""Request and response bodies of the tenant and membership API (sizes bounded by the schema)."""

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Contact = Annotated[str, msgspec.Meta(min_length=3, max_length=320)]
Locale = Literal["fi", "sv", "en"]
Loa = Literal["loa2", "loa3"]


class TenantOut(msgspec.Struct):
    id: int
    name: str
    business_id: str
    contact_point: str
    dpo_contact: str
    locale: str
    required_loa: str
    status: str
    created_at: datetime


class TenantSettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    contact_point: Contact | None = None
    dpo_contact: Contact | None = None
    locale: Locale | None = None
    required_loa: Loa | None = None


class MemberIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Literal["tenant_admin", "tenant_handler", "tenant_viewer"]
    registers: Annotated[list[int], msgspec.Meta(max_length=200)] | None = None
    explicit: Annotated[
        list[Literal["tenant:special-category:read", "tenant:non-disclosure:read"]],
        msgspec.Meta(max_length=2),
    ] = msgspec.field(default_factory=list)


class MemberOut(msgspec.Struct):
    identity_id: int
    role: str
    registers: list[int] | None
    explicit: list[str]
    granted_by: int | None
    granted_at: datetime
