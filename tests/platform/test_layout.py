"""Guards on the package layout (shared/notes/style.md §2.5)."""

import importlib
import pkgutil
import sys
import sysconfig
from pathlib import Path

import alusta

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("platform", "tenants", "auth")


def test_import_platform_is_the_standard_library() -> None:
    import platform  # noqa: PLC0415

    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    assert Path(platform.__file__).resolve().parent == stdlib
    assert callable(platform.system)
    assert "tenants" not in sys.modules
    assert "auth" not in sys.modules


def test_alusta_is_a_namespace_spanning_the_three_roots() -> None:
    paths = {Path(p).resolve() for p in alusta.__path__}
    assert {ROOT / root / "alusta" for root in SOURCE_ROOTS} <= paths
    for root in SOURCE_ROOTS:
        assert not (ROOT / root / "alusta" / "__init__.py").exists()
        assert not (ROOT / root / "__init__.py").exists()


def test_no_module_name_repeats_across_roots() -> None:
    seen: dict[str, str] = {}
    for root in SOURCE_ROOTS:
        base = ROOT / root / "alusta"
        for path in base.rglob("*.py"):
            name = ".".join(path.relative_to(base).with_suffix("").parts)
            assert name not in seen, f"alusta.{name} defined in both {seen[name]} and {root}"
            seen[name] = root


def test_every_module_imports() -> None:
    for module in pkgutil.walk_packages(alusta.__path__, prefix="alusta."):
        if module.name == "alusta.cli":
            continue
        importlib.import_module(module.name)


def test_tests_mirror_the_source_roots() -> None:
    for root in SOURCE_ROOTS:
        assert (ROOT / "tests" / root).is_dir()
