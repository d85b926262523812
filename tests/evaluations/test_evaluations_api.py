"""`/api/evaluations/`: a version over a dataset through the batch runner, checked; the
comparison; release gates answered by evaluations; workspace isolation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from evaluations.checks import checks_clean
from evaluations.models import Dataset, DatasetRow, Evaluation
from generations.models import Batch
from generations.services.batch_runs import batch_process
from templates_app.models import Template
from templates_app.services.labels import Arm, label_set
from templates_app.services.versions import template_update
from tests.generations.conftest import make_template, result

pytestmark = pytest.mark.django_db

URL = "/api/evaluations/"
CHECKS = [
    {"type": "contains", "values": ["tea"]},
    {"type": "word_count", "max": 5},
]


@pytest.fixture
def editor(client_as: Callable[[str], APIClient]) -> APIClient:
    return client_as(Role.EDITOR)


@pytest.fixture
def template(workspace: Workspace, catalogue: None) -> Template:
    template = make_template(workspace, defaults={"provider": "openai", "model": "gpt-test"})
    template_update(
        template=template, user=None, base_version=1, data={"body": "Now about {{ topic }}."}
    )
    return Template.objects.get(pk=template.pk)


@pytest.fixture
def dataset(workspace: Workspace, template: Template) -> Dataset:
    dataset = Dataset.objects.create(
        workspace=workspace, name="Teas", template=template, checks=checks_clean(CHECKS)
    )
    for position, topic in enumerate(["green tea", "black tea", "coffee"], start=1):
        DatasetRow.objects.create(
            dataset=dataset, position=position, variables={"topic": topic}, reference=topic
        )
    return dataset


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def start(client: APIClient, template: Template, dataset: Dataset, run_now, **fields) -> dict:
    with run_now():
        response = client.post(
            URL, {"template": template.pk, "dataset": dataset.pk, **fields}, format="json"
        )
    assert response.status_code == 202, response.json()
    return client.get(f"{URL}{response.json()['id']}/").json()


def judge_only(dataset: Dataset) -> None:
    """The dataset's one check: an `llm_judge` on openai's gpt-test, passing at 3."""
    judge = {"type": "llm_judge", "name": "judge", "rubric": "On topic?", "threshold": 3}
    dataset.checks = checks_clean([{**judge, "provider": "openai", "model": "gpt-test"}])
    dataset.save()


def test_every_row_runs_through_a_batch_and_is_checked(
    editor: APIClient, template: Template, dataset: Dataset, scripts, run_now
) -> None:
    scripts["openai"].extend(
        [result("About green tea."), result("Black tea is a long answer here."), result("Java.")]
    )
    evaluation = start(editor, template, dataset, run_now, version=1)
    assert evaluation["status"] == "finished"
    assert evaluation["version"] == 1 and evaluation["label"] == ""
    assert evaluation["progress"] == {"done": 3, "total": 3}
    assert (evaluation["passed"], evaluation["pass_rate"]) == (1, pytest.approx(1 / 3))
    assert evaluation["check_scores"] == {
        "contains": pytest.approx(2 / 3, abs=1e-4),
        "word_count": pytest.approx(2 / 3, abs=1e-4),
    }
    assert Decimal(evaluation["cost"]) == Decimal("0.006")  # 3 rows of 1000 in + 500 out
    rows = evaluation["results"]
    assert [(row["position"], row["passed"]) for row in rows] == [(1, True), (2, False), (3, False)]
    assert rows[1]["output"] == "Black tea is a long answer here."
    assert rows[1]["checks"][1]["reason"] == "7 words (wanted 0-5)"
    assert rows[2]["checks"][0]["reason"] == "missing: tea"
    batch = Batch.objects.get(pk=evaluation["batch"])
    assert batch.total == 3 and batch.status == "succeeded"


def test_without_version_or_label_it_runs_production_then_the_latest(
    editor: APIClient, template: Template, dataset: Dataset, scripts, run_now
) -> None:
    assert start(editor, template, dataset, run_now)["version"] == 2
    label_set(template=template, user=None, name="production", arms=[Arm(1, 100)])
    evaluation = start(editor, template, dataset, run_now)
    assert (evaluation["version"], evaluation["label"]) == (1, "production")
    both = editor.post(
        URL,
        {"template": template.pk, "dataset": dataset.pk, "version": 1, "label": "x"},
        format="json",
    )
    assert "label" in both.json()["error"]["fields"]


def test_a_failed_row_and_a_judge_without_a_number_fail_their_rows_and_the_run_goes_on(
    editor: APIClient, template: Template, dataset: Dataset, scripts, run_now
) -> None:
    from generations.providers import PermanentProviderError

    judge_only(dataset)
    scripts["openai"].extend(
        [
            result("Green tea text."),
            PermanentProviderError("refused", provider="openai"),  # row 2 fails
            result("Coffee text."),
            # The batch has ended: the judge grades rows 1 and 3.
            result("Score: 4 - on topic."),
            result("I like it a lot."),  # no number
        ]
    )
    evaluation = start(editor, template, dataset, run_now, version=1)
    assert evaluation["status"] == "finished"
    first, second, third = evaluation["results"]
    assert first["passed"] and first["checks"][0]["reason"] == "4/5: on topic."
    assert not second["passed"] and second["status"] == "failed" and second["error"]
    assert not third["passed"] and "no score" in third["checks"][0]["reason"]
    assert Decimal(evaluation["judge_cost"]) > 0


def test_the_judge_is_held_against_the_budget_and_fails_its_rows_once_it_runs_out(
    editor: APIClient, template: Template, dataset: Dataset, scripts, workspace: Workspace
) -> None:
    from evaluations.services.evaluations import evaluation_score
    from generations.models import MeteredCall, WorkspaceUsage
    from generations.services.batch_runs import batch_process
    from generations.services.quotas import usage_recount

    judge_only(dataset)
    scripts["openai"].extend([result("Tea one."), result("Tea two."), result("Tea three.")])
    scripts["openai"].extend([result("Score: 5 - fine.")] * 3)  # the judge, 0.002 a call
    started = editor.post(
        URL, {"template": template.pk, "dataset": dataset.pk, "version": 1}, format="json"
    ).json()
    evaluation = Evaluation.objects.get(pk=started["id"])
    batch_process(batch_id=evaluation.batch_id)  # the rows: 3 calls at 0.002 spent
    # Room for two judge calls (each holds its prompt and 200 tokens, under 0.0005, and spends
    # 0.002), not three.
    workspace.monthly_cost_budget = Decimal("0.01")
    workspace.save()

    scored = evaluation_score(evaluation_id=evaluation.pk)

    assert scored is not None and scored.status == "finished"
    first, second, third = scored.results.order_by("position")
    assert first.passed and second.passed
    assert not third.passed
    assert "judge failed: Monthly cost budget" in third.checks[0]["reason"]
    assert scored.judge_cost == Decimal("0.004")
    calls = MeteredCall.objects.all()
    assert [(c.purpose, c.status, c.cost) for c in calls] == [
        ("llm_judge", "succeeded", Decimal("0.002"))
    ] * 2
    usage = WorkspaceUsage.objects.get(workspace=workspace)
    assert (usage.cost_spent, usage.cost_reserved) == (Decimal("0.01"), 0)
    # Counted afresh, the judge's spend is still there.
    usage_recount(workspace=workspace, now=calls[0].created_at, older_than=timedelta(0))
    usage.refresh_from_db()
    assert usage.cost_spent == Decimal("0.01")


def rows_run_for_the_judge(
    editor: APIClient, template: Template, dataset: Dataset, scripts, judged: list[str]
) -> Evaluation:
    """An evaluation of the dataset checked by `judge_only`'s judge, its rows run and its
    scoring not started; the judge will answer `judged`, in order."""
    judge_only(dataset)
    scripts["openai"].extend([result("Tea one."), result("Tea two."), result("Tea three.")])
    scripts["openai"].extend(result(answer) for answer in judged)
    started = editor.post(
        URL, {"template": template.pk, "dataset": dataset.pk, "version": 1}, format="json"
    ).json()
    evaluation = Evaluation.objects.get(pk=started["id"])
    batch_process(batch_id=evaluation.batch_id)
    return evaluation


def test_of_two_scorings_at_once_the_results_kept_are_those_of_the_summary_kept(
    editor: APIClient, template: Template, dataset: Dataset, scripts, monkeypatch
) -> None:
    """The sweep sent a scoring again while the first was still asking the judge, and the
    first's claim was lost (the cache restarted); the other one recorded its results and
    summary first. This one's are dropped: it replaced the other's results under the other's
    summary (a judge need not answer the same twice: 3 of 3 rows passed beside "0 passed")."""
    from evaluations.services import evaluations

    judged = ["Score: 5 - fine."] * 3 + ["Score: 1 - off."] * 3  # this scoring's, the other's
    evaluation = rows_run_for_the_judge(editor, template, dataset, scripts, judged)
    summary = evaluations._summary

    def the_other_records_first(*args: object) -> dict:
        monkeypatch.setattr(evaluations, "_summary", summary)
        evaluations._ScoringClaim(evaluation.pk).release()
        evaluations.evaluation_score(evaluation_id=evaluation.pk)
        return summary(*args)

    monkeypatch.setattr(evaluations, "_summary", the_other_records_first)

    evaluations.evaluation_score(evaluation_id=evaluation.pk)

    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.passed) == ("finished", 0)
    assert [r.passed for r in evaluation.results.order_by("position")] == [False] * 3


def test_a_scoring_sent_again_while_one_runs_leaves_the_judge_to_it(
    editor: APIClient, template: Template, dataset: Dataset, scripts, monkeypatch
) -> None:
    """A judge over many rows outlasts the stale period, and the sweep sends the scoring again
    (each minute). The scoring sent again finds one at work and returns: it asked the judge
    about every row once more (and the sweep's next one again), each call paid."""
    from evaluations.services import evaluations

    evaluation = rows_run_for_the_judge(editor, template, dataset, scripts, ["Score: 5."] * 6)
    result_of = evaluations._result_of
    sent_again: list[object] = []

    def sent_again_meanwhile(*args: object) -> object:
        monkeypatch.setattr(evaluations, "_result_of", result_of)
        sent_again.append(evaluations.evaluation_score(evaluation_id=evaluation.pk))
        return result_of(*args)

    monkeypatch.setattr(evaluations, "_result_of", sent_again_meanwhile)

    scored = evaluations.evaluation_score(evaluation_id=evaluation.pk)

    assert sent_again == [None]
    assert scored is not None and (scored.status, scored.passed) == ("finished", 3)
    assert len(scripts.calls) == 3 + 3  # the rows, then the judge once a row


def test_offline_with_the_local_provider(
    editor: APIClient, template: Template, dataset: Dataset, run_now
) -> None:
    evaluation = start(
        editor, template, dataset, run_now, provider="local", model="local-draft", version=1
    )
    assert evaluation["status"] == "finished"
    assert evaluation["provider"] == "local"
    assert len(evaluation["results"]) == 3
    assert all(row["output"] for row in evaluation["results"])


def test_compare_two_evaluations_of_the_same_dataset(
    editor: APIClient, template: Template, dataset: Dataset, scripts, workspace: Workspace, run_now
) -> None:
    scripts["openai"].extend([result("Green tea."), result("Black tea."), result("Java.")])
    a = start(editor, template, dataset, run_now, version=1)
    scripts["openai"].extend(
        [result("Green tea."), result("Black is a long long answer."), result("Java tea.")]
    )
    b = start(editor, template, dataset, run_now, version=2, cache=False)
    response = editor.get(f"{URL}compare/", {"a": a["id"], "b": b["id"]})
    assert response.status_code == 200, response.json()
    compared = response.json()
    assert (compared["wins"], compared["losses"], compared["ties"]) == (1, 1, 1)
    assert [row["winner"] for row in compared["rows"]] == ["tie", "a", "b"]
    assert compared["rows"][0]["variables"] == {"topic": "green tea"}
    assert compared["a"]["pass_rate"] == pytest.approx(2 / 3)
    assert compared["rows"][2]["b"]["output"] == "Java tea."
    other = Dataset.objects.create(workspace=workspace, name="Other")
    Evaluation.objects.filter(pk=b["id"]).update(dataset=other)
    refused = editor.get(f"{URL}compare/", {"a": a["id"], "b": b["id"]})
    assert refused.status_code == 400 and "b" in refused.json()["error"]["fields"]
    assert editor.get(f"{URL}compare/", {"a": a["id"]}).status_code == 400


def test_release_gate_refuses_then_passes_with_an_evaluation(
    client_as: Callable[[str], APIClient],
    template: Template,
    dataset: Dataset,
    scripts,
    run_now,
) -> None:
    owner, editor = client_as(Role.OWNER), client_as(Role.EDITOR)
    gates = {
        "release_gates": [{"label": "production", "dataset": dataset.pk, "min_pass_rate": 0.6}]
    }
    set_gates = owner.put(f"/api/templates/{template.pk}/release-gates/", gates, format="json")
    assert set_gates.status_code == 200, set_gates.json()
    labels = f"/api/templates/{template.pk}/labels/"
    refused = editor.post(labels, {"name": "production", "version": 2}, format="json")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "gate_not_passed" and error["details"]["best_pass_rate"] is None
    scripts["openai"].extend([result("Green tea."), result("Black tea."), result("Java.")])
    start(editor, template, dataset, run_now, version=2, cache=False)  # 2 of 3 pass
    scripts["openai"].extend([result("Green"), result("Black"), result("Java.")])
    start(editor, template, dataset, run_now, version=1, cache=False)  # 0 of 3 pass
    assert (
        editor.post(labels, {"name": "production", "version": 2}, format="json").status_code == 201
    )
    again = editor.post(labels, {"name": "production", "version": 1}, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["details"]["best_pass_rate"] == 0
    forced = owner.post(
        labels,
        {"name": "production", "version": 1, "force": True, "reason": "rollback"},
        format="json",
    )
    assert forced.status_code == 200
    history = editor.get(f"{labels}production/history/").json()["results"]
    assert (history[0]["forced"], history[0]["reason"]) == (True, "rollback")


def test_a_gate_must_name_a_dataset_of_the_workspace(
    client_as: Callable[[str], APIClient], template: Template, other_workspace: Workspace
) -> None:
    theirs = Dataset.objects.create(workspace=other_workspace, name="Theirs")
    gates = {"release_gates": [{"label": "production", "dataset": theirs.pk, "min_pass_rate": 0.5}]}
    response = client_as(Role.OWNER).put(
        f"/api/templates/{template.pk}/release-gates/", gates, format="json"
    )
    assert response.status_code == 400
    assert "release_gates.0.dataset" in response.json()["error"]["fields"]


def test_isolation_and_roles(
    client_as: Callable[[str], APIClient],
    outsider_client: APIClient,
    template: Template,
    dataset: Dataset,
    scripts,
    run_now,
) -> None:
    evaluation = start(client_as(Role.EDITOR), template, dataset, run_now, version=1)
    assert outsider_client.get(f"{URL}{evaluation['id']}/").status_code == 404
    assert (
        outsider_client.get(
            f"{URL}compare/", {"a": evaluation["id"], "b": evaluation["id"]}
        ).status_code
        == 404
    )
    body = {"template": template.pk, "dataset": dataset.pk}
    assert outsider_client.post(URL, body, format="json").status_code == 400
    assert client_as(Role.VIEWER).post(URL, body, format="json").status_code == 403
    assert client_as(Role.VIEWER).get(f"{URL}{evaluation['id']}/").status_code == 200


def test_the_sweep_scores_an_evaluation_whose_scoring_was_lost(
    editor: APIClient, template: Template, dataset: Dataset, scripts, run_now
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from evaluations.services.evaluations import evaluations_requeue_stale

    done = start(editor, template, dataset, run_now, version=1)
    evaluation = Evaluation.objects.get(pk=done["id"])
    Evaluation.objects.filter(pk=evaluation.pk).update(status="running", pass_rate=None)
    assert evaluations_requeue_stale() == []  # the batch ended just now: not stale yet
    Batch.objects.filter(pk=evaluation.batch_id).update(
        finished_at=timezone.now() - timedelta(hours=1)
    )
    with run_now():
        assert evaluations_requeue_stale() == [evaluation.pk]
    evaluation.refresh_from_db()
    assert evaluation.status == "finished"
    assert evaluation.pass_rate == done["pass_rate"]
    assert evaluation.results.count() == 3  # scored again, not twice


def test_an_idempotency_key_replays_the_first_evaluation(
    editor: APIClient, template: Template, dataset: Dataset, scripts, run_now
) -> None:
    body = {"template": template.pk, "dataset": dataset.pk, "version": 1}
    with run_now():
        first = editor.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = editor.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    other = editor.post(URL, {**body, "version": 2}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert other.status_code == 409
    assert Evaluation.objects.count() == 1


def test_progress_streams_as_server_sent_events_until_scored(
    editor: APIClient, template: Template, dataset: Dataset, scripts, run_now
) -> None:
    import json

    evaluation = start(editor, template, dataset, run_now, version=1)
    response = editor.get(f"{URL}{evaluation['id']}/events/")
    assert response["Content-Type"] == "text/event-stream"
    events = b"".join(response.streaming_content).decode().strip().split("\n\n")
    assert [block.splitlines()[0] for block in events] == ["event: progress", "event: done"]
    done = json.loads(events[-1].splitlines()[1].removeprefix("data: "))
    assert (done["status"], done["progress"]) == ("finished", {"done": 3, "total": 3})


def test_a_dataset_named_by_a_release_gate_cannot_be_deleted(
    editor: APIClient, template: Template, dataset: Dataset
) -> None:
    template.release_gates = [{"label": "production", "dataset": dataset.pk, "min_pass_rate": 0.5}]
    template.save()
    refused = editor.delete(f"/api/datasets/{dataset.pk}/")
    assert refused.status_code == 409
    assert template.name in refused.json()["error"]["message"]
    template.release_gates = []
    template.save()
    assert editor.delete(f"/api/datasets/{dataset.pk}/").status_code == 204
