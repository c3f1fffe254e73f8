"""Roles map to permission sets; the processor side never holds a tenant permission."""

import pytest

from alusta.auth.permissions import (
    EXPLICIT_ONLY,
    PROCESSOR_ROLES,
    ROLE_PERMISSIONS,
    Caller,
    Permission,
    Role,
    TenantGrant,
)


def test_permission_names_are_scoped_and_alphabetised() -> None:
    values = [permission.value for permission in Permission]
    for scope in ("platform", "subject", "tenant"):
        scoped = [value for value in values if value.startswith(scope + ":")]
        assert scoped == sorted(scoped)
    assert all(value.count(":") == 2 for value in values)


@pytest.mark.parametrize("role", sorted(PROCESSOR_ROLES))
def test_processor_roles_hold_no_tenant_or_subject_data_permission(role: Role) -> None:
    assert all(permission.value.startswith("platform:") for permission in ROLE_PERMISSIONS[role])


def test_special_category_and_non_disclosure_are_never_implied_by_a_role() -> None:
    for permissions in ROLE_PERMISSIONS.values():
        assert not permissions & EXPLICIT_ONLY
    assert (
        Permission.TENANT_SPECIAL_CATEGORY_READ
        in TenantGrant(Role.TENANT_HANDLER, explicit=frozenset({Permission.TENANT_SPECIAL_CATEGORY_READ})).permissions
    )


def test_explicit_grants_cannot_smuggle_ordinary_permissions() -> None:
    grant = TenantGrant(Role.TENANT_VIEWER, explicit=frozenset({Permission.TENANT_MEMBERS_MANAGE}))
    assert Permission.TENANT_MEMBERS_MANAGE not in grant.permissions


def test_tenant_permissions_apply_only_in_their_tenant() -> None:
    caller = Caller(identity_id=1, loa="loa2", tenant_grants={7: TenantGrant(Role.TENANT_ADMIN)})
    assert caller.has(Permission.TENANT_RECORDS_READ, tenant_id=7)
    assert not caller.has(Permission.TENANT_RECORDS_READ, tenant_id=8)
    assert not caller.has(Permission.TENANT_RECORDS_READ)


def test_support_desk_caller_cannot_act_on_requests_anywhere() -> None:
    desk = Caller(identity_id=2, loa="loa3", processor_roles=frozenset({Role.SUPPORT_DESK}), is_subject=False)
    assert desk.has(Permission.PLATFORM_REQUESTS_REGISTER)
    assert not desk.has(Permission.TENANT_REQUESTS_ACT)
    assert not desk.has(Permission.TENANT_REQUESTS_ACT, tenant_id=1)
