"""The deployment files: valid for their tools (deploy/validate.py, also `make validate-deploy`),
and saying what the platform needs: the seed's API Deployment, probes on /healthz and /readyz,
alert rules and dashboards that read metrics the app really exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.test import APIClient

from deploy import validate
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.generations.conftest import make_template

ROOT = validate.ROOT
DOCKER = validate.DOCKER

# Metrics the rules and dashboards may read besides the app's own: Prometheus's scrape health
# and RabbitMQ's built-in exporter (rabbitmq_prometheus, port 15692). README lists them too.
THIRD_PARTY_METRICS = {
    "up": "Prometheus, per scrape target",
    "rabbitmq_queue_messages_ready": "RabbitMQ rabbitmq_prometheus",
    "rabbitmq_queue_messages_unacked": "RabbitMQ rabbitmq_prometheus",
}


@pytest.mark.parametrize("name", list(validate.CHECKS))
def test_the_tools_accept_the_files(name: str) -> None:
    validate.CHECKS[name]()


def test_the_prometheus_configs_pass_the_full_check(tmp_path: Path) -> None:
    # `make validate-deploy` checks syntax only: the token file exists only in the container.
    # Here the token path is pointed at a real file, so promtool checks everything it can.
    token = tmp_path / "token"
    token.write_text("secret")
    shutil.copy(validate.PROMETHEUS_DIR / "rules.yml", tmp_path / "rules.yml")
    for config in sorted(validate.PROMETHEUS_DIR.glob("prometheus*.yml")):
        text = re.sub(r"credentials_file: \S+", f"credentials_file: {token}", config.read_text())
        (tmp_path / config.name).write_text(text)
        result = subprocess.run(
            [validate.promtool(), "check", "config", config.name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


# --- metric names --------------------------------------------------------------------------------
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
    "bool", "offset",
}  # fmt: skip


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (label matchers, ranges, grouping labels,
    strings, Grafana variables and function names are not)."""
    expr = re.sub(r"label_values\(\s*([A-Za-z_:][\w:]*)\s*,\s*\w+\s*\)", r"\1", expr)
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\$\w+", "", expr)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][\w:]*", expr):
        following = expr[match.end() :].lstrip()[:1]
        if following != "(" and match.group() not in PROMQL_WORDS:
            names.add(match.group())
    return names


def test_metric_names_are_found_in_expressions() -> None:
    expr = (
        "histogram_quantile(0.95, sum by (le, provider) (rate(generation_duration_seconds_bucket"
        '{provider=~"$provider"}[$__rate_interval]))) / on (provider) max(up) > bool 0.1'
    )
    assert metric_names(expr) == {"generation_duration_seconds_bucket", "up"}
    assert metric_names("label_values(generations_total, provider)") == {"generations_total"}


def rule_expressions() -> dict[str, str]:
    rules = yaml.safe_load((validate.PROMETHEUS_DIR / "rules.yml").read_text())
    return {rule["alert"]: rule["expr"] for group in rules["groups"] for rule in group["rules"]}


def dashboard_expressions() -> list[str]:
    return [
        query
        for path in validate.grafana_dashboards()
        for query in validate.dashboard_queries(json.loads(path.read_text()))
    ]


def exported_names(text: str) -> set[str]:
    names = set()
    for family in text_string_to_metric_families(text):
        names.add(family.name)
        names.update(sample.name for sample in family.samples)
        if family.type == "histogram":
            names.update(f"{family.name}_{suffix}" for suffix in ("bucket", "sum", "count"))
        if family.type == "counter":
            names.add(f"{family.name}_total")
    return names


