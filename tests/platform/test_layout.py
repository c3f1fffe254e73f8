"""Guards on the package layout (shared/notes/style.md §2.5)."""

import ast
import importlib
import pkgutil
import sys
import sysconfig
from pathlib import Path
from typing import Any

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


# --- the import rules (ADR 0050), checked on the source text ------------------------------------
#
# Layers: the kernel (settings, db, crypto, audit, calendar, i18n, logs, web shell, ops) imports
# only the kernel; the domains (auth, tenants/*) import the kernel and the domains below them; the
# composition root (app factory, CLI, server, model registry, demo) wires everything together.

COMPOSITION_ROOT = frozenset(
    {"alusta.app", "alusta.cli", "alusta.demo", "alusta.demo_seed", "alusta.models_registry", "alusta.server"}
)
# Which tenants domains a domain may import (besides itself); dsr is the top domain.
DOMAIN_DEPENDS = {
    "tenancy": set(),
    "audit": {"tenancy"},
    "registers": {"tenancy"},
    "records": {"tenancy", "registers"},
    "retention": {"tenancy", "registers", "records"},
    "dsr": {"tenancy", "registers", "records"},
}
# The request domain's stages, lowest first: a module imports only its own stage and those below.
DSR_RANK = {
    "core": 0,
    "schemas": 0,
    "notify": 1,
    "answers": 2,
    "workflow": 3,
    "intake": 4,
    "runtime": 5,
    "http": 5,
    "workspace": 5,  # the staff pages: above intake, whose request views they read
}
SET_TENANT_ALLOWED = frozenset(
    {
        "platform/alusta/db/tenancy.py",  # the definition, tenant_session and bind_tenant
        "tenants/alusta/tenants/tenancy/context.py",  # the request-scoped tenant context
        "tenants/alusta/tenants/registers/routes.py",  # the public privacy-notice pages
    }
)
MAX_MODULE_LINES = 400


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in SOURCE_ROOTS:
        base = ROOT / root
        for path in (base / "alusta").rglob("*.py"):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("alusta.")}


def _violations(rule: Any) -> list[str]:
    modules = _modules()
    out: list[str] = []
    for name, path in sorted(modules.items()):
        for imported in sorted(_imports(path)):
            target = imported if imported in modules else imported.rsplit(".", 1)[0]
            if target in modules and target != name and not rule(name, target):
                out.append(f"{path.relative_to(ROOT)}: {name} imports {target}")
    return out


def _root_of(name: str) -> str:
    if name.startswith("alusta.tenants"):
        return "tenants"
    if name.startswith("alusta.auth"):
        return "auth"
    return "root" if name in COMPOSITION_ROOT else "kernel"


def test_only_the_composition_root_of_platform_imports_tenants_or_auth() -> None:
    def rule(importer: str, target: str) -> bool:
        return not (_root_of(importer) == "kernel" and _root_of(target) in {"tenants", "auth"})

    assert _violations(rule) == []


def test_the_kernel_imports_only_the_kernel() -> None:
    def rule(importer: str, target: str) -> bool:
        return _root_of(importer) != "kernel" or _root_of(target) == "kernel"

    assert _violations(rule) == []


def test_auth_imports_no_tenants() -> None:
    def rule(importer: str, target: str) -> bool:
        return not (_root_of(importer) == "auth" and _root_of(target) == "tenants")

    assert _violations(rule) == []


def test_no_domain_imports_a_plugin_or_the_composition_root() -> None:
    def rule(importer: str, target: str) -> bool:
        if _root_of(importer) not in {"tenants", "auth"} or importer.endswith(".plugin"):
            return True
        return not target.endswith(".plugin") and _root_of(target) != "root"

    assert _violations(rule) == []


def _domain(name: str) -> str | None:
    parts = name.split(".")
    return parts[2] if len(parts) > 3 and parts[:2] == ["alusta", "tenants"] else None


def test_tenants_domains_import_only_the_domains_below_them() -> None:
    def rule(importer: str, target: str) -> bool:
        mine, theirs = _domain(importer), _domain(target)
        return mine is None or theirs is None or theirs == mine or theirs in DOMAIN_DEPENDS[mine]

    assert _violations(rule) == []


def _dsr_rank(name: str) -> int | None:
    parts = name.split(".")
    if parts[:3] != ["alusta", "tenants", "dsr"] or len(parts) < 4:
        return None
    if parts[-1].endswith("routes"):
        return 6
    return DSR_RANK.get(parts[3], 7)  # plugin, commands: the top


def test_request_domain_calls_run_downward_and_route_modules_are_leaves() -> None:
    def rule(importer: str, target: str) -> bool:
        wiring = importer in COMPOSITION_ROOT or importer.endswith((".plugin", ".app"))
        if target.rsplit(".", 1)[-1].endswith("routes") and not wiring:
            return False  # only the wiring (plugins, app factories) imports a route module
        mine, theirs = _dsr_rank(importer), _dsr_rank(target)
        return mine is None or theirs is None or theirs <= mine

    assert _violations(rule) == []


def _calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text(), str(path))) if isinstance(node, ast.Call)]


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def test_set_tenant_is_called_only_where_sessions_get_their_tenant() -> None:
    callers = {
        str(path.relative_to(ROOT))
        for path in _modules().values()
        if any(_called_name(call) == "set_tenant" for call in _calls(path))
    }
    assert callers <= SET_TENANT_ALLOWED, sorted(callers - SET_TENANT_ALLOWED)


def test_route_modules_never_commit() -> None:
    committing = [
        str(path.relative_to(ROOT))
        for path in _modules().values()
        if "routes" in path.name and any(_called_name(call) == "commit" for call in _calls(path))
    ]
    assert committing == []


def test_no_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _modules().values() if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


def test_test_directories_mirror_source_packages() -> None:
    sources = {"platform": ROOT / "platform" / "alusta", "tenants": ROOT / "tenants" / "alusta" / "tenants"}
    sources["auth"] = ROOT / "auth" / "alusta" / "auth"
    for root, base in sources.items():
        for directory in (ROOT / "tests" / root).rglob("*"):
            if directory.is_dir() and any(directory.glob("test_*.py")):
                mirrored = base / directory.relative_to(ROOT / "tests" / root)
                assert (mirrored / "__init__.py").exists() or mirrored.is_dir(), f"{directory} mirrors no package"
