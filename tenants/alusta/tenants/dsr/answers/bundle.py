"""The answer bundle of an access or portability request, streamed into a sealed ZIP.

Contents (design §4): the Art. 15(1)(a)-(h) cover letter, a manifest, and per register the
subject's records as JSON (machine-readable, Art. 20) and CSV, plus the access-log extract when
asked; CSV cells are neutralised against formula injection (:mod:`alusta.csv_safe`). Rows
arrive from an async iterator and go straight into the sealed file, so a subject with
millions of rows never sits in memory. Fields the controller redacted in review are written as
``[redacted]`` and listed in the manifest.
"""

import json
import os
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from alusta.crypto.stream import SealedWriter
from alusta.csv_safe import csv_line

REDACTED = "[redacted]"
SPOOL_MEMORY = 1024 * 1024
COPY_CHUNK = 64 * 1024


@dataclass
class RegisterExport:
    slug: str
    name: str
    fields: Sequence[str]
    rows: AsyncIterator[tuple[int, dict[str, str | None]]]  # (record id, field -> value)
    redactions: set[tuple[int, str]] = field(default_factory=set)  # (record id, field)


@dataclass(frozen=True)
class BundleSummary:
    records: dict[str, int]
    redacted: dict[str, int]
    size_bytes: int


async def _write_register(archive: zipfile.ZipFile, export: RegisterExport) -> tuple[int, int]:
    """Write the register's JSON and CSV members in one pass over its rows.

    ZIP members are written one at a time, so CSV rows wait in a spooled temporary file (memory
    up to 1 MiB, then disk) while the JSON member streams.
    """
    count = redacted = 0
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as csv_spool:
        csv_spool.write(csv_line(["record_id", *export.fields]))
        with archive.open(f"registers/{export.slug}.json", "w", force_zip64=True) as json_member:
            json_member.write(b"[")
            async for record_id, values in export.rows:
                row: dict[str, str | None] = {}
                for name in export.fields:
                    hidden = (record_id, name) in export.redactions
                    row[name] = REDACTED if hidden else values.get(name)
                    redacted += hidden
                json_member.write((b",\n" if count else b"\n") + json.dumps({"record_id": record_id, **row}).encode())
                csv_spool.write(csv_line([str(record_id), *(row[name] for name in export.fields)]))
                count += 1
            json_member.write(b"\n]\n")
        csv_spool.seek(0)
        with archive.open(f"registers/{export.slug}.csv", "w", force_zip64=True) as csv_member:
            shutil.copyfileobj(csv_spool, csv_member, COPY_CHUNK)
    return count, redacted


@dataclass
class BundleSpec:
    reference: str
    generated_at: datetime
    cover_letter: str
    registers: Sequence[RegisterExport]
    access_log: AsyncIterator[tuple[str, str]] | None = None  # (date, purpose) per consultation


PARTIAL_SUFFIX = ".partial"


def partial_files(path: Path) -> list[Path]:
    """Temporary files a killed writer of ``path`` left behind."""
    return sorted(path.parent.glob(f"{path.name}.*{PARTIAL_SUFFIX}"))


async def write_bundle(path: Path, key: bytes, aad: bytes, spec: BundleSpec) -> BundleSummary:
    """Write the sealed bundle to ``path`` (local disk; chunks of at most 64 KiB at a time).

    Written under a temporary name, synced, then renamed (``os.replace`` is atomic on one file
    system): ``path`` holds a complete sealed bundle or nothing, whenever the writer is killed.
    """
    records: dict[str, int] = {}
    redacted: dict[str, int] = {}
    partial = path.with_name(f"{path.name}.{secrets.token_hex(6)}{PARTIAL_SUFFIX}")
    try:
        with partial.open("wb") as handle:
            with (
                SealedWriter(handle, key, aad) as sealed,
                zipfile.ZipFile(sealed, "w", zipfile.ZIP_DEFLATED) as archive,
            ):
                archive.writestr("README.txt", spec.cover_letter + "\n")
                for export in spec.registers:
                    records[export.slug], redacted[export.slug] = await _write_register(archive, export)
                if spec.access_log is not None:
                    with archive.open("access_log.csv", "w") as member:
                        member.write(csv_line(["date", "purpose"]))
                        async for day, purpose in spec.access_log:
                            member.write(csv_line([day, purpose]))
                manifest = {
                    "reference": spec.reference,
                    "generated_at": spec.generated_at.isoformat(),
                    "registers": [
                        {
                            "slug": e.slug,
                            "name": e.name,
                            "records": records[e.slug],
                            "redacted_values": redacted[e.slug],
                        }
                        for e in spec.registers
                    ],
                    "access_log": spec.access_log is not None,
                }
                archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            size = handle.tell()
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)  # os.replace: atomic rename
    finally:
        partial.unlink(missing_ok=True)
    return BundleSummary(records=records, redacted=redacted, size_bytes=size)