@pytest.mark.django_db
def test_every_metric_in_rules_and_dashboards_is_exported(settings, workspace) -> None:
    # One request and one generation through the API, then the app's own exposition.
    settings.METRICS_TOKEN = "scrape-token"
    client = client_for(MembershipFactory(workspace=workspace, role="editor").user)
    template = make_template(workspace)
    response = client.post(
        "/api/generations/",
        {"template": template.pk, "variables": {"topic": "tea"}, "provider": "local",
         "model": "local-draft", "mode": "sync"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    metrics = APIClient().get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token")
    assert metrics.status_code == 200
    available = exported_names(metrics.content.decode()) | set(THIRD_PARTY_METRICS)

    used = {name for expr in rule_expressions().values() for name in metric_names(expr)}
    used |= {name for expr in dashboard_expressions() for name in metric_names(expr)}
    assert used, "no metric found in the rules and dashboards"
    assert used - available == set()
    # What the issue asks the monitoring to cover.
    for name in (
        "django_http_responses_total_by_status_total",
        "django_http_requests_latency_seconds_by_view_method_bucket",
        "generations_total",
        "generation_cost_usd_total",
        "generation_cache_hits_total",
        "generation_queue_depth",
        "provider_circuit_open",
    ):
        assert name in used, name


def test_the_seed_alert_is_there_on_the_apps_metric_names() -> None:
    rules = rule_expressions()
    assert "HighErrorRate" in rules
    assert 'django_http_responses_total_by_status_total{status=~"5.."}' in rules["HighErrorRate"]
    assert rules["HighErrorRate"].rstrip().endswith("> 0.1")
    for alert in ("GenerationFailureRateHigh", "ProviderCircuitOpen", "GenerationQueueBacklog"):
        assert alert in rules


# --- Kubernetes -----------------------------------------------------------------------------------
def k8s_objects() -> dict[tuple[str, str], dict[str, Any]]:
    objects = {}
    for path in validate.k8s_manifests():
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                objects[(document["kind"], document["metadata"]["name"])] = document
    return objects


def containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    return obj["spec"]["template"]["spec"]["containers"]


def test_the_api_deployment_is_the_seeds() -> None:
    api = k8s_objects()[("Deployment", "api")]
    assert api["spec"]["replicas"] == 3
    (container,) = containers(api)
    assert container["image"] == "aiagency/api:latest"
    assert container["resources"] == {
        "requests": {"cpu": "500m", "memory": "512Mi"},
        "limits": {"cpu": "1", "memory": "1Gi"},
    }
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["args"] == ["api"]


def test_every_role_runs_and_beat_runs_once() -> None:
    objects = k8s_objects()
    assert containers(objects[("Deployment", "worker")])[0]["args"] == ["worker"]
    beat = objects[("Deployment", "beat")]
    assert containers(beat)[0]["args"] == ["beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"
    job = objects[("Job", "migrate")]
    assert containers(job)[0]["args"] == ["migrate"]
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for (kind, _), hpa in objects.items()
              if kind == "HorizontalPodAutoscaler"}  # fmt: skip
    assert scaled == {"api", "worker", "frontend"}


def test_pods_share_one_configuration_and_run_unprivileged() -> None:
    for (kind, name), obj in k8s_objects().items():
        if kind not in {"Deployment", "Job"}:
            continue
        spec = obj["spec"]["template"]["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        for container in spec["containers"]:
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            if name == "frontend":  # nginx: the app's settings are not its business
                continue
            sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
            assert sources == {"aiagency"}, name


def test_services_and_ingress_point_at_what_exists() -> None:
    objects = k8s_objects()
    labels = {
        name: obj["spec"]["template"]["metadata"]["labels"]
        for (kind, name), obj in objects.items()
        if kind == "Deployment"
    }
    for (kind, name), service in objects.items():
        if kind == "Service":
            selector = service["spec"]["selector"]
            assert any(selector.items() <= pod.items() for pod in labels.values()), name
    ingress = objects[("Ingress", "aiagency")]
    for path in ingress["spec"]["rules"][0]["http"]["paths"]:
        assert ("Service", path["backend"]["service"]["name"]) in objects, path


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((validate.K8S_DIR / "kustomization.yaml").read_text())
    files = [name for name in kustomization["resources"] if name.endswith(".yaml")]
    assert sorted(files) == sorted(p.name for p in validate.k8s_manifests())
    assert validate.unreferenced_manifests() == []


# --- Compose, image, CI ---------------------------------------------------------------------------
def compose_config() -> dict[str, Any]:
    command = [*validate.compose_command(), "--env-file", str(validate.COMPOSE_ENV_EXAMPLE)]
    command += ["--file", str(validate.COMPOSE_FILE), "config", "--format", "json"]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def test_compose_runs_the_whole_platform_with_health_checks() -> None:
    services = compose_config()["services"]
    assert set(services) >= {"postgres", "redis", "rabbitmq", "migrate", "api", "worker", "beat"}
    assert set(services) >= {"prometheus", "grafana"}
    for name in ("postgres", "redis", "rabbitmq", "api", "worker", "prometheus", "grafana"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("api", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    for name in ("postgres", "redis", "rabbitmq", "prometheus", "grafana"):
        assert any(v["type"] == "volume" for v in services[name]["volumes"]), name


def test_the_image_builds_the_dashboard_and_runs_unprivileged() -> None:
    dockerfile = (DOCKER / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+) AS (\S+)", dockerfile, flags=re.MULTILINE)
    # The runtime last: a build without --target makes the API image.
    assert [name for _, name in stages] == [
        "frontend",
        "python-deps",
        "catalogues",
        "frontend-tier",
        "runtime",
    ]
    assert stages[0][0].startswith("node:") and "slim" in stages[-1][0]
    assert re.search(r"^USER 10001", dockerfile, flags=re.MULTILINE)
    assert "COPY --from=frontend" in dockerfile
    # The translation catalogues are compiled in the build, not committed.
    assert "COPY --from=catalogues" in dockerfile and "msgfmt" in dockerfile
    # Every file the build copies from the context is there.
    for source in re.findall(r"^COPY (?!--from)(?:--\S+ )*(\S+) ", dockerfile, re.MULTILINE):
        assert (ROOT / source).exists(), source
    entrypoint = DOCKER / "entrypoint.sh"
    assert entrypoint.stat().st_mode & 0o111
    assert "--config aiagency/gunicorn.conf.py" in entrypoint.read_text()


def test_ci_runs_make_test_against_real_services() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    (job,) = workflow["jobs"].values()
    assert set(job["services"]) == {"postgres", "redis", "rabbitmq"}
    assert {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"} <= set(job["env"])
    steps = job["steps"]
    assert any(step.get("run", "").strip() == "make test" for step in steps)
    versions = {str(step.get("with", {}).get("python-version")) for step in steps}
    versions |= {str(step.get("with", {}).get("node-version")) for step in steps}
    assert {image_version("PYTHON_VERSION"), image_version("NODE_VERSION")} <= versions


def image_version(name: str) -> str:
    """The default of the image's build argument `name` (docker/Dockerfile)."""
    (line,) = (
        line for line in (DOCKER / "Dockerfile").read_text().splitlines()
        if line.startswith(f"ARG {name}=")
    )  # fmt: skip
    return line.split("=", 1)[1]


def test_development_runs_the_images_python() -> None:
    # `make` builds its virtual environment with python<version>; pyenv picks it by .python-version.
    python = image_version("PYTHON_VERSION")
    assert (ROOT / ".python-version").read_text().strip() == python
    assert f"PYTHON ?= python{python}\n" in (ROOT / "Makefile").read_text()
