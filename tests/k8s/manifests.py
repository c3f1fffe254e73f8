"""Render the kustomize subset used under ``k8s/`` and walk the rendered workloads.

CI renders with this module so that no binary outside PyPI is needed (docs/adr/0031). The subset:
``resources`` (files and directories), ``namespace``, ``images`` and ``patches`` holding JSON 6902
operations with a ``target`` by kind and name. Anything else in a kustomization is refused, so the
manifests cannot drift into features this renderer would silently ignore; where ``kubectl``
exists, ``test_render.py`` checks that both renderers produce the same objects.
"""

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2] / "k8s"
OVERLAYS = ("dev", "production")
SUPPORTED_FIELDS = frozenset({"apiVersion", "kind", "resources", "namespace", "images", "patches"})
# Kinds without a namespace among those we could meet (kustomize leaves them alone).
CLUSTER_SCOPED = frozenset(
    {"Namespace", "ClusterRole", "ClusterRoleBinding", "ClusterIssuer", "CustomResourceDefinition", "PriorityClass"}
)
WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"})

Doc = dict[str, Any]


class KustomizeError(ValueError):
    """The kustomization uses something outside the supported subset, or a patch does not apply."""


def render(directory: Path) -> list[Doc]:
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    unsupported = set(kustomization) - SUPPORTED_FIELDS
    if unsupported:
        raise KustomizeError(f"{directory}: unsupported kustomization fields {sorted(unsupported)}")
    docs: list[Doc] = []
    for entry in kustomization.get("resources", []):
        path = directory / entry
        if path.is_dir():
            docs += render(path)
        else:
            docs += [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    for patch in kustomization.get("patches", []):
        _apply_patch(directory, docs, patch)
    namespace = kustomization.get("namespace")
    if namespace:
        for doc in docs:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = namespace
    for image in kustomization.get("images", []):
        _set_image(docs, image)
    return docs


def render_overlay(name: str) -> list[Doc]:
    return render(ROOT / "overlays" / name)


def _apply_patch(directory: Path, docs: list[Doc], patch: Doc) -> None:
    if set(patch) - {"target", "patch", "path"} or set(patch["target"]) - {"kind", "name"}:
        raise KustomizeError(f"{directory}: only JSON 6902 patches with a kind/name target are supported")
    text = patch["patch"] if "patch" in patch else (directory / patch["path"]).read_text(encoding="utf-8")
    operations = yaml.safe_load(text)
    if not isinstance(operations, list):
        raise KustomizeError(f"{directory}: patch for {patch['target']} is not a JSON 6902 list")
    targets = [
        doc
        for doc in docs
        if doc["kind"] == patch["target"]["kind"] and doc["metadata"]["name"] == patch["target"]["name"]
    ]
    if len(targets) != 1:
        raise KustomizeError(f"{directory}: patch target {patch['target']} matches {len(targets)} resources")
    for operation in operations:
        json_patch(targets[0], operation)


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise KustomizeError(f"bad JSON pointer {path!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def json_patch(doc: Doc, operation: Doc) -> None:
    """Apply one RFC 6902 ``add``/``replace``/``remove`` operation in place; a missing path raises."""
    op = operation["op"]
    if op not in {"add", "replace", "remove"}:
        raise KustomizeError(f"unsupported JSON patch op {op!r}")
    *parents, last = _pointer(operation["path"])
    node: Any = doc
    try:
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            if op == "add":
                node.insert(len(node) if last == "-" else int(last), copy.deepcopy(operation["value"]))
            elif op == "replace":
                node[int(last)] = copy.deepcopy(operation["value"])
            else:
                del node[int(last)]
            return
        if op != "add" and last not in node:
            raise KustomizeError(f"{operation['path']} does not exist")
        if op == "remove":
            del node[last]
        else:
            node[last] = copy.deepcopy(operation["value"])
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        raise KustomizeError(f"{operation['path']}: {exc!r}") from None


def _set_image(docs: list[Doc], image: Doc) -> None:
    for _doc, spec in pod_specs(docs):
        for container in all_containers(spec):
            ref = container["image"]
            name = ref.split("@", 1)[0].rsplit(":", 1)[0] if "/" in ref or ":" in ref else ref
            if name != image["name"]:
                continue
            new = image.get("newName", name)
            if "digest" in image:
                container["image"] = f"{new}@{image['digest']}"
            else:
                container["image"] = f"{new}:{image['newTag']}" if "newTag" in image else new


def pod_specs(docs: list[Doc]) -> Iterator[tuple[Doc, Doc]]:
    """Every (workload, pod spec) pair among the rendered documents."""
    for doc in docs:
        kind = doc["kind"]
        if kind == "CronJob":
            yield doc, doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        elif kind in WORKLOAD_KINDS:
            yield doc, doc["spec"]["template"]["spec"]


def all_containers(spec: Doc) -> list[Doc]:
    return [*spec.get("initContainers", []), *spec["containers"]]


def find(docs: list[Doc], kind: str, name: str) -> Doc:
    matches = [doc for doc in docs if doc["kind"] == kind and doc["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]
