"""Security settings on every workload of every overlay (issue 7), and the wiring between objects."""

import re
from urllib.parse import urlsplit

import pytest

from alusta.settings import Settings
from k8s.manifests import OVERLAYS, ROOT, Doc, all_containers, find, pod_specs, render_overlay

RENDERED = {overlay: render_overlay(overlay) for overlay in OVERLAYS}
WORKLOADS = [
    pytest.param(overlay, doc, spec, id=f"{overlay}-{doc['kind']}-{doc['metadata']['name']}")
    for overlay, docs in RENDERED.items()
    for doc, spec in pod_specs(docs)
]


def test_every_kind_of_workload_is_covered() -> None:
    kinds = {doc["kind"] for docs in RENDERED.values() for doc, _spec in pod_specs(docs)}
    assert kinds == {"Deployment", "Job", "CronJob"}


@pytest.mark.parametrize(("overlay", "workload", "spec"), WORKLOADS)
def test_pod_runs_non_root_without_privileges(overlay: str, workload: Doc, spec: Doc) -> None:
    pod = spec["securityContext"]
    assert pod["runAsNonRoot"] is True
    assert pod["runAsUser"] > 0
    assert pod["seccompProfile"] == {"type": "RuntimeDefault"}
    assert spec["automountServiceAccountToken"] is False
    assert not [key for key in ("hostNetwork", "hostPID", "hostIPC") if spec.get(key)]
    for container in all_containers(spec):
        context = container["securityContext"]
        assert context["runAsNonRoot"] is True, container["name"]
        assert context["readOnlyRootFilesystem"] is True, container["name"]
        assert context["allowPrivilegeEscalation"] is False, container["name"]
        assert context["capabilities"] == {"drop": ["ALL"]}, container["name"]
        assert not context.get("privileged"), container["name"]
        for kind in ("requests", "limits"):
            assert set(container["resources"][kind]) >= {"cpu", "memory"}, (container["name"], kind)
        image = container["image"]
        assert "@sha256:" in image or (":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest")), image


