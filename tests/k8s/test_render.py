"""Every overlay renders, and every object validates against the Kubernetes or CRD schema."""

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from k8s.manifests import OVERLAYS, ROOT, Doc, KustomizeError, json_patch, render, render_overlay

KUBERNETES_VERSION = "1.33"  # oldest minor the manifests target (CronJob timeZone is GA since 1.27)
SCHEMAS = Path(__file__).parent / "schemas"


def _crd_schema_for(doc: Doc) -> dict[str, Any] | None:
    group_version = doc["apiVersion"]
    if "/" not in group_version:
        return None
    group, version = group_version.split("/", 1)
    path = SCHEMAS / f"{group}_{version}_{doc['kind'].lower()}.json"
    return _load_crd_schema(path) if path.is_file() else None


@cache
def _load_crd_schema(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = _to_json_schema(json.loads(path.read_text(encoding="utf-8"))["schema"])
    return schema


def _to_json_schema(node: Any) -> Any:
    """OpenAPI v3 (structural CRD schema) -> JSON Schema, refusing unknown fields like kubectl --validate=strict."""
    if isinstance(node, list):
        return [_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _to_json_schema(value) for key, value in node.items() if not key.startswith("x-kubernetes-")}
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    out.pop("nullable", None)
    if (
        "properties" in node
        and "additionalProperties" not in node
        and not node.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def validate(doc: Doc) -> None:
    schema = _crd_schema_for(doc)
    if schema is not None:
        jsonschema.validate(doc, schema)
        return
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_validates_against_its_schema(overlay: str) -> None:
    docs = render_overlay(overlay)
    assert len(docs) > 20
    for doc in docs:
        try:
            validate(doc)
        except (jsonschema.ValidationError, kubernetes_validate.ValidationError) as exc:
            pytest.fail(f"{overlay}: {doc['kind']}/{doc['metadata']['name']}: {exc.message}")


def test_crd_schemas_are_vendored_for_every_custom_kind() -> None:
    builtin_groups = ("apps/", "batch/", "networking.k8s.io/", "policy/", "autoscaling/")
    for overlay in OVERLAYS:
        for doc in render_overlay(overlay):
            custom = doc["apiVersion"] != "v1" and not doc["apiVersion"].startswith(builtin_groups)
            assert not custom or _crd_schema_for(doc) is not None, doc["apiVersion"] + " " + doc["kind"]


def test_strict_validation_catches_a_typo() -> None:
    docs = render_overlay("production")
    deployment = next(doc for doc in docs if doc["kind"] == "Deployment")
    json_patch(deployment, {"op": "add", "path": "/spec/template/spec/securityContex", "value": {}})
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(deployment)
    cluster = next(doc for doc in docs if doc["kind"] == "Cluster")
    json_patch(cluster, {"op": "add", "path": "/spec/managed/roles/0/bypassRLS", "value": False})
    with pytest.raises(jsonschema.ValidationError):
        validate(cluster)


def test_objects_are_unique_and_namespaced(tmp_path: Path) -> None:
    for overlay in OVERLAYS:
        docs = render_overlay(overlay)
        keys = [(doc["kind"], doc["metadata"]["name"]) for doc in docs]
        assert len(keys) == len(set(keys)), overlay
        namespaces = {doc["metadata"].get("namespace") for doc in docs if doc["kind"] != "Namespace"}
        (namespace,) = (doc["metadata"]["name"] for doc in docs if doc["kind"] == "Namespace")
        assert namespaces == {namespace}


def test_renderer_refuses_what_it_does_not_implement(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: []\ncommonLabels: {a: b}\n", encoding="utf-8")
    with pytest.raises(KustomizeError, match="commonLabels"):
        render(tmp_path)
    doc: Doc = {"spec": {"x": 1}}
    with pytest.raises(KustomizeError):
        json_patch(doc, {"op": "replace", "path": "/spec/y", "value": 2})


def _by_key(docs: list[Doc]) -> dict[tuple[str, str, str], Doc]:
    return {(doc["kind"], doc["metadata"].get("namespace", ""), doc["metadata"]["name"]): doc for doc in docs}


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed: the Python renderer alone is used")
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_python_renderer_matches_kubectl_kustomize(overlay: str) -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(ROOT / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    expected = _by_key([doc for doc in yaml.safe_load_all(result.stdout) if doc])
    assert _by_key(render_overlay(overlay)) == expected
