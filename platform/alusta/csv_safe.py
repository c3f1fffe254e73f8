"""The one way the service writes CSV: cells neutralised against formula injection.

OWASP "CSV Injection": a spreadsheet runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (``=HYPERLINK(...)``, DDE). Such a cell is prefixed with a
single quote, which spreadsheets show as text, and every cell is quoted (embedded quotes
doubled) so no delimiter or quote in a value can start a new cell. The JSON beside a CSV keeps
the exact value. ``tests/platform/test_csv_safe.py`` checks that nothing else writes CSV.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """The cell as written: a quote before a leading formula trigger, otherwise unchanged."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def csv_line(values: Iterable[str | None]) -> bytes:
    """One CSV record (RFC 4180, CRLF), UTF-8; ``None`` is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["" if value is None else neutralise(value) for value in values])
    return buffer.getvalue().encode()
