"""Generations and batches through labels: resolved when created, recorded, pinned for a batch."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from generations.models import Generation
from generations.services.batch_runs import batch_process
from generations.services.batches import BatchInput, batch_create
from templates_app.models import Template
from templates_app.services.labels import Arm, label_set
from tests.generations.conftest import with_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client_as):
    return client_as(Role.EDITOR)


@pytest.fixture
def versions(template: Template) -> Template:
    """Versions 1 to 3 of the blog post template (3 is current)."""
    return with_versions(template, last=3)


def generate(client, template, **fields):
    body = {"template": template.pk, "variables": {"topic": "tea"}, "provider": "local", **fields}
    return client.post("/api/generations/", body, format="json")


def test_without_version_or_label_production_runs_when_present_else_the_current(
    editor, versions: Template, catalogue
) -> None:
    first = generate(editor, versions).json()
    assert (first["template_version"], first["label"]) == (3, "")
    label_set(template=versions, user=None, name="production", arms=[Arm(1, 100)])
    second = generate(editor, versions, cache=False).json()
    assert (second["template_version"], second["label"], second["label_arm"]) == (
        1,
        "production",
        None,
    )


def test_the_production_label_is_read_with_the_template_not_on_its_own(
    editor, versions: Template, catalogue
) -> None:
    label_set(template=versions, user=None, name="production", arms=[Arm(1, 50), Arm(2, 50)])

    with CaptureQueriesContext(connection) as queries:
        answer = generate(editor, versions, split_key="customer-7").json()

    assert answer["label"] == "production" and answer["template_version"] in (1, 2)
    assert answer["label_arm"] == [1, 2].index(answer["template_version"])
    assert not [
        query for query in queries if query["sql"].startswith('SELECT "templates_app_label"')
    ]


def test_an_explicit_label_or_version_and_never_both(editor, versions: Template, catalogue) -> None:
    label_set(template=versions, user=None, name="staging", arms=[Arm(2, 100)])
    assert generate(editor, versions, label="staging").json()["template_version"] == 2
    assert generate(editor, versions, version=1).json()["template_version"] == 1
    both = generate(editor, versions, version=1, label="staging")
    assert both.status_code == 400 and "label" in both.json()["error"]["fields"]
    unknown = generate(editor, versions, label="client-acme")
    assert unknown.status_code == 400 and "label" in unknown.json()["error"]["fields"]


def test_a_canary_records_the_arm_and_keeps_a_split_key_on_its_arm(
    editor, versions: Template, catalogue
) -> None:
    label_set(template=versions, user=None, name="production", arms=[Arm(2, 50), Arm(3, 50)])
    answers = [
        generate(editor, versions, split_key=f"user-{n % 4}", cache=False).json() for n in range(12)
    ]
    by_key: dict[str, set[int]] = {}
    for n, answer in enumerate(answers):
        assert answer["label"] == "production"
        assert answer["template_version"] == (2, 3)[answer["label_arm"]]
        by_key.setdefault(f"user-{n % 4}", set()).add(answer["template_version"])
    assert all(len(seen) == 1 for seen in by_key.values())  # each key keeps its version


def test_a_batch_resolves_its_label_once_and_keeps_it_while_the_label_moves(
    versions: Template, catalogue, scripts
) -> None:
    label_set(template=versions, user=None, name="production", arms=[Arm(1, 100)])
    rows = [{"topic": f"t{n}"} for n in range(3)]
    batch, _ = batch_create(
        user=None,
        data=BatchInput(template=versions, rows=rows, provider="local"),
        enqueue=False,
    )
    label_set(template=versions, user=None, name="production", arms=[Arm(3, 100)])
    batch_process(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.template_version.number, batch.label, batch.status) == (
        1,
        "production",
        "succeeded",
    )
    ran = Counter(
        Generation.objects.filter(batch=batch).values_list("template_version__number", "label")
    )
    assert ran == {(1, "production"): 3}


def test_the_batch_api_takes_a_label(editor, versions: Template, catalogue) -> None:
    label_set(template=versions, user=None, name="staging", arms=[Arm(2, 100)])
    body = {"template": versions.pk, "rows": [{"topic": "tea"}], "provider": "local"}
    created = editor.post("/api/batches/", {**body, "label": "staging"}, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["template_version"], created.json()["label"]) == (2, "staging")
    both = editor.post("/api/batches/", {**body, "label": "staging", "version": 1}, format="json")
    assert both.status_code == 400 and "label" in both.json()["error"]["fields"]


def test_the_history_filters_by_version_and_by_label(editor, versions: Template, catalogue) -> None:
    label_set(template=versions, user=None, name="staging", arms=[Arm(2, 100)])
    generate(editor, versions, version=1)
    generate(editor, versions, label="staging")
    generate(editor, versions, version=2)
    url = f"/api/generations/?template={versions.pk}"

    def listed(query: str) -> list[tuple[int, str]]:
        response = editor.get(f"{url}&{query}")
        assert response.status_code == 200, response.json()
        return sorted((g["template_version"], g["label"]) for g in response.json()["results"])

    assert listed("template_version=2") == [(2, ""), (2, "staging")]
    assert listed("template_version=1") == [(1, "")]
    assert listed("label=staging") == [(2, "staging")]
    assert listed("template_version=1&label=staging") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("template_version=2", "template_version"),  # without its template
        ("template=1&template_version=two", "template_version"),
        ("template=1&template_version=0", "template_version"),
        ("label=not a label", "label"),
        ("label=" + "x" * 51, "label"),
    ],
)
def test_a_bad_history_filter_is_refused_naming_it(editor, query: str, field: str) -> None:
    response = editor.get(f"/api/generations/?{query}")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_the_batches_list_filters_by_label(editor, versions: Template, catalogue) -> None:
    label_set(template=versions, user=None, name="staging", arms=[Arm(2, 100)])
    body = {"template": versions.pk, "rows": [{"topic": "tea"}], "provider": "local"}
    editor.post("/api/batches/", {**body, "label": "staging"}, format="json")
    editor.post("/api/batches/", {**body, "version": 1}, format="json")
    staging = editor.get("/api/batches/?label=staging").json()
    assert [b["label"] for b in staging["results"]] == ["staging"]
    assert editor.get("/api/batches/?label=bad label").status_code == 400
