"""Layer 3: no plaintext personal data at rest; a value decrypts only in its own place.

The dump is read from the raw tables as the schema owner (what a backup or a stolen disk shows).
"""

import asyncio
import base64
import json

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from alusta.app import AlustaApp
from alusta.crypto.keyring import load_keyring
from alusta.crypto.keys import LocalKeyProvider, TenantKeyMaterial, WrappedKey
from alusta.crypto.primitives import DecryptionError, decrypt
from alusta.db.engine import build_engine
from alusta.models_registry import load_all_models
from alusta.settings import Settings
from alusta.tenants.records.service import field_aad
from fixtures.callers import as_identity
from fixtures.tenancy import PREFIX, Side

# "010190-": the date part of the hetu with its separator (six digits alone turn up in random ids).
SECRETS = ("Henkilö 1", "Henkilö 2", "person1@example.test", "person2@example.test", "flunssa", "010190-")


def dump(db_url: str) -> tuple[str, dict[str, list[dict[str, object]]]]:
    """Every row of every table, as text and as rows."""

    async def run() -> dict[str, list[dict[str, object]]]:
        engine = build_engine(db_url)
        try:
            async with engine.connect() as connection:
                tables = {}
                for table in load_all_models().sorted_tables:
                    result = await connection.execute(text(f'SELECT * FROM "{table.name}"'))
                    tables[table.name] = [dict(row._mapping) for row in result]
                return tables
        finally:
            await engine.dispose()

    tables = asyncio.run(run())
    as_text = repr(tables) + "".join(
        bytes(v).decode("latin-1")
        for rows in tables.values()
        for row in rows
        for v in row.values()
        if isinstance(v, bytes)
    )
    return as_text, tables


def test_dump_holds_no_plaintext(sides: tuple[Side, Side], db_url: str, tenant_client: TestClient[AlustaApp]) -> None:
    a, _b = sides
    shown = tenant_client.get(f"{PREFIX}{a.tenant}/records/{a.record}", headers=as_identity(a.admin)).json()
    assert shown["values"]["name"] == "Henkilö 1"  # the data is there, readable through the app
    as_text, tables = dump(db_url)
    # A list, not `assert secret not in as_text`: on a failure pytest would diff the whole dump.
    assert [secret for secret in (*SECRETS, a.hetu) if secret in as_text] == []
    assert tables["records"]


def _bytes(value: object) -> bytes:
    assert isinstance(value, bytes | memoryview)
    return bytes(value)


def _keys(settings: Settings, tables: dict[str, list[dict[str, object]]], tenant: int) -> TenantKeyMaterial:
    assert settings.key_file is not None
    provider = LocalKeyProvider(load_keyring(settings.key_file, require_private_mode=False))
    row = next(r for r in tables["tenant_keys"] if r["tenant_id"] == tenant)
    key_id = str(row["key_id"])
    dek = provider.unwrap(tenant, key_id, WrappedKey(str(row["kek_id"]), _bytes(row["wrapped"])))
    return TenantKeyMaterial.from_dek(key_id, dek)


def test_ciphertext_decrypts_only_in_place(sides: tuple[Side, Side], db_url: str, tenant_settings: Settings) -> None:
    a, b = sides
    _text, tables = dump(db_url)
    record = next(r for r in tables["records"] if r["id"] == a.record and r["tenant_id"] == a.tenant)
    blob = base64.b64decode(json.loads(str(record["payload"]))["name"])
    keys_a, keys_b = _keys(tenant_settings, tables, a.tenant), _keys(tenant_settings, tables, b.tenant)
    assert json.loads(decrypt(keys_a.data_key, blob, field_aad(a.tenant, a.record, "name"))) == "Henkilö 1"
    with pytest.raises(DecryptionError):  # moved to another field
        decrypt(keys_a.data_key, blob, field_aad(a.tenant, a.record, "email"))
    with pytest.raises(DecryptionError):  # moved to another row
        decrypt(keys_a.data_key, blob, field_aad(a.tenant, b.record, "name"))
    with pytest.raises(DecryptionError):  # moved to another tenant (its key and its AAD)
        decrypt(keys_b.data_key, blob, field_aad(b.tenant, a.record, "name"))
    with pytest.raises(DecryptionError):  # the other tenant's key, even with the right AAD
        decrypt(keys_b.data_key, blob, field_aad(a.tenant, a.record, "name"))


def test_wrapped_key_does_not_unwrap_for_another_tenant(
    sides: tuple[Side, Side], db_url: str, tenant_settings: Settings
) -> None:
    a, b = sides
    _text, tables = dump(db_url)
    assert tenant_settings.key_file is not None
    provider = LocalKeyProvider(load_keyring(tenant_settings.key_file, require_private_mode=False))
    row = next(r for r in tables["tenant_keys"] if r["tenant_id"] == a.tenant)
    wrapped = WrappedKey(str(row["kek_id"]), _bytes(row["wrapped"]))
    with pytest.raises(DecryptionError):
        provider.unwrap(b.tenant, str(row["key_id"]), wrapped)


def test_moved_ciphertext_is_refused_by_the_app(
    sides: tuple[Side, Side], db_url: str, tenant_client: TestClient[AlustaApp]
) -> None:
    """Copying B's payload into A's row (as the owner) gives an error, never B's data in A."""
    a, b = sides

    async def move() -> None:
        engine = build_engine(db_url)
        try:
            async with engine.begin() as connection:
                payload = (
                    await connection.execute(
                        text("SELECT payload FROM records WHERE tenant_id = :t AND id = :i"),
                        {"t": b.tenant, "i": b.record},
                    )
                ).scalar_one()
                await connection.execute(
                    text("UPDATE records SET payload = :p WHERE tenant_id = :t AND id = :i"),
                    {"p": payload, "t": a.tenant, "i": a.record},
                )
        finally:
            await engine.dispose()

    asyncio.run(move())
    response = tenant_client.get(f"{PREFIX}{a.tenant}/records/{a.record}", headers=as_identity(a.admin))
    assert response.status_code == 500
    assert "Henkilö 2" not in response.text


def test_deleting_the_tenant_key_shreds_its_data(
    sides: tuple[Side, Side], db_url: str, tenant_client: TestClient[AlustaApp]
) -> None:
    a, b = sides

    async def shred() -> None:
        engine = build_engine(db_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text("DELETE FROM tenant_keys WHERE tenant_id = :t"), {"t": a.tenant})
        finally:
            await engine.dispose()

    asyncio.run(shred())
    gone = tenant_client.get(f"{PREFIX}{a.tenant}/records/{a.record}", headers=as_identity(a.admin))
    assert gone.status_code == 500
    assert "Henkilö" not in gone.text
    search = tenant_client.post(
        f"{PREFIX}{a.tenant}/records/search", json={"kind": "hetu", "value": a.hetu}, headers=as_identity(a.admin)
    )
    assert search.status_code == 500  # the audit entry's IP hash needs the key too: fails closed
    assert a.hetu not in search.text
    kept = tenant_client.get(f"{PREFIX}{b.tenant}/records/{b.record}", headers=as_identity(b.admin))
    assert kept.json()["values"]["name"] == "Henkilö 2"  # other tenants are untouched
