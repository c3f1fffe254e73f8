"""Keys and sealing of tenant data, in one place (design §2 layer 3).

- Each tenant has its own data keys (DEK), wrapped by the platform KEK; :class:`KeyStore` unwraps
  them on demand for one request; :func:`build_key_provider` builds the KEK-backed provider from
  the settings (the one place; the app, jobs and commands call it).
- :func:`seal` / :func:`unseal`: AES-256-GCM under the tenant's data key with AAD
  ``(tenant_id, table, row id, field)`` (:class:`Slot`), so a value moved to another row, field
  or tenant does not decrypt. Records and requests seal the same way.
- :func:`subject_index`: the keyed blind index (HMAC-SHA256 of ``kind:normalised`` under the
  tenant's index key) by which records and data-subject requests find a subject without
  plaintext. One formula: if records and requests computed it differently, an export would
  silently find nothing.
"""

import base64
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from alusta.crypto.keyring import load_keyring
from alusta.crypto.keys import KeyProvider, LocalKeyProvider, TenantKeyMaterial, WrappedKey, new_dek
from alusta.crypto.primitives import aad_for, blind_index, decrypt, encrypt
from alusta.db.tenancy import require_tenant
from alusta.settings import Settings
from alusta.tenants.tenancy.models import TenantKey

KEY_PROVIDER_STATE_KEY = "key_provider"


def build_key_provider(settings: Settings) -> LocalKeyProvider:
    if settings.key_file is None:
        raise RuntimeError("settings are not resolved: no ALUSTA_KEY_FILE")
    return LocalKeyProvider(load_keyring(settings.key_file, require_private_mode=settings.is_production))


@dataclass(frozen=True)
class Slot:
    """Where a sealed value belongs; its AAD, so a value moved elsewhere does not decrypt."""

    tenant_id: int
    table: str
    row_id: int
    field: str

    @property
    def aad(self) -> bytes:
        return aad_for(self.tenant_id, self.table, self.row_id, self.field)


def seal(keys: TenantKeyMaterial, slot: Slot, value: Any) -> str:
    return base64.b64encode(encrypt(keys.data_key, json.dumps(value).encode(), slot.aad)).decode()


def unseal(keys: TenantKeyMaterial, slot: Slot, sealed: str) -> Any:
    return json.loads(decrypt(keys.data_key, base64.b64decode(sealed), slot.aad))


def seal_bytes(keys: TenantKeyMaterial, slot: Slot, value: bytes) -> bytes:
    return encrypt(keys.data_key, value, slot.aad)


def unseal_bytes(keys: TenantKeyMaterial, slot: Slot, blob: bytes) -> bytes:
    return decrypt(keys.data_key, blob, slot.aad)


def subject_index(keys: TenantKeyMaterial, kind: str, normalised: str) -> bytes:
    """The blind index of a subject identifier (``kind`` e.g. ``hetu``), under ``keys``' index key."""
    return blind_index(keys.index_key, f"{kind}:{normalised}")


async def create_key(session: AsyncSession, provider: KeyProvider) -> TenantKeyMaterial:
    tenant_id = require_tenant(session)
    key_id = "dek-" + datetime.now(UTC).strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(4)
    dek = new_dek()
    wrapped = provider.wrap(tenant_id, key_id, dek)
    session.add(
        TenantKey(
            tenant_id=tenant_id,
            key_id=key_id,
            kek_id=wrapped.kek_id,
            wrapped=wrapped.blob,
            created_at=datetime.now(UTC),
        )
    )
    await session.flush()
    return TenantKeyMaterial.from_dek(key_id, dek)


class KeyStore:
    """The session tenant's keys, unwrapped on demand and kept for one request only."""

    def __init__(self, session: AsyncSession, provider: KeyProvider) -> None:
        self._session = session
        self._provider = provider
        self._cache: dict[str, TenantKeyMaterial] = {}

    async def primary(self) -> TenantKeyMaterial:
        row = (
            await self._session.execute(
                select(TenantKey).order_by(TenantKey.created_at.desc(), TenantKey.key_id.desc()).limit(1)
            )
        ).scalar_one_or_none()
        if row is None:
            raise LookupError("tenant has no data key (shredded?)")
        return self._unwrap(row)

    async def get(self, key_id: str) -> TenantKeyMaterial:
        if key_id in self._cache:
            return self._cache[key_id]
        row = (await self._session.execute(select(TenantKey).where(TenantKey.key_id == key_id))).scalar_one_or_none()
        if row is None:
            raise LookupError("data key not found (shredded?)")
        return self._unwrap(row)

    async def all(self) -> list[TenantKeyMaterial]:
        rows = (await self._session.execute(select(TenantKey))).scalars().all()
        return [self._unwrap(row) for row in rows]

    def _unwrap(self, row: TenantKey) -> TenantKeyMaterial:
        if row.key_id not in self._cache:
            dek = self._provider.unwrap(row.tenant_id, row.key_id, WrappedKey(row.kek_id, row.wrapped))
            self._cache[row.key_id] = TenantKeyMaterial.from_dek(row.key_id, dek)
        return self._cache[row.key_id]
