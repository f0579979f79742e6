"""Issue 17 §3: deploy/k8s/, Kubernetes manifests shaped like Open Zaak's chart, checked without a cluster (kubeconform
is not installable here): every object has the apiVersion, kind and fields its kind requires, every reference (the
autoscalers' and budgets' targets, the Service's and Ingress' backends, the ConfigMap and Secret keys) resolves, and
they are kept in step with deploy/compose.yaml — the same application services and commands, the same environment
variable names and values, the same image, port and probes."""

import importlib.util
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.test import Client

from tests.ops.deploy_files import DEPLOY, compose, compose_environment

K8S = DEPLOY / "k8s"
DNS_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
# kind → (apiVersion, the fields its spec must have): what the API server would refuse without them
REQUIRED = {
    "Deployment": ("apps/v1", {"selector", "template"}),
    "Service": ("v1", {"selector", "ports"}),
    "Job": ("batch/v1", {"template"}),
    "HorizontalPodAutoscaler": ("autoscaling/v2", {"scaleTargetRef", "maxReplicas", "metrics"}),
    "PodDisruptionBudget": ("policy/v1", {"selector"}),
    "Ingress": ("networking.k8s.io/v1", {"rules"}),
    "ConfigMap": ("v1", set()),
    "Secret": ("v1", set()),
}
# compose service(s) → the Kubernetes workload that runs the same program
WORKLOADS = {
    ("web-1", "web-2"): ("Deployment", "lienthong-web"),
    ("worker-1", "worker-2"): ("Deployment", "lienthong-worker"),
    ("scheduler",): ("Deployment", "lienthong-scheduler"),
    ("migrate",): ("Job", "lienthong-migrate-0.1.0"),
}


