"""Keys and sealing in one place: records and requests find a subject by the same blind index."""

import secrets

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from alusta.crypto.keys import TenantKeyMaterial
from alusta.crypto.primitives import DecryptionError
from alusta.db.engine import build_sessionmaker
from alusta.db.tenancy import tenant_session
from alusta.tenants.dsr.core import service as requests
from alusta.tenants.dsr.core.models import DsrRequest
from alusta.tenants.records import service as records
from alusta.tenants.records.models import SubjectIndex
from alusta.tenants.registers.schemas import SubjectKey
from alusta.tenants.tenancy.keys import Slot, seal, subject_index, unseal
from fixtures.database import run_on_engine
from fixtures.dsr import World
from fixtures.tenancy import synthetic_hetu


def test_records_and_requests_compute_the_same_index() -> None:
    keys = TenantKeyMaterial.from_dek("dek-test", secrets.token_bytes(32))
    other = TenantKeyMaterial.from_dek("dek-other", secrets.token_bytes(32))
    hetu = synthetic_hetu(7)
    by_records = records.subject_digest(keys, SubjectKey.HETU, hetu)
    assert by_records == requests.subject_digest(keys, hetu) == subject_index(keys, "hetu", hetu)
    assert by_records != requests.subject_digest(other, hetu)  # keyed: another tenant's index differs
    assert by_records != records.subject_digest(keys, SubjectKey.CUSTOMER_NUMBER, hetu)  # the kind is bound in


def test_a_filed_request_carries_the_index_of_the_subjects_record(world: World) -> None:
    reference = world.file(world.a.tenant, "access")

    async def indexes(engine: AsyncEngine) -> tuple[bytes | None, set[bytes]]:
        async with tenant_session(build_sessionmaker(engine), world.a.tenant) as session:
            request = (await session.execute(select(DsrRequest).where(DsrRequest.reference == reference))).scalar_one()
            digests = set(
                (await session.execute(select(SubjectIndex.digest).where(SubjectIndex.kind == "hetu"))).scalars()
            )
            return request.subject_index, digests

    request_index, record_indexes = run_on_engine(world.client.app.state["settings"].database_url or "", indexes)
    assert request_index is not None
    assert request_index in record_indexes  # the export finds the subject's record through it


def test_sealed_values_are_bound_to_their_slot() -> None:
    keys = TenantKeyMaterial.from_dek("dek-test", secrets.token_bytes(32))
    slot = Slot(1, "dsr_requests", 2, "details")
    sealed = seal(keys, slot, {"text": "Kaikki tietoni"})
    assert unseal(keys, slot, sealed) == {"text": "Kaikki tietoni"}
    for moved in (
        Slot(2, "dsr_requests", 2, "details"),
        Slot(1, "records", 2, "details"),
        Slot(1, "dsr_requests", 3, "x"),
    ):
        with pytest.raises(DecryptionError):
            unseal(keys, moved, sealed)