@pytest.mark.parametrize(("overlay", "workload", "spec"), WORKLOADS)
def test_secrets_are_referenced_never_inlined(overlay: str, workload: Doc, spec: Doc) -> None:
    for container in all_containers(spec):
        for env in container.get("env", []):
            name = env["name"]
            if name.endswith(("_URL", "_KEY", "PASSWORD")) and name != "ALUSTA_PUBLIC_URL":
                assert "secretKeyRef" in env.get("valueFrom", {}), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_objects_are_committed(overlay: str) -> None:
    assert not [doc for doc in RENDERED[overlay] if doc["kind"] == "Secret"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_web_deployment_probes_spread_and_scaling(overlay: str) -> None:
    docs = RENDERED[overlay]
    deployment = find(docs, "Deployment", "alusta-web")
    spec = deployment["spec"]["template"]["spec"]
    (web,) = spec["containers"]
    public_host = urlsplit(find(docs, "ConfigMap", "alusta-settings")["data"]["ALUSTA_PUBLIC_URL"]).hostname
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/healthz")):
        get = web[probe]["httpGet"]
        assert (get["scheme"], get["path"], get["port"]) == ("HTTPS", path, "https")
        # The app refuses unknown Host headers, probes included (web/shell.py).
        assert get["httpHeaders"] == [{"name": "Host", "value": public_host}]
    assert {c["topologyKey"] for c in spec["topologySpreadConstraints"]} == {
        "topology.kubernetes.io/zone",
        "kubernetes.io/hostname",
    }
    hpa = find(docs, "HorizontalPodAutoscaler", "alusta-web")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "alusta-web"
    assert hpa["spec"]["minReplicas"] <= deployment["spec"]["replicas"] <= hpa["spec"]["maxReplicas"]
    pdb = find(docs, "PodDisruptionBudget", "alusta-web")
    assert pdb["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_export_bundles_are_shared_between_web_and_exports(overlay: str) -> None:
    docs = RENDERED[overlay]
    claim = find(docs, "PersistentVolumeClaim", "alusta-dsr-bundles")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    state_dir = find(docs, "ConfigMap", "alusta-settings")["data"]["ALUSTA_STATE_DIR"]
    for kind, name in (("Deployment", "alusta-web"), ("CronJob", "alusta-exports")):
        spec = next(s for d, s in pod_specs(docs) if (d["kind"], d["metadata"]["name"]) == (kind, name))
        (volume,) = [v for v in spec["volumes"] if "persistentVolumeClaim" in v]
        assert volume["persistentVolumeClaim"]["claimName"] == "alusta-dsr-bundles"
        mounts = {m["name"]: m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
        assert mounts[volume["name"]] == f"{state_dir}/dsr-bundles"  # tenants/dsr/plugin.py


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ingress_tls_reencrypts_to_the_pod(overlay: str) -> None:
    docs = RENDERED[overlay]
    ingress = find(docs, "Ingress", "alusta-web")
    namespace = ingress["metadata"]["namespace"]
    notes = ingress["metadata"]["annotations"]
    assert notes["cert-manager.io/cluster-issuer"]
    assert notes["nginx.ingress.kubernetes.io/backend-protocol"] == "HTTPS"
    assert notes["nginx.ingress.kubernetes.io/proxy-ssl-verify"] == "on"
    assert notes["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
    assert notes["nginx.ingress.kubernetes.io/proxy-ssl-secret"] == f"{namespace}/alusta-internal-ca"
    proxy_name = notes["nginx.ingress.kubernetes.io/proxy-ssl-name"]
    assert proxy_name == f"alusta-web.{namespace}.svc"
    assert proxy_name in find(docs, "Certificate", "alusta-web-tls")["spec"]["dnsNames"]
    redis_names = find(docs, "Certificate", "alusta-redis-tls")["spec"]["dnsNames"]
    assert f"alusta-redis.{namespace}.svc" in redis_names
    public_host = urlsplit(find(docs, "ConfigMap", "alusta-settings")["data"]["ALUSTA_PUBLIC_URL"]).hostname
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == [public_host]
    assert ingress["spec"]["tls"][0]["hosts"] == [public_host]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_configmap_holds_only_known_settings(overlay: str) -> None:
    data = find(RENDERED[overlay], "ConfigMap", "alusta-settings")["data"]
    known = {"ALUSTA_" + name.upper() for name in Settings.model_fields}
    alusta_keys = {key for key in data if key.startswith("ALUSTA_")}
    assert alusta_keys <= known, alusta_keys - known
    assert set(data) - alusta_keys == {"PGSSLMODE", "PGSSLROOTCERT"}
    # Secret-bearing settings never sit in a ConfigMap.
    assert not alusta_keys & {"ALUSTA_DATABASE_URL", "ALUSTA_MIGRATION_DATABASE_URL", "ALUSTA_REDIS_URL"}
    settings = Settings(**{key.removeprefix("ALUSTA_").lower(): value for key, value in data.items() if key in known})
    assert str(settings.tls_min_version) in {"1.2", "1.3"}


def test_production_runs_in_production_mode() -> None:
    data = find(RENDERED["production"], "ConfigMap", "alusta-settings")["data"]
    assert data["ALUSTA_ENVIRONMENT"] == "production"
    assert data["ALUSTA_OIDC_ISSUER"].startswith("https://")
    assert find(RENDERED["production"], "Deployment", "alusta-web")["spec"]["replicas"] >= 3
    assert find(RENDERED["production"], "Cluster", "alusta-db")["spec"]["instances"] >= 3


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_database_roles_keep_rls_bypass_apart(overlay: str) -> None:
    cluster = find(RENDERED[overlay], "Cluster", "alusta-db")
    assert cluster["spec"]["bootstrap"]["initdb"]["owner"] == "alusta_owner"
    assert cluster["spec"]["enableSuperuserAccess"] is False
    roles = {role["name"]: role for role in cluster["spec"]["managed"]["roles"]}
    assert set(roles) == {"alusta_app", "alusta_web", "alusta_backup", "alusta_backoffice"}
    for name, role in roles.items():
        assert (role["superuser"], role["createrole"]) == (False, False), name
        assert role["bypassrls"] is (name == "alusta_backup"), name
    # alusta_app is the group the migrations grant to (b2tenants0001); the service logs in as a member.
    assert roles["alusta_app"]["login"] is False
    assert roles["alusta_web"]["inRoles"] == ["alusta_app"]
    logins = [role for role in roles.values() if role["login"]]
    assert len({role["passwordSecret"]["name"] for role in logins}) == len(logins) == 3
    # No pod of the app can read the backup role's password.
    for _doc, spec in pod_specs(RENDERED[overlay]):
        mounted = {v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v}
        referenced = {
            env["valueFrom"]["secretKeyRef"]["name"]
            for container in all_containers(spec)
            for env in container.get("env", [])
            if "secretKeyRef" in env.get("valueFrom", {})
        }
        assert "alusta-db-backup" not in mounted | referenced


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_deny_by_default(overlay: str) -> None:
    policies = {doc["metadata"]["name"]: doc for doc in RENDERED[overlay] if doc["kind"] == "NetworkPolicy"}
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert not {"ingress", "egress"} & set(deny)
    web_in = policies["alusta-web"]["spec"]["ingress"]
    assert [port["port"] for rule in web_in for port in rule["ports"]] == [8443]
    (source,) = web_in[0]["from"]
    assert source["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "ingress-nginx"}
    redis_in = policies["alusta-redis"]["spec"]["ingress"]
    assert redis_in[0]["from"] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "alusta", "app.kubernetes.io/component": "web"}}}
    ]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migration_job_holds_no_service_secrets(overlay: str) -> None:
    """`alusta db upgrade` needs only the owner's URL: no TLS key, key ring or OIDC keys mounted."""
    job = find(render_overlay(overlay), "Job", "alusta-migrate")
    spec = job["spec"]["template"]["spec"]
    secrets = {volume["secret"]["secretName"] for volume in spec.get("volumes", []) if "secret" in volume}
    assert secrets == {"alusta-db-ca"}
    env = {entry["name"] for container in all_containers(spec) for entry in container.get("env", [])}
    assert env == {"ALUSTA_MIGRATION_DATABASE_URL"}


SLOW_CLIENT_ANNOTATIONS = {
    "limit-connections": "100",
    "proxy-request-buffering": "on",
    "proxy-connect-timeout": "5",
    "proxy-send-timeout": "30",
    "proxy-read-timeout": "60",
}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ingress_bounds_slow_clients_and_reuses_no_connection_the_pod_closed(overlay: str) -> None:
    """Issue 17 point 5 at the ingress: per-client caps, idle upstream connections closed first.

    nginx must drop an idle connection to a pod before the app does, or it reuses one the pod
    has just closed and answers 502.
    """
    docs = RENDERED[overlay]
    notes = find(docs, "Ingress", "alusta-web")["metadata"]["annotations"]
    assert {key: notes.get(f"nginx.ingress.kubernetes.io/{key}") for key in SLOW_CLIENT_ANNOTATIONS} == (
        SLOW_CLIENT_ANNOTATIONS
    )
    data = find(docs, "ConfigMap", "alusta-settings")["data"]
    known = {"ALUSTA_" + name.upper() for name in Settings.model_fields}
    settings = Settings(**{key.removeprefix("ALUSTA_").lower(): value for key, value in data.items() if key in known})
    guide = (ROOT.parent / "docs" / "deploy.md").read_text(encoding="utf-8")
    controller = dict(re.findall(r'^\s+([a-z-]+-timeout|keep-alive): "(\d+)"', guide, flags=re.MULTILINE))
    assert set(controller) >= {
        "client-header-timeout",
        "client-body-timeout",
        "keep-alive",
        "upstream-keepalive-timeout",
    }
    upstream_idle = int(controller["upstream-keepalive-timeout"])
    assert upstream_idle < settings.keep_alive_timeout_seconds
    assert upstream_idle < settings.header_timeout_seconds
    assert int(controller["client-header-timeout"]) <= settings.header_timeout_seconds
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) > 15  # the database statement_timeout
