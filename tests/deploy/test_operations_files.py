"""The operations files beside the app's own: the logging stack (docker/elk), the frontend tier
(docker/nginx, docker/k8s/frontend.yaml) and the release workflow. What they say, and that
deploy/validate.py's checks catch the mistakes they are there for."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy import validate

ROOT = validate.ROOT


def rendered() -> dict[tuple[str, str], dict[str, Any]]:
    return {(o["kind"], o["metadata"]["name"]): o for o in validate.rendered_objects()}


def pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    return obj["spec"]["template"]["spec"]


# --- the logging stack ---------------------------------------------------------------------------
def test_compose_has_the_logging_and_frontend_profiles() -> None:
    assert validate.compose_profiles() == ["frontend-tier", "logging"]
    services = yaml.safe_load(validate.COMPOSE_FILE.read_text())["services"]
    logging_services = {name for name, s in services.items() if "logging" in s.get("profiles", [])}
    assert logging_services == {"elasticsearch", "kibana", "elk-setup", "filebeat"}
    assert services["filebeat"]["depends_on"]["elk-setup"]["condition"] == (
        "service_completed_successfully"
    )
    assert "./elk:/elk:ro" in services["elk-setup"]["volumes"]
    # The single-node default: the API serves the dashboard, nginx only with its profile.
    assert services["frontend"]["profiles"] == ["frontend-tier"]
    assert services["frontend"]["build"]["target"] == "frontend-tier"
    assert "profiles" not in services["api"]


def test_kubernetes_runs_filebeat_on_every_node_with_the_config_and_rights_it_needs() -> None:
    objects = rendered()
    daemonset = objects[("DaemonSet", "filebeat")]
    spec = pod_spec(daemonset)
    mounts = {m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
    assert {"/var/log/containers", "/var/log/pods", "/etc/filebeat"} <= mounts
    (config_map,) = [o for (kind, name), o in objects.items() if name.startswith("filebeat-config")]
    assert (
        config_map["data"]["filebeat.yml"]
        == (validate.ELK_DIR / "filebeat-kubernetes.yml").read_text()
    )
    config_volume = next(v for v in spec["volumes"] if v["name"] == "config")
    assert config_volume["configMap"]["name"] == config_map["metadata"]["name"]

    binding = objects[("ClusterRoleBinding", "aiagency-filebeat")]
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": spec["serviceAccountName"], "namespace": "aiagency"}
    ]
    rules = objects[("ClusterRole", "aiagency-filebeat")]["rules"]
    assert any("pods" in rule["resources"] and "watch" in rule["verbs"] for rule in rules)

    filebeat = yaml.safe_load((validate.ELK_DIR / "filebeat-kubernetes.yml").read_text())
    (log_input,) = filebeat["filebeat.inputs"]
    assert log_input["paths"] == ["/var/log/containers/*_aiagency_*.log"]
    assert any("ndjson" in parser for parser in log_input["parsers"])


def test_the_setup_job_installs_the_files_of_the_repository() -> None:
    objects = rendered()
    job = objects[("Job", "elk-setup")]
    container = pod_spec(job)["containers"][0]
    assert container["command"] == ["sh", "/elk/setup.sh"]
    # Deleted once done, so that the next apply runs it again with the current files.
    assert job["spec"]["ttlSecondsAfterFinished"] > 0
    (config_map,) = [o for (kind, name), o in objects.items() if name.startswith("elk-setup-")]
    for name in ("setup.sh", "index-template.json", "kibana-saved-objects.ndjson"):
        assert config_map["data"][name] == (validate.ELK_DIR / name).read_text(), name
    setup = (validate.ELK_DIR / "setup.sh").read_text()
    assert "/_index_template/aiagency-logs" in setup
    assert "/api/saved_objects/_import" in setup


def test_the_kibana_dashboard_has_the_panels_operators_ask_for() -> None:
    objects = {o["id"]: o for o in validate.kibana_objects()}
    dashboard = objects["aiagency-logs"]
    panels = {objects[ref["id"]]["attributes"]["title"] for ref in dashboard["references"]}
    assert "Errors by logger" in panels
    assert "Generations by provider and status" in panels
    assert any(title.startswith("Slow requests") for title in panels)
    assert validate.logging_problems() == []


def test_a_kibana_panel_on_an_unmapped_field_is_caught(tmp_path: Path, monkeypatch) -> None:
    objects = validate.kibana_objects()
    search = next(o for o in objects if o["type"] == "search")
    search["attributes"]["columns"].append("latency_seconds")
    changed = tmp_path / "objects.ndjson"
    changed.write_text("".join(json.dumps(o) + "\n" for o in objects))
    monkeypatch.setattr(validate, "KIBANA_OBJECTS", changed)

    assert validate.logging_problems() == [
        f"{search['id']}: field 'latency_seconds' is not in the index template"
    ]
    with pytest.raises(validate.ValidationError):
        validate.check_logging()


def test_a_mistyped_field_type_in_the_index_template_is_caught(tmp_path: Path, monkeypatch) -> None:
    template = validate.index_template()
    template["template"]["mappings"]["properties"]["provider"]["type"] = "keywrod"
    changed = tmp_path / "index-template.json"
    changed.write_text(json.dumps(template))
    monkeypatch.setattr(validate, "INDEX_TEMPLATE", changed)

    assert validate.logging_problems() == [
        "index-template.json: provider has an unknown type 'keywrod'"
    ]


# --- Kubernetes: kustomize -----------------------------------------------------------------------
def test_a_manifest_no_kustomization_names_is_caught(tmp_path: Path, monkeypatch) -> None:
    docker = tmp_path / "docker"
    for name in ("k8s", "elk"):
        shutil.copytree(validate.DOCKER / name, docker / name)
    (docker / "elk" / "forgotten.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n")
    monkeypatch.setattr(validate, "K8S_DIR", docker / "k8s")
    monkeypatch.setattr(validate, "ELK_DIR", docker / "elk")

    assert validate.unreferenced_manifests() == [docker / "elk" / "forgotten.yaml"]
    with pytest.raises(validate.ValidationError, match=r"elk/forgotten\.yaml"):
        validate.check_kubernetes()


# --- the frontend tier ---------------------------------------------------------------------------
def test_the_ingress_sends_the_apis_paths_to_the_api_and_the_rest_to_the_frontend() -> None:
    objects = rendered()
    paths = objects[("Ingress", "aiagency")]["spec"]["rules"][0]["http"]["paths"]
    routes = {p["path"]: p["backend"]["service"]["name"] for p in paths}
    assert routes == {
        "/api": "api", "/admin": "api", "/static": "api", "/healthz": "api", "/readyz": "api",
        "/metrics": "api", "/": "frontend",
    }  # fmt: skip
    frontend = objects[("Deployment", "frontend")]
    container = pod_spec(frontend)["containers"][0]
    assert container["image"].startswith("aiagency/frontend:")
    assert container["livenessProbe"]["httpGet"]["path"] == "/_frontend/healthz"
    (upstream,) = [e["value"] for e in container["env"] if e["name"] == "API_UPSTREAM"]
    assert upstream.startswith("api.aiagency.svc")
    assert ("HorizontalPodAutoscaler", "frontend") in objects
    assert ("Service", "frontend") in objects


def test_the_nginx_image_fills_every_variable_of_the_template() -> None:
    dockerfile = (validate.DOCKER / "Dockerfile").read_text()
    stage = dockerfile.split(" AS frontend-tier")[1].split("\nFROM ")[0]
    defined = set(re.findall(r"\b([A-Z_]+)=", stage))
    used = set(re.findall(r"\$\{(\w+)\}", validate.FRONTEND_CONF_TEMPLATE.read_text()))
    assert used and used <= defined
    assert "/etc/nginx/templates/default.conf.template" in stage


def test_a_broken_nginx_config_is_caught(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "frontend.conf.template"
    text = validate.FRONTEND_CONF_TEMPLATE.read_text()
    broken.write_text(text.replace("proxy_buffering off;", "proxy_buffering sometimes;"))
    monkeypatch.setattr(validate, "FRONTEND_CONF_TEMPLATE", broken)

    with pytest.raises(validate.ValidationError, match="proxy_buffering"):
        validate.check_nginx()


# --- continuous delivery -------------------------------------------------------------------------
def release_workflow() -> dict[str, Any]:
    return yaml.safe_load((validate.WORKFLOWS_DIR / "release.yml").read_text())


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def test_a_tag_builds_scans_pushes_and_renders_the_manifests() -> None:
    workflow = release_workflow()
    # PyYAML reads the key `on` as True.
    assert workflow[True] == {"push": {"tags": ["v*"]}}
    image, manifests = workflow["jobs"]["image"], workflow["jobs"]["manifests"]
    targets = {leg["target"] for leg in image["strategy"]["matrix"]["include"]}
    assert targets == {"runtime", "frontend-tier"}
    assert image["permissions"]["packages"] == "write"
    builds = steps_using(image, "docker/build-push-action")
    push = next(step["with"] for step in builds if step["with"].get("push"))
    assert push["sbom"] is True and push["provenance"].startswith("mode=")
    assert push["cache-from"].startswith("type=gha")
    assert any(step["with"].get("cache-to") for step in builds)
    (scan,) = steps_using(image, "aquasecurity/trivy-action")
    assert scan["with"]["exit-code"] == "1"
    # The scan comes before the push: a vulnerable image is never published.
    assert image["steps"].index(scan) < image["steps"].index(
        next(s for s in builds if s["with"].get("push"))
    )
    (login,) = steps_using(image, "docker/login-action")
    assert login["with"]["registry"] == "ghcr.io"

    assert manifests["needs"] == "image"
    script = "\n".join(step.get("run", "") for step in manifests["steps"])
    for image_name in ("aiagency/api", "aiagency/frontend"):
        assert f'kustomize edit set image "{image_name}=' in script
    assert "kustomize build" in script
    (upload,) = steps_using(manifests, "actions/upload-artifact")
    assert upload["with"]["path"] == "aiagency-${{ github.ref_name }}.yaml"


def test_the_images_the_release_renders_are_the_kustomizations() -> None:
    kustomization = yaml.safe_load((validate.K8S_DIR / "kustomization.yaml").read_text())
    names = {image["name"] for image in kustomization["images"]}
    images = {
        container["image"].split(":")[0]
        for obj in validate.rendered_objects()
        if obj["kind"] in {"Deployment", "Job", "StatefulSet", "DaemonSet"}
        for container in pod_spec(obj)["containers"]
    }
    assert names == {name for name in images if name.startswith("aiagency/")}


def test_actionlint_catches_a_broken_workflow(tmp_path: Path, monkeypatch) -> None:
    workflows = tmp_path / "workflows"
    workflows.mkdir()
    (workflows / "broken.yml").write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - run: echo ${{ secret.RELEASE_TOKEN }}\n"
    )
    monkeypatch.setattr(validate, "WORKFLOWS_DIR", workflows)

    with pytest.raises(validate.ValidationError, match="secret"):
        validate.check_workflows()


# --- README --------------------------------------------------------------------------------------
def operate_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("## Operate it", 1)[1].split("\n## ", 1)[0]


def test_the_readmes_operate_it_section_names_what_the_files_have() -> None:
    section = operate_section()
    for profile in validate.compose_profiles():
        assert f"--profile {profile}" in section, profile
    # Files by name (`deploy/api` is a Deployment, not a path: names with an extension only).
    files = re.findall(r"`((?:docker|deploy|\.github)/[\w/-]+\.[\w.]+)`", section)
    assert len(files) >= 5
    for path in files:
        assert (ROOT / path).exists(), path
    ports = {"8000", "8080", "3000", "9090", "5601", "15672"}
    assert all(f":{port}" in section for port in ports)
    for command in ("kubectl apply -k docker/k8s", "rollout undo", "git tag", "--profile logging"):
        assert command in section, command
