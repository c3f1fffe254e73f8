"""Every file a pod's settings name is mounted in that pod, and every Secret it mounts is documented.

A production pod refuses to start when a settings file is missing (ground rule 4), so a path in
the ConfigMap that no volume provides is a pod that never becomes ready (issue 17 point 8: the
metrics token was required before any manifest mounted it).
"""

from pathlib import Path, PurePosixPath

import pytest

from k8s.manifests import OVERLAYS, Doc, all_containers, find, pod_specs, render_overlay

RENDERED = {overlay: render_overlay(overlay) for overlay in OVERLAYS}
DEPLOY_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
# Schema commands need only the owner's database URL (settings_resolve.migration_url).
SCHEMA_COMMANDS = ("db",)


def _file_settings(overlay: str) -> dict[str, PurePosixPath]:
    data = find(RENDERED[overlay], "ConfigMap", "alusta-settings")["data"]
    return {name: PurePosixPath(value) for name, value in data.items() if str(value).startswith("/var/run/")}


def _service_containers(overlay: str) -> list[tuple[str, Doc]]:
    found = []
    for workload, spec in pod_specs(RENDERED[overlay]):
        for container in all_containers(spec):
            sources = container.get("envFrom", [])
            uses_settings = any(source.get("configMapRef", {}).get("name") == "alusta-settings" for source in sources)
            if uses_settings and container.get("args", [None])[0] not in SCHEMA_COMMANDS:
                found.append((f"{workload['kind']}/{workload['metadata']['name']}/{container['name']}", container))
    return found


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_metrics_token_is_a_settings_file(overlay: str) -> None:
    assert _file_settings(overlay)["ALUSTA_METRICS_TOKEN_FILE"] == PurePosixPath("/var/run/alusta/metrics/token")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_settings_file_is_mounted_where_the_settings_are_used(overlay: str) -> None:
    files = _file_settings(overlay)
    containers = _service_containers(overlay)
    assert {name.split("/")[1] for name, _ in containers} >= {"alusta-web", "alusta-retention", "alusta-exports"}
    missing = [
        (where, setting)
        for where, container in containers
        for setting, path in files.items()
        if not any(path.is_relative_to(mount["mountPath"]) for mount in container.get("volumeMounts", []))
    ]
    assert missing == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_mounted_secret_is_in_the_deploy_guide(overlay: str) -> None:
    guide = DEPLOY_GUIDE.read_text(encoding="utf-8")
    secrets = {
        volume["secret"]["secretName"]
        for _workload, spec in pod_specs(RENDERED[overlay])
        for volume in spec.get("volumes", [])
        if "secret" in volume
    }
    assert "alusta-metrics-token" in secrets
    assert [name for name in sorted(secrets) if f"| `{name}` |" not in guide] == []
