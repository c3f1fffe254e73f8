"""The compiled bundle as the member reviews it on a page: cover letter, records, access log.

The member sees exactly what the subject will download: the sealed ZIP is opened (the read is
audit-logged by ``exports.preview_bundle``) and its members are shown, at most
``PREVIEW_ROWS`` records per register; a larger bundle is reviewed from the ZIP itself. Values
already redacted show as ``[redacted]``.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alusta.tenants.dsr.answers import exports
from alusta.tenants.dsr.core.models import DsrAnswer
from alusta.tenants.tenancy.context import TenantContext

PREVIEW_BYTES = 16 * 1024 * 1024  # a bigger bundle is reviewed from the ZIP, not on a page
PREVIEW_ROWS = 200


@dataclass
class RegisterPreview:
    name: str
    fields: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    total: int


@dataclass
class BundlePreview:
    cover_letter: str
    registers: list[RegisterPreview] = field(default_factory=list)
    access_log: list[tuple[str, str]] | None = None
    too_large: bool = False

    @property
    def record_ids(self) -> set[int]:
        return {record_id for register in self.registers for record_id, _ in register.rows}


def _read(chunks: Any) -> bytes | None:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > PREVIEW_BYTES:
            return None
    return bytes(buffer)


def _register(archive: zipfile.ZipFile, entry: dict[str, Any]) -> RegisterPreview:
    rows = json.loads(archive.read(f"registers/{entry['slug']}.json"))
    names = [name for name in (rows[0] if rows else {}) if name != "record_id"]
    shown = [(int(row["record_id"]), {k: v for k, v in row.items() if k != "record_id"}) for row in rows[:PREVIEW_ROWS]]
    return RegisterPreview(str(entry["name"]), names, shown, len(rows))


async def bundle_preview(ctx: TenantContext, bundle_dir: Path, answer: DsrAnswer) -> BundlePreview:
    """The bundle's contents (``LookupError`` if not compiled, ``FileNotFoundError`` if purged)."""
    download = await exports.preview_bundle(ctx, bundle_dir, answer)
    data = _read(download.chunks)
    if data is None:
        return BundlePreview("", too_large=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        preview = BundlePreview(archive.read("README.txt").decode().strip())
        preview.registers = [_register(archive, entry) for entry in manifest["registers"]]
        if manifest.get("access_log"):
            lines = list(csv.reader(io.StringIO(archive.read("access_log.csv").decode())))
            preview.access_log = [(row[0], row[1]) for row in lines[1:] if len(row) >= 2]
    return preview
