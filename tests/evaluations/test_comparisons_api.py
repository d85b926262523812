"""`/api/comparisons/`: one set of variables on 2 to 4 targets, each a background generation,
followed side by side in one event stream."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Role, User, Workspace
from evaluations.models import Comparison
from generations.models import Generation
from generations.providers import PermanentProviderError
from templates_app.models import Template
from templates_app.services.labels import Arm, label_set
from templates_app.services.versions import template_update
from tests.conftest import client_for
from tests.generations.conftest import make_template, result

pytestmark = pytest.mark.django_db

URL = "/api/comparisons/"


@pytest.fixture
def editor(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as(Role.EDITOR)


@pytest.fixture
def template(workspace: Workspace, catalogue: None) -> Template:
    template = make_template(workspace)
    template_update(
        template=template, user=None, base_version=1, data={"body": "Now about {{ topic }}."}
    )
    return Template.objects.get(pk=template.pk)


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def two_targets(template: Template) -> list[dict]:
    return [
        {"template": template.pk, "version": 1, "provider": "openai", "model": "gpt-test"},
        {
            "template": template.pk,
            "label": "staging",
            "provider": "anthropic",
            "model": "claude-test",
            "params": {"max_tokens": 100},
        },
    ]


def events_of(response) -> list[tuple[str, dict]]:
    assert response["Content-Type"] == "text/event-stream"
    blocks = b"".join(response.streaming_content).decode().strip().split("\n\n")
    parsed = []
    for block in blocks:
        lines = block.splitlines()
        if lines[0].startswith("event: "):
            parsed.append((lines[0].removeprefix("event: "), json.loads(lines[1][6:])))
    return parsed


def test_each_target_runs_as_a_background_generation_with_its_cost(
    editor: APIClient, template: Template, scripts, run_now
) -> None:
    label_set(template=template, user=None, name="staging", arms=[Arm(2, 100)])
    scripts["openai"].append(result("Green tea, by the first."))
    scripts["anthropic"].append(result("Green tea, by the second."))
    with run_now():
        response = editor.post(
            URL,
            {"variables": {"topic": "green tea"}, "targets": two_targets(template)},
            format="json",
        )
    assert response.status_code == 202, response.json()
    started = response.json()
    assert [target["index"] for target in started["targets"]] == [0, 1]
    ids = [target["generation"] for target in started["targets"]]

    detail = editor.get(f"{URL}{started['id']}/").json()
    assert detail["status"] == "finished"
    first, second = detail["targets"]
    assert (first["version"], first["label"], first["provider"]) == (1, "", "openai")
    assert (second["version"], second["label"], second["provider"]) == (2, "staging", "anthropic")
    assert first["output"] == "Green tea, by the first."
    assert second["output"] == "Green tea, by the second."
    assert (first["input_tokens"], first["output_tokens"]) == (1000, 500)
    assert Decimal(first["cost"]) == Decimal("0.002")  # 1000 tokens at $1/M, 500 at $2/M
    assert Decimal(second["cost"]) == Decimal("0.0105")
    assert second["params"]["max_tokens"] == 100
    assert first["latency_ms"] is not None

    # Ordinary generations: in the history, async, with the comparison's variables.
    generations = Generation.objects.filter(pk__in=ids).order_by("pk")
    assert [g.mode for g in generations] == ["async", "async"]
    assert all(g.variables == {"topic": "green tea"} for g in generations)
    history = editor.get("/api/generations/").json()
    assert {g["id"] for g in history["results"]} >= set(ids)


def test_a_failing_target_does_not_stop_the_others(
    editor: APIClient, template: Template, scripts, run_now
) -> None:
    scripts["openai"].append(result("Fine."))
    scripts["anthropic"].extend([PermanentProviderError("refused", provider="anthropic")] * 3)
    targets = two_targets(template)
    del targets[1]["label"]
    with run_now():
        response = editor.post(
            URL, {"variables": {"topic": "tea"}, "targets": targets}, format="json"
        )
    comparison = response.json()

    events = events_of(editor.get(f"{URL}{comparison['id']}/stream/"))
    assert [name for name, _data in events] == ["done", "error", "end"]
    (_, done), (_, error), (_, end) = events
    assert (done["index"], done["status"], done["output"]) == (0, "succeeded", "Fine.")
    assert done["generation"] == comparison["targets"][0]["generation"]
    assert (error["index"], error["status"]) == (1, "failed")
    assert "refused" in error["error"]
    assert end == {"comparison": comparison["id"]}


def test_the_stream_tells_each_targets_status_while_it_runs(
    editor: APIClient, template: Template, scripts, settings
) -> None:
    # Not run (nothing commits in the test): each target is queued when the stream looks.
    targets = two_targets(template)
    targets[1] = {"template": template.pk, "version": 2}
    response = editor.post(URL, {"variables": {"topic": "tea"}, "targets": targets}, format="json")
    comparison = response.json()
    settings.BATCH_EVENTS_MAX_SECONDS = 0  # one look, then the stream's time is up
    events = events_of(editor.get(f"{URL}{comparison['id']}/stream/"))
    ids = [target["generation"] for target in comparison["targets"]]
    assert events == [
        ("status", {"index": 0, "generation": ids[0], "status": "queued"}),
        ("status", {"index": 1, "generation": ids[1], "status": "queued"}),
    ]
    assert comparison["status"] == "running"


@pytest.mark.parametrize(
    ("targets", "field"),
    [
        (None, "targets"),
        ([{"version": 1}], "targets"),
        ([{"version": 1}] * 5, "targets"),
        ([{"version": 1}, {"version": 1, "label": "production"}], "targets.1.label"),
        ([{"version": 1}, {"version": 9}], "targets.1.version"),
        ([{"version": 1}, {"label": "nowhere"}], "targets.1.label"),
        ([{"version": 1}, {"provider": "nope"}], "targets.1.provider"),
        ([{"version": 1}, {"provider": "openai", "model": "gpt-none"}], "targets.1.model"),
    ],
)
def test_a_refused_target_names_its_field_and_starts_nothing(
    editor: APIClient, template: Template, scripts, targets: list[dict] | None, field: str
) -> None:
    body: dict = {"variables": {"topic": "tea"}}
    if targets is not None:
        body["targets"] = [{"template": template.pk, **target} for target in targets]
    response = editor.post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["fields"], response.json()
    assert not Generation.objects.exists()
    assert not Comparison.objects.exists()


def test_a_variable_a_target_refuses_is_named_under_that_target(
    editor: APIClient, template: Template, scripts
) -> None:
    targets = [{"template": template.pk, "version": 1}, {"template": template.pk, "version": 2}]
    response = editor.post(URL, {"variables": {}, "targets": targets}, format="json")
    assert response.status_code == 400
    assert "targets.0.variables.topic" in response.json()["error"]["fields"]


def test_isolation_and_roles(
    client_as: Callable[[str], APIClient],
    outsider_client: APIClient,
    other_workspace: Workspace,
    template: Template,
    scripts,
    run_now,
) -> None:
    body = {"variables": {"topic": "tea"}, "targets": two_targets(template)}
    body["targets"][1].pop("label")
    with run_now():
        comparison = client_as(Role.EDITOR).post(URL, body, format="json").json()
    assert outsider_client.get(f"{URL}{comparison['id']}/").status_code == 404
    assert outsider_client.get(f"{URL}{comparison['id']}/stream/").status_code == 404
    assert outsider_client.get(URL).json()["count"] == 0
    refused = outsider_client.post(URL, body, format="json")
    assert refused.status_code == 400
    assert "targets.0.template" in refused.json()["error"]["fields"]
    assert client_as(Role.VIEWER).post(URL, body, format="json").status_code == 403
    assert client_as(Role.VIEWER).get(f"{URL}{comparison['id']}/").status_code == 200


def test_every_target_must_be_in_one_workspace(
    member: Callable[[str], User], template: Template, other_workspace: Workspace, scripts
) -> None:
    user = member(Role.EDITOR)
    Membership.objects.create(user=user, workspace=other_workspace, role=Role.EDITOR)
    editor = client_for(user)
    theirs = make_template(other_workspace)
    targets = [{"template": template.pk, "version": 1}, {"template": theirs.pk, "version": 1}]
    response = editor.post(URL, {"variables": {"topic": "tea"}, "targets": targets}, format="json")
    assert response.status_code == 400
    assert "targets.1.template" in response.json()["error"]["fields"]


def test_an_idempotency_key_replays_the_first_comparison(
    editor: APIClient, template: Template, scripts
) -> None:
    targets = [{"template": template.pk, "version": 1}, {"template": template.pk, "version": 2}]
    body = {"variables": {"topic": "tea"}, "targets": targets}
    first = editor.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = editor.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    other = editor.post(
        URL, {**body, "variables": {"topic": "coffee"}}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["error"]["fields"]
    assert (Comparison.objects.count(), Generation.objects.count()) == (1, 2)
