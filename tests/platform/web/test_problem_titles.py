"""Every problem code the platform and tenant domains raise has a title in fi, sv and en."""

import ast
from pathlib import Path

import pytest

from alusta.i18n import MESSAGES, Lang
from alusta.web.problem_titles import PROBLEM_TITLES
from alusta.web.problems import problem_body
from fixtures.texts import assert_translated

ROOT = Path(__file__).resolve().parents[3]
SCANNED = (ROOT / "platform", ROOT / "tenants")


def _trees() -> list[ast.Module]:
    return [ast.parse(path.read_text()) for base in SCANNED for path in base.rglob("*.py")]


def _code_carrying_exceptions(trees: list[ast.Module]) -> set[str]:
    """Exception classes whose ``__init__`` stores ``self.code`` (their first argument)."""
    names = {"Problem"}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and "self.code = code" in ast.unparse(node):
                names.add(node.name)
    return names


def raised_codes() -> set[str]:
    trees = _trees()
    carriers = _code_carrying_exceptions(trees)
    codes: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in carriers):
                continue
            position = 1 if node.func.id == "Problem" else 0
            argument = node.args[position] if len(node.args) > position else None
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                codes.add(argument.value)
    return codes


def test_scan_finds_the_codes() -> None:
    codes = raised_codes()
    assert {"malformed_file", "loa_insufficient", "attachment_infected", "received_too_old"} <= codes


def test_every_raised_code_has_a_title_in_three_languages() -> None:
    missing = sorted(code for code in raised_codes() if code not in PROBLEM_TITLES and code not in MESSAGES)
    assert missing == []
    for msgid in PROBLEM_TITLES.values():
        assert_translated(msgid)


@pytest.mark.parametrize(("lang", "start"), [(Lang.FI, "Liite"), (Lang.SV, "Bilagan"), (Lang.EN, "The attachment")])
def test_specific_title_in_the_requested_language(lang: Lang, start: str) -> None:
    assert b'"title":"' + start.encode() in problem_body(413, "attachment_too_large", lang)
