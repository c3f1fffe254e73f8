"""Operations commands of the auth domain (called from ``alusta staff ...``)."""

from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.identity import grant_processor_role
from alusta.auth.models import Identity
from alusta.auth.permissions import MembershipSource, Role
from alusta.db.engine import build_engine
from alusta.settings import Settings


class UnknownIdentityError(LookupError):
    """No identity with that id (the person has never logged in)."""


async def grant_staff_command(settings: Settings, identity_id: int, role: Role, memberships: MembershipSource) -> None:
    """Give a processor role (support desk, operator) to an identity that has logged in once.

    Refused while the identity holds a tenant role (ground rule 2; ``WallError``).
    """
    engine = build_engine(settings.effective_migration_url)
    try:
        async with AsyncSession(engine) as session:
            if await session.get(Identity, identity_id) is None:
                raise UnknownIdentityError(f"no identity {identity_id}; the person must log in once first")
            await grant_processor_role(session, identity_id, role, memberships)
            await session.commit()
    finally:
        await engine.dispose()
