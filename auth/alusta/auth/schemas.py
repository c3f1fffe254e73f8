"""Response shapes of the auth API."""

import msgspec


class TenantGrantOut(msgspec.Struct):
    role: str
    permissions: list[str]


class MeResponse(msgspec.Struct):
    """The logged-in caller: an opaque identity id (never the henkilötunnus), LoA, roles, CSRF token."""

    identity_id: int
    loa: str
    roles: list[str]
    permissions: list[str]
    tenants: dict[str, TenantGrantOut]
    csrf_token: str
