"""Bulk-import files as rows: one parser for the API and the import page."""

import pytest

from alusta.tenants.records.record_import import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, ImportFileError, kind_of, parse_rows


def test_kind_comes_from_the_media_type_or_else_the_file_name() -> None:
    assert kind_of("text/csv; charset=utf-8") == "csv"
    assert kind_of("application/json") == "json"
    assert kind_of("application/vnd.ms-excel", "asiakkaat.CSV") == "csv"  # how some browsers send a CSV
    assert kind_of("application/octet-stream", "rows.json") == "json"
    assert kind_of("text/plain", "rows.txt") is None
    assert kind_of("", "") is None


def test_csv_rows_leave_empty_cells_out_and_json_rows_are_kept() -> None:
    assert parse_rows("\ufeffa,b\n1,\n,2\n".encode(), "csv") == [{"a": "1"}, {"b": "2"}]
    assert parse_rows(b'[{"a": 1}]', "json") == [{"a": 1}]


@pytest.mark.parametrize(
    ("body", "kind", "code", "status"),
    [
        (b"a\n1\n", None, "unsupported_media_type", 415),
        (b'a,b\n"x,1\n', "csv", "malformed_file", 400),
        (b"a\n1,2\n", "csv", "malformed_file", 400),
        (b"a\n", "csv", "malformed_file", 400),
        (b"\xff\xfe", "csv", "malformed_file", 400),
        (b'{"a": 1}', "json", "malformed_file", 400),
        (b"[1]", "json", "malformed_file", 400),
        (b"a\n" + b"1\n" * (MAX_IMPORT_ROWS + 1), "csv", "too_many_rows", 413),
        (b"a\n" + b"x" * MAX_IMPORT_BYTES, "csv", "too_large", 413),
    ],
)
def test_unreadable_files_are_refused_whole(body: bytes, kind: str | None, code: str, status: int) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_rows(body, kind)
    assert (caught.value.code, caught.value.status) == (code, status)