def _load(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _objects() -> list[dict]:
    """What `kubectl apply -k deploy/k8s` applies, and the Secret the operator creates (secret.example.yaml)."""
    kustomization = _load(K8S / "kustomization.yaml")[0]
    files = [*kustomization["resources"], "secret.example.yaml"]
    return [doc for name in files for doc in _load(K8S / name)]


def _get(kind: str, name: str) -> dict:
    (found,) = [o for o in _objects() if o["kind"] == kind and o["metadata"]["name"] == name]
    return found


def _pod_spec(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def _container(workload: dict) -> dict:
    (container,) = _pod_spec(workload)["containers"]
    return container


def _environment(container: dict) -> dict[str, str | tuple]:
    """A container's variables: a value, or ("secret", key) for one read from the Secret."""
    config = _get("ConfigMap", "lienthong")["data"]
    names: dict[str, str | tuple] = {}
    for source in container.get("envFrom", []):
        assert source["configMapRef"]["name"] == "lienthong"
        names.update(config)
    for variable in container.get("env", []):
        if "value" in variable:
            names[variable["name"]] = variable["value"]
        else:
            reference = variable["valueFrom"]["secretKeyRef"]
            assert reference["name"] == "lienthong"
            names[variable["name"]] = ("secret", reference["key"])
    return names


def _secret_in_compose(service: str) -> set[str]:
    """The compose variables whose value comes from the operator's .env secrets (not the host name)."""
    raw = compose()["services"][service]["environment"]
    return {
        name
        for name, value in raw.items()
        if {
            m
            for m in re.findall(r"\$\{([A-Z0-9_]+)", str(value))
            if m not in {"LIENTHONG_HOST_NAME", "LIENTHONG_SMTP_HOST"}
        }
    }


def test_every_file_is_applied_or_is_the_secrets_example():
    listed = set(_load(K8S / "kustomization.yaml")[0]["resources"])
    assert {path.name for path in K8S.glob("*.yaml")} == listed | {"kustomization.yaml", "secret.example.yaml"}


def test_every_object_has_the_fields_its_kind_requires():
    names = set()
    for obj in _objects():
        kind = obj["kind"]
        assert kind in REQUIRED, kind
        api_version, required = REQUIRED[kind]
        assert obj["apiVersion"] == api_version, f"{kind}: {obj['apiVersion']}"
        name = obj["metadata"]["name"]
        assert DNS_NAME.match(name) and len(name) <= 63, name
        assert (kind, name) not in names, f"two {kind} named {name}"
        names.add((kind, name))
        assert obj["metadata"]["labels"]["app.kubernetes.io/name"] == "lienthong"
        assert required <= set(obj.get("spec", {})), f"{kind} {name} lacks {required - set(obj.get('spec', {}))}"
        if kind in {"Deployment", "Job"}:
            template = obj["spec"]["template"]
            selector = obj["spec"].get("selector", {}).get("matchLabels", {})
            assert selector.items() <= template["metadata"]["labels"].items(), f"{name}: selector selects no pod"
            for container in template["spec"]["containers"]:
                assert container["name"] and container["image"] and container["command"]
                assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
                assert container["securityContext"]["allowPrivilegeEscalation"] is False
        if kind == "Job":
            assert obj["spec"]["template"]["spec"]["restartPolicy"] in {"Never", "OnFailure"}


def _pods_selected(selector: dict) -> list[dict]:
    return [
        o
        for o in _objects()
        if o["kind"] == "Deployment" and selector.items() <= o["spec"]["template"]["metadata"]["labels"].items()
    ]


def test_autoscalers_budgets_and_the_door_reach_what_exists():
    for hpa in (o for o in _objects() if o["kind"] == "HorizontalPodAutoscaler"):
        target = hpa["spec"]["scaleTargetRef"]
        deployment = _get(target["kind"], target["name"])
        assert target["apiVersion"] == "apps/v1"
        assert 2 <= hpa["spec"]["minReplicas"] <= deployment["spec"]["replicas"] <= hpa["spec"]["maxReplicas"]
    budgets = [o for o in _objects() if o["kind"] == "PodDisruptionBudget"]
    assert {b["metadata"]["name"] for b in budgets} == {"lienthong-web", "lienthong-worker"}
    for budget in budgets:
        (deployment,) = _pods_selected(budget["spec"]["selector"]["matchLabels"])
        assert 0 < budget["spec"]["minAvailable"] < deployment["spec"]["replicas"], "a budget that blocks every drain"
    service = _get("Service", "lienthong-web")
    (web,) = _pods_selected(service["spec"]["selector"])
    ports = {port["name"]: port["containerPort"] for port in _container(web)["ports"]}
    assert service["spec"]["ports"][0]["targetPort"] in ports
    backend = _get("Ingress", "lienthong")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "lienthong-web" and backend["port"]["name"] == service["spec"]["ports"][0]["name"]


def test_the_same_services_run_the_same_commands_and_image_as_in_compose():
    services = compose()["services"]
    for names, (kind, name) in WORKLOADS.items():
        workload = _get(kind, name)
        for service in names:
            assert _container(workload)["command"] == services[service]["command"], f"{name} ≠ {service}"
            assert _container(workload)["image"] == services[service]["image"]
        if kind == "Deployment" and name != "lienthong-scheduler":
            assert workload["spec"]["replicas"] == len(names)  # as many as compose starts
    scheduler = _get("Deployment", "lienthong-scheduler")
    assert scheduler["spec"]["replicas"] == 1 and scheduler["spec"]["strategy"]["type"] == "Recreate"
    applications = {s for s, v in services.items() if v.get("image", "").startswith("lienthong:")}
    assert applications == {s for names in WORKLOADS for s in names}


def test_the_same_environment_names_and_values_as_in_compose():
    secret = _get("Secret", "lienthong")["stringData"]
    for names, (kind, name) in WORKLOADS.items():
        environment = _environment(_container(_get(kind, name)))
        for service in names:
            expected = compose_environment(service)
            assert set(environment) == set(expected), f"{name} vs {service}: {set(environment) ^ set(expected)}"
            secrets = _secret_in_compose(service)
            for variable, value in environment.items():
                if variable in secrets:
                    assert isinstance(value, tuple) and value[1] in secret, f"{variable} must come from the Secret"
                else:
                    assert value == expected[variable], f"{name}: {variable}={value!r}, compose {expected[variable]!r}"
    # the migration goes straight to the primary, as in compose; the nodes through PgBouncer
    assert _environment(_container(_get(*WORKLOADS[("migrate",)])))["DATABASE_URL"] == (
        "secret",
        "DATABASE_URL_PRIMARY",
    )
    assert "@postgres-primary:5432/" in secret["DATABASE_URL_PRIMARY"] and "@pgbouncer:6432/" in secret["DATABASE_URL"]
    # the Secret holds what compose reads from .env, nothing more
    used = {
        value[1]
        for names, workload in WORKLOADS.items()
        for value in _environment(_container(_get(*workload))).values()
        if isinstance(value, tuple)
    }
    assert set(secret) == used


def test_probes_are_compose_and_haproxys_on_the_same_port():
    web = _container(_get("Deployment", "lienthong-web"))
    compose_web = compose()["services"]["web-1"]
    port = int(re.search(r"0\.0\.0\.0:(\d+)", " ".join(compose_web["command"]))[1])
    assert web["ports"] == [{"name": "http", "containerPort": port}]
    liveness, readiness = web["livenessProbe"]["httpGet"], web["readinessProbe"]["httpGet"]
    assert f"127.0.0.1:{port}{liveness['path']}" in " ".join(compose_web["healthcheck"]["test"])
    assert f"uri {readiness['path']} " in (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    assert liveness["port"] == readiness["port"] == "http"
    for worker in ("lienthong-worker", "lienthong-scheduler"):
        probe = _container(_get("Deployment", worker))["livenessProbe"]["exec"]["command"]
        service = "worker-1" if worker == "lienthong-worker" else "scheduler"
        assert probe == ["sh", "-c", compose()["services"][service]["healthcheck"]["test"][1]]


@pytest.mark.django_db
def test_the_probes_name_the_site_because_django_refuses_any_other_host(settings):
    allowed = _get("ConfigMap", "lienthong")["data"]["LIENTHONG_ALLOWED_HOSTS"]
    settings.ALLOWED_HOSTS = allowed.split(",")
    web = _container(_get("Deployment", "lienthong-web"))
    for probe in (web["livenessProbe"], web["readinessProbe"]):
        (header,) = probe["httpGet"]["httpHeaders"]
        assert header == {"name": "Host", "value": allowed.split(",")[0]}
    client = Client()
    assert client.get("/healthz", HTTP_HOST=allowed).status_code == 200
    assert client.get("/healthz", HTTP_HOST="10.244.1.7:8000").status_code == 400  # what a bare kubelet probe sends
    assert "LIENTHONG_ALLOWED_HOSTS" in " ".join(compose()["services"]["web-1"]["healthcheck"]["test"])


def _multihost():
    """deploy/netns/multihost.py as a module (only the standard library at import)."""
    spec = importlib.util.spec_from_file_location("multihost", DEPLOY / "netns" / "multihost.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_web_connects_as_its_own_role_and_everything_else_as_the_owner():
    """The web's statement and lock timeouts are its own role's (deploy/postgres/primary-init.sh), so a migration or
    a worker's batch is never cut at 15 s: compose, the manifests, PgBouncer's users and the multi-host run agree on
    which program connects as which role."""
    primary = compose_environment("postgres-primary")
    owner, web = primary["POSTGRES_USER"], primary["POSTGRES_WEB_USER"]
    assert owner != web
    init = (DEPLOY / "postgres" / "primary-init.sh").read_text(encoding="utf-8")
    settings = re.findall(r"ALTER ROLE \$\{(\w+)\} SET (\w+)", init)
    assert settings == [("POSTGRES_WEB_USER", "statement_timeout"), ("POSTGRES_WEB_USER", "lock_timeout")]
    expected = {"web-1": web, "web-2": web, "worker-1": owner, "worker-2": owner, "scheduler": owner, "migrate": owner}
    for service, role in expected.items():
        environment = compose_environment(service)
        urls = [environment["DATABASE_URL"], environment.get("DATABASE_REPLICA_URL")]
        assert {urlsplit(url).username for url in urls if url} == {role}, service

    # the manifests: each workload's URLs come from Secret keys naming the same role
    secret = _get("Secret", "lienthong")["stringData"]
    for names, (kind, name) in WORKLOADS.items():
        environment = _environment(_container(_get(kind, name)))
        for variable in ("DATABASE_URL", "DATABASE_REPLICA_URL"):
            _, key = environment[variable]
            assert urlsplit(secret[key]).username == expected[names[0]], f"{name}: {variable} ({key})"

    # PgBouncer lets both in: the userlist compose mounts names both roles
    (pgbouncer,) = [v for v in compose()["services"]["pgbouncer"]["volumes"] if v.endswith("/userlist.txt:ro")]
    example = DEPLOY / "pgbouncer" / (pgbouncer.split(":")[0].removeprefix("./pgbouncer/") + ".example")
    assert set(re.findall(r'^"([^"]+)"', example.read_text(encoding="utf-8"), re.MULTILINE)) == {owner, web}

    # the multi-host run: the same role per program, through the same PgBouncer pools
    multihost = _multihost()
    assert (owner, web) == (multihost.OWNER, multihost.WEB_ROLE)
    nodes = {"web1": "web-1", "web2": "web-2", "worker1": "worker-1", "worker2": "worker-2", "scheduler": "scheduler",
             "migrate": "migrate"}  # fmt: skip
    assert {node: multihost.NODE_ROLES[node] for node in nodes} == {node: expected[s] for node, s in nodes.items()}
    for node in ("web1", "worker1"):
        url = multihost.app_environment(Path("/nonexistent"), multihost.NODE_ROLES[node])["DATABASE_URL"]
        assert urlsplit(url).username == expected[nodes[node]]
