"""KeyProvider (local KEK ring): wrap/unwrap, binding to tenant and key id, KEK rotation."""

import pytest

from alusta.crypto.keyring import KeyRing
from alusta.crypto.keys import LocalKeyProvider, TenantKeyMaterial, UnknownKekError, new_dek
from alusta.crypto.primitives import DecryptionError

OLD = KeyRing(primary_id="kek-old", keys={"kek-old": b"\x01" * 32})
ROTATED = KeyRing(primary_id="kek-new", keys={"kek-old": b"\x01" * 32, "kek-new": b"\x02" * 32})


def test_wrap_round_trip_and_binding() -> None:
    provider = LocalKeyProvider(OLD)
    dek = new_dek()
    wrapped = provider.wrap(7, "dek-1", dek)
    assert wrapped.kek_id == "kek-old"
    assert dek not in wrapped.blob
    assert provider.unwrap(7, "dek-1", wrapped) == dek
    with pytest.raises(DecryptionError):
        provider.unwrap(8, "dek-1", wrapped)  # another tenant
    with pytest.raises(DecryptionError):
        provider.unwrap(7, "dek-2", wrapped)  # another key id


def test_rotation_keeps_old_wraps_readable() -> None:
    dek = new_dek()
    wrapped = LocalKeyProvider(OLD).wrap(7, "dek-1", dek)
    rotated = LocalKeyProvider(ROTATED)
    assert rotated.unwrap(7, "dek-1", wrapped) == dek
    assert rotated.wrap(7, "dek-1", dek).kek_id == "kek-new"
    with pytest.raises(UnknownKekError):
        LocalKeyProvider(KeyRing(primary_id="kek-new", keys={"kek-new": b"\x02" * 32})).unwrap(7, "dek-1", wrapped)


def test_working_keys_differ_and_never_print() -> None:
    material = TenantKeyMaterial.from_dek("dek-1", new_dek())
    assert material.data_key != material.index_key
    assert "dek-1" in repr(material)
    assert material.data_key.hex() not in repr(material)
    assert "\\x01" not in repr(LocalKeyProvider(OLD))
