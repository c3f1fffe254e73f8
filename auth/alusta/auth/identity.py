"""Strong identities: the henkilötunnus stored only as a keyed blind index and ciphertext.

The index key and the encryption key are HKDF sub-keys of a KEK from the key ring, each with its
own purpose string; the ring's key id is stored beside the value so a rotated ring still finds
and reads old rows (lookup tries every key id in the ring).
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.auth.identifiers import Hetu
from alusta.auth.models import Identity, StaffRole
from alusta.auth.permissions import PROCESSOR_ROLES, MembershipSource, Role
from alusta.crypto.keyring import KeyRing
from alusta.crypto.primitives import aad_for, blind_index, decrypt, derive_key, encrypt

INDEX_PURPOSE = "alusta/auth/hetu-blind-index/v1"
ENCRYPTION_PURPOSE = "alusta/auth/hetu-encryption/v1"
SEAL_PURPOSE = "alusta/auth/sealed-text/v1"  # names and other short texts; the AAD names the place


class IdentityVault:
    def __init__(self, keyring: KeyRing) -> None:
        self.keyring = keyring

    def index(self, hetu: str, key_id: str) -> bytes:
        # The century sign is part of the identity (notes/oidc.md §3.1): the value is indexed as issued.
        return blind_index(derive_key(self.keyring.keys[key_id], INDEX_PURPOSE), hetu)

    def _aad(self, identity_id: int) -> bytes:
        return aad_for("auth_identities", identity_id, "hetu_ciphertext")

    def reveal(self, identity: Identity) -> str:
        """Decrypt the henkilötunnus (only for the data subject's own use; never logged)."""
        key = derive_key(self.keyring.keys[identity.hetu_key_id], ENCRYPTION_PURPOSE)
        return decrypt(key, identity.hetu_ciphertext, self._aad(identity.id)).decode()

    def seal(self, text: str, aad: bytes) -> tuple[str, bytes]:
        """AES-256-GCM under the ring's primary key (its id returned for rotation); ``aad`` binds the place."""
        key_id = self.keyring.primary_id
        return key_id, encrypt(derive_key(self.keyring.primary, SEAL_PURPOSE), text.encode(), aad)

    def unseal(self, key_id: str, blob: bytes, aad: bytes) -> str:
        return decrypt(derive_key(self.keyring.keys[key_id], SEAL_PURPOSE), blob, aad).decode()

    def _name_aad(self, identity_id: int) -> bytes:
        return aad_for("auth_identities", identity_id, "name_ciphertext")

    def name_of(self, identity: Identity) -> str | None:
        """The verified name of the identity's last login (for staff lists; never logged)."""
        if identity.name_ciphertext is None or identity.name_key_id is None:
            return None
        return self.unseal(identity.name_key_id, identity.name_ciphertext, self._name_aad(identity.id))

    async def names(self, session: AsyncSession, identity_ids: Iterable[int]) -> dict[int, str]:
        """The known names of these identities (an identity without one is left out)."""
        wanted = sorted(set(identity_ids))
        if not wanted:
            return {}
        rows = (await session.execute(select(Identity).where(Identity.id.in_(wanted)))).scalars()
        return {identity.id: name for identity in rows if (name := self.name_of(identity)) is not None}

    async def find(self, session: AsyncSession, hetu: str) -> Identity | None:
        pairs = [(key_id, self.index(hetu, key_id)) for key_id in self.keyring.keys]
        query = select(Identity).where(tuple_(Identity.hetu_index_key_id, Identity.hetu_index).in_(pairs))
        return (await session.execute(query)).scalars().first()

    async def upsert(self, session: AsyncSession, hetu: Hetu, name: str | None = None) -> Identity:
        """The identity of this henkilötunnus, created on first login; ``last_login_at`` updated.

        ``name``: the verified name of this login, stored sealed (a login without a usable name
        keeps the one stored before).
        """
        now = datetime.now(UTC)
        identity = await self.find(session, hetu.value)
        if identity is None:
            primary = self.keyring.primary_id
            identity = Identity(
                hetu_index=self.index(hetu.value, primary),
                hetu_index_key_id=primary,
                hetu_ciphertext=b"",
                hetu_key_id=primary,
                created_at=now,
                last_login_at=now,
            )
            session.add(identity)
            await session.flush()  # the row id is part of the AAD
            key = derive_key(self.keyring.primary, ENCRYPTION_PURPOSE)
            identity.hetu_ciphertext = encrypt(key, hetu.value.encode(), self._aad(identity.id))
        else:
            identity.last_login_at = now
        if name is not None:
            identity.name_key_id, identity.name_ciphertext = self.seal(name, self._name_aad(identity.id))
        await session.flush()
        return identity


async def processor_roles(session: AsyncSession, identity_id: int) -> frozenset[Role]:
    rows = await session.execute(select(StaffRole.role).where(StaffRole.identity_id == identity_id))
    return frozenset(Role(role) for role in rows.scalars() if role in {r.value for r in PROCESSOR_ROLES})


class WallError(ValueError):
    """Ground rule 2: an identity is processor-side or tenant-side, never both."""


async def holds_processor_role(session: AsyncSession, identity_id: int) -> bool:
    statement = select(StaffRole.identity_id).where(StaffRole.identity_id == identity_id).limit(1)
    return (await session.execute(statement)).first() is not None


async def grant_processor_role(
    session: AsyncSession, identity_id: int, role: Role, memberships: MembershipSource
) -> None:
    """Give a processor role; refused while the identity holds any tenant role (ground rule 2)."""
    if role not in PROCESSOR_ROLES:
        raise ValueError("only processor roles are platform metadata")
    if await memberships.grants_for(session, identity_id):
        raise WallError("the identity holds a tenant role; processor staff cannot be tenant members")
    existing = await session.get(StaffRole, (identity_id, role.value))
    if existing is None:
        session.add(StaffRole(identity_id=identity_id, role=role.value, granted_at=datetime.now(UTC)))
        await session.flush()
