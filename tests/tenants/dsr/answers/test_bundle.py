"""Answer bundles: sealed, complete, redacted where the controller said, streamed."""

import csv
import io
import json
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alusta.crypto.primitives import DecryptionError
from alusta.crypto.stream import open_sealed
from alusta.tenants.dsr.answers.bundle import REDACTED, BundleSpec, RegisterExport, partial_files, write_bundle

KEY = bytes(32)
AAD = b"tenant=1;request=5"


async def rows(count: int) -> AsyncIterator[tuple[int, dict[str, str | None]]]:
    for number in range(count):
        yield number, {"nimi": f"Testi Henkilö {number}", "email": f"t{number}@example.test", "huom": None}


async def log_lines() -> AsyncIterator[tuple[str, str]]:
    yield "2026-10-01", "asiakaspalvelu"


def read_zip(path: Path, key: bytes = KEY, aad: bytes = AAD) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(open_sealed(path, key, aad))))


@pytest.mark.anyio
async def test_bundle_contents(tmp_path: Path) -> None:
    path = tmp_path / "b.sealed"
    spec = BundleSpec(
        reference="ALU-1",
        generated_at=datetime(2026, 11, 25, tzinfo=UTC),
        cover_letter="Esimerkki Oy – Asiakasrekisteri",
        registers=[RegisterExport("asiakkaat", "Asiakasrekisteri", ["nimi", "email", "huom"], rows(3), {(1, "email")})],
        access_log=log_lines(),
    )
    summary = await write_bundle(path, KEY, AAD, spec)
    assert summary.records == {"asiakkaat": 3}
    assert summary.redacted == {"asiakkaat": 1}
    archive = read_zip(path)
    assert set(archive.namelist()) == {
        "README.txt", "registers/asiakkaat.json", "registers/asiakkaat.csv", "access_log.csv", "manifest.json",
    }  # fmt: skip
    records = json.loads(archive.read("registers/asiakkaat.json"))
    assert [r["record_id"] for r in records] == [0, 1, 2]
    assert records[1]["email"] == REDACTED
    assert records[2]["email"] == "t2@example.test"
    table = list(csv.reader(io.StringIO(archive.read("registers/asiakkaat.csv").decode())))
    assert table[0] == ["record_id", "nimi", "email", "huom"]
    assert table[2] == ["1", "Testi Henkilö 1", REDACTED, ""]
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["registers"][0]["records"] == 3
    assert manifest["access_log"] is True


@pytest.mark.anyio
async def test_bundle_is_sealed_to_its_request(tmp_path: Path) -> None:
    path = tmp_path / "b.sealed"
    await write_bundle(path, KEY, AAD, BundleSpec("R", datetime.now(UTC), "c", []))
    assert b"PK" not in path.read_bytes()[:64]
    with pytest.raises(DecryptionError):
        read_zip(path, aad=b"tenant=2;request=5")


@pytest.mark.anyio
async def test_large_subject_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.sealed"
    spec = BundleSpec("R", datetime.now(UTC), "c", [RegisterExport("r", "R", ["nimi", "email", "huom"], rows(20_000))])
    summary = await write_bundle(path, KEY, AAD, spec)
    assert summary.records == {"r": 20_000}
    assert len(json.loads(read_zip(path).read("registers/r.json"))) == 20_000


def names_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


async def rows_then_crash(count: int) -> AsyncIterator[tuple[int, dict[str, str | None]]]:
    async for row in rows(count):
        yield row
    raise ConnectionResetError("the database went away mid-export")


@pytest.mark.anyio
async def test_a_failed_write_leaves_the_final_path_untouched(tmp_path: Path) -> None:
    path = tmp_path / "b.sealed"
    await write_bundle(path, KEY, AAD, BundleSpec("R", datetime.now(UTC), "first", []))
    before = path.read_bytes()
    crashing = BundleSpec("R", datetime.now(UTC), "c", [RegisterExport("r", "R", ["nimi"], rows_then_crash(3000))])
    with pytest.raises(ConnectionResetError):
        await write_bundle(path, KEY, AAD, crashing)
    assert path.read_bytes() == before  # the complete earlier bundle, not a partial one
    assert read_zip(path).read("README.txt") == b"first\n"
    assert partial_files(path) == []
    assert names_in(tmp_path) == ["b.sealed"]
