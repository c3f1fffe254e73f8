"""wall: an identity holds processor roles or tenant roles, never both (ground rule 2).

The services refuse a mixed grant in both directions; these triggers make a direct write refuse
it too, so no code path (a forgotten check, a hand-written SQL fix) can give the support desk or
an operator a tenant role.

- PostgreSQL: a ``BEFORE INSERT OR UPDATE`` trigger on each side checks the other side under a
  transaction-scoped advisory lock per identity (two concurrent grants cannot both pass).
  ``tenant_members`` is under FORCE row-level security, so the check on that table binds
  ``app.identity_id`` to the identity for the one query (the ``own_memberships`` policy admits
  exactly those rows) and restores the previous value.
- SQLite: the same rule as ``BEFORE INSERT``/``UPDATE`` triggers raising ``ABORT``.

Revision ID: g7wall000001
Revises: f6retention01
Create Date: 2026-12-02 07:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "g7wall000001"
down_revision: str | Sequence[str] | None = "f6retention01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "processor identity and tenant role cannot be combined"

PG_FUNCTIONS = """
CREATE FUNCTION alusta_wall_lock(identity bigint) RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtext('alusta.wall'), hashtext(identity::text))
$$;

CREATE FUNCTION alusta_wall_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM alusta_wall_lock(NEW.identity_id);
    IF EXISTS (SELECT 1 FROM auth_staff_roles WHERE identity_id = NEW.identity_id) THEN
        RAISE EXCEPTION 'processor identity and tenant role cannot be combined' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION alusta_wall_staff() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous text := current_setting('app.identity_id', true);
    mixed boolean;
BEGIN
    PERFORM alusta_wall_lock(NEW.identity_id);
    PERFORM set_config('app.identity_id', NEW.identity_id::text, true);
    SELECT EXISTS (SELECT 1 FROM tenant_members WHERE identity_id = NEW.identity_id) INTO mixed;
    PERFORM set_config('app.identity_id', coalesce(previous, ''), true);
    IF mixed THEN
        RAISE EXCEPTION 'processor identity and tenant role cannot be combined' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER wall_member BEFORE INSERT OR UPDATE OF identity_id ON tenant_members
    FOR EACH ROW EXECUTE FUNCTION alusta_wall_member();

CREATE TRIGGER wall_staff BEFORE INSERT OR UPDATE OF identity_id ON auth_staff_roles
    FOR EACH ROW EXECUTE FUNCTION alusta_wall_staff();
"""

PG_DROP = """
DROP TRIGGER IF EXISTS wall_staff ON auth_staff_roles;
DROP TRIGGER IF EXISTS wall_member ON tenant_members;
DROP FUNCTION IF EXISTS alusta_wall_staff();
DROP FUNCTION IF EXISTS alusta_wall_member();
DROP FUNCTION IF EXISTS alusta_wall_lock(bigint);
"""


def _sqlite_trigger(name: str, event: str, table: str, other: str) -> str:
    # Names are this module's constants, never input.
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} "  # noqa: S608
        f"WHEN EXISTS (SELECT 1 FROM {other} WHERE identity_id = NEW.identity_id) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    )


SQLITE_TRIGGERS = {
    "wall_member_insert": ("INSERT", "tenant_members", "auth_staff_roles"),
    "wall_member_update": ("UPDATE OF identity_id", "tenant_members", "auth_staff_roles"),
    "wall_staff_insert": ("INSERT", "auth_staff_roles", "tenant_members"),
    "wall_staff_update": ("UPDATE OF identity_id", "auth_staff_roles", "tenant_members"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_FUNCTIONS.strip().removesuffix(";").split(";\n\n"):
            op.execute(statement)
        return
    for name, (event, table, other) in SQLITE_TRIGGERS.items():
        op.execute(_sqlite_trigger(name, event, table, other))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_DROP.strip().splitlines():
            op.execute(statement.removesuffix(";"))
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
