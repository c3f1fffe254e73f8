"""Rows of a bulk-import file: CSV (header line, UTF-8) or JSON (an array of objects).

One parser for the API (``POST .../records/import``) and the workspace's import page, so both
accept and refuse the same files. A malformed file is refused as a whole before any row is
validated (:class:`ImportFileError`, with the HTTP status the API answers); the rows then go to
``service.import_rows``, which is all or nothing. Messages name the line, never a value.
"""

import csv
import io
import json
from typing import Any

MAX_IMPORT_BYTES = 1024 * 1024  # 1 MB per file (the API's request body limit)
MAX_IMPORT_ROWS = 5000
CSV = "csv"
JSON = "json"


class ImportFileError(ValueError):
    """The file cannot be read as rows; ``code`` and ``status`` as the API's problem answers."""

    def __init__(self, code: str, detail: str, status: int = 400) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status


def _parse_csv(text: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise ImportFileError("malformed_file", f"CSV line {reader.line_num}: wrong number of columns")
            rows.append({k: v for k, v in row.items() if v != ""})
    except csv.Error as exc:
        raise ImportFileError("malformed_file", f"CSV is malformed: {exc}") from None
    return rows


def _parse_json(text: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError("malformed_file", f"JSON is malformed at line {exc.lineno}") from None
    if not isinstance(document, list) or not all(isinstance(row, dict) for row in document):
        raise ImportFileError("malformed_file", "JSON must be an array of objects")
    return document


def kind_of(content_type: str, filename: str = "") -> str | None:
    """``csv`` or ``json`` from the media type, else from the file name (browsers vary on CSV types)."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "text/csv":
        return CSV
    if media == "application/json":
        return JSON
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"csv": CSV, "json": JSON}.get(extension)


def parse_rows(body: bytes, kind: str | None) -> list[dict[str, Any]]:
    """Rows of the file; a file that is not UTF-8 CSV/JSON, is empty or too long is refused."""
    if kind not in {CSV, JSON}:
        raise ImportFileError("unsupported_media_type", "send text/csv or application/json", 415)
    if len(body) > MAX_IMPORT_BYTES:
        raise ImportFileError("too_large", "at most 1 MB per file", 413)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("malformed_file", "file is not UTF-8") from None
    rows = _parse_csv(text) if kind == CSV else _parse_json(text)
    if not rows:
        raise ImportFileError("malformed_file", "file has no rows")
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportFileError("too_many_rows", f"at most {MAX_IMPORT_ROWS} rows per file", 413)
    return rows
