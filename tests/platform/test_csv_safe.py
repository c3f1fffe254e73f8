"""CSV cells are neutralised against formula injection, and nothing else writes CSV."""

import csv
import io
from pathlib import Path

import pytest

from alusta.csv_safe import csv_line, neutralise

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("https://evil.example.test","x")', '\'=HYPERLINK("https://evil.example.test","x")'),
        ("+358401234567", "'+358401234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Matti", "Matti"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(value: str, written: str) -> None:
    assert neutralise(value) == written


def test_line_quotes_every_cell_and_round_trips() -> None:
    line = csv_line(["=1+2", 'say "hi", ok', None, "x"])
    assert line == b'"\'=1+2","say ""hi"", ok","","x"\r\n'
    assert next(csv.reader(io.StringIO(line.decode()))) == ["'=1+2", 'say "hi", ok', "", "x"]


def test_no_other_module_writes_csv() -> None:
    """Every CSV the service writes goes through alusta.csv_safe (OWASP CSV injection)."""
    offenders = [
        str(path.relative_to(ROOT))
        for base in ("platform", "tenants", "auth")
        for path in (ROOT / base).rglob("*.py")
        if path.name != "csv_safe.py" and ("csv.writer(" in path.read_text() or "DictWriter(" in path.read_text())
    ]
    assert offenders == []
