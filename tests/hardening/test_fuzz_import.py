"""Property-based tests of every import format (JSON, YAML, CSV, Markdown front matter).

Whatever the bytes, `template_import` answers a report: each template either written whole (the
template row and its version) or listed as a failure with its file, its location and a message;
never an exception, and never half a template in the database.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.models import Role, Workspace
from templates_app.models import Template, TemplateVersion
from templates_app.services.formats import RECORD_FIELDS
from templates_app.services.importing import ImportReport, template_import
from tests.conftest import client_for
from tests.factories import MembershipFactory, TemplateFactory, WorkspaceFactory
from tests.hardening.strategies import RECORDS

pytestmark = pytest.mark.django_db


# --- files --------------------------------------------------------------------------------------
def _json_file(records: list[dict[str, Any]]) -> bytes:
    return json.dumps({"templates": records}, default=str).encode("utf-8", "surrogatepass")


def _yaml_file(records: list[dict[str, Any]]) -> bytes:
    text = yaml.safe_dump(records, allow_unicode=True) if _yaml_safe(records) else "[]"
    return text.encode("utf-8", "surrogatepass")


def _yaml_safe(value: Any) -> bool:
    try:
        yaml.safe_dump(value)
    except yaml.YAMLError:  # e.g. an integer key mixed with texts, which PyYAML cannot sort
        return False
    return True


def _csv_file(records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=[*RECORD_FIELDS, "unknown_field"])
    writer.writeheader()
    for record in records:
        writer.writerow(
            {
                key: json.dumps(value, default=str) if not isinstance(value, str) else value
                for key, value in record.items()
            }
        )
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _markdown_file(records: list[dict[str, Any]]) -> bytes:
    record = dict(records[0]) if records else {"name": "x"}
    body = record.pop("body", "")
    front = yaml.safe_dump(record, allow_unicode=True) if _yaml_safe(record) else "{}\n"
    return f"---\n{front}---\n{body if isinstance(body, str) else ''}".encode(
        "utf-8", "surrogatepass"
    )


WRITERS = {"json": _json_file, "yaml": _yaml_file, "csv": _csv_file, "md": _markdown_file}


@st.composite
def import_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file in one of the formats: well formed from records, then maybe damaged, or raw bytes."""
    extension = draw(st.sampled_from([*WRITERS, "yml", "txt"]))
    content = draw(
        st.one_of(
            RECORDS.map(WRITERS.get(extension, _json_file)),
            st.binary(max_size=200),
            st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
        )
    )
    if content and draw(st.booleans()):  # damage it: cut it, or splice bytes into it
        cut = draw(st.integers(0, len(content)))
        content = (
            content[:cut]
            + draw(st.binary(max_size=8))
            + content[cut:][: draw(st.integers(0, len(content)))]
        )
    return f"templates.{extension}", content


# Regressions: each of these raised out of the importer before it was fixed.
REGRESSIONS = [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),  # RecursionError
    ("digits.json", b'{"name": ' + b"1" * 5000 + b"}"),  # ValueError: integer digits limit
    ("date.yaml", b"name: 2020-13-45\n"),  # ValueError from the YAML timestamp constructor
    ("date.md", b"---\nname: 2020-13-45\n---\nbody"),
    ("keys.yaml", b"name: x\nbody: y\n1: a\nnull: b\n"),  # sorting int and str keys
    ("params.yaml", b"name: x\nbody: y\ndefaults: {params: {when: 2020-01-01}}\n"),  # a date
    ("nan.json", b'{"name": "x", "body": "y", "defaults": {"params": {"seed": NaN}}}'),
    ("surrogate.json", b'{"name": "x\\ud800", "body": "y"}'),  # unencodable for the database
    ("nul.json", b'{"name": "x", "body": "y\\u0000"}'),  # PostgreSQL refuses NUL
    ("deep.csv", b"name,body,variables\nx,y," + b"[" * 5000 + b"]" * 5000 + b"\n"),
    ("deep-body.md", b"---\nname: x\n---\n{{ " + b"(" * 3000 + b" }}"),
    (
        "bomb.yaml",
        b"a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        b"templates: [{name: x, body: y, defaults: {params: {bomb: *e}}}]\n",
    ),
]


def _check_report(report: ImportReport, name: str) -> None:
    for failure in report.failures:
        assert failure.source == name
        assert isinstance(failure.message, str) and failure.message
    json.dumps(report.as_dict())  # the API answers it as JSON


def _import(workspace: Workspace, name: str, content: bytes, dry_run: bool) -> ImportReport:
    report = template_import(
        workspace=workspace, user=None, files=[(name, content)], dry_run=dry_run
    )
    _check_report(report, name)
    return report


# --- properties ---------------------------------------------------------------------------------
@given(file=import_files(), dry_run=st.booleans())
def test_a_fresh_import_writes_exactly_the_templates_it_reports(
    file: tuple[str, bytes], dry_run: bool
) -> None:
    workspace = WorkspaceFactory()
    others = (Template.objects.count(), TemplateVersion.objects.count())
    report = _import(workspace, *file, dry_run=dry_run)

    created = {item.slug for item in report.items if item.action == "created"}
    assert {item.action for item in report.items} <= {"created"}  # nothing existed to update
    written = Template.objects.filter(workspace=workspace)
    if dry_run:
        assert not written.exists()
        assert (Template.objects.count(), TemplateVersion.objects.count()) == others
        return
    # Every template reported created is there, whole; nothing else was written.
    assert set(written.values_list("slug", flat=True)) == created
    assert TemplateVersion.objects.filter(template__workspace=workspace).count() == len(created)
    assert not written.filter(current_version__isnull=True).exists()


@pytest.mark.parametrize(("name", "content"), REGRESSIONS, ids=[n for n, _ in REGRESSIONS])
def test_regressions_are_reported_not_raised(name: str, content: bytes) -> None:
    workspace = WorkspaceFactory()
    report = _import(workspace, name, content, dry_run=False)
    assert report.failures, "each of these files is invalid"
    assert not Template.objects.filter(workspace=workspace).exists()


def _snapshot(template: Template) -> tuple[Any, ...]:
    template.refresh_from_db()
    versions = list(template.versions.order_by("number").values_list("pk", "body", "variables"))
    return (template.name, template.tags, template.current_version_id, versions)


@given(records=RECORDS, extension=st.sampled_from(list(WRITERS)))
@example(records=[{"slug": "existing", "name": "x", "body": "{{ undeclared }}"}], extension="json")
@example(
    records=[{"slug": "existing", "name": "x\x00", "body": "Changed {{ topic }}."}],
    extension="json",
)
def test_a_failed_update_leaves_the_existing_template_unchanged(
    records: list[dict[str, Any]], extension: str
) -> None:
    workspace = WorkspaceFactory()
    existing = TemplateFactory(workspace=workspace, slug="existing")
    before = _snapshot(existing)
    # Every record aims at the existing template, so each is an update or a reported failure.
    records = [{**record, "slug": "existing"} for record in records[:1]]
    name = f"update.{extension}"
    if extension == "md":
        records = (
            [{key: value for key, value in records[0].items() if key != "slug"}] if records else []
        )
        name = "existing.md"
    report = _import(workspace, name, WRITERS[extension](records), dry_run=False)

    assert Template.objects.filter(workspace=workspace).count() == 1
    outcome = {item.action for item in report.items if item.slug == "existing"}
    after = _snapshot(existing)
    # Failed (or the file held no template), or unchanged: not a single column changed.
    if not outcome or outcome == {"unchanged"}:
        assert after == before
    else:
        assert outcome == {"updated"}
        assert after[3][: len(before[3])] == before[3]  # old versions are never touched
        assert len(after[3]) - len(before[3]) in (0, 1)


@given(file=import_files())
def test_the_import_endpoint_answers_200_or_400(file: tuple[str, bytes]) -> None:
    membership = MembershipFactory(role=Role.EDITOR)
    client: APIClient = client_for(membership.user)
    name, content = file
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(
        "/api/templates/import/",
        {"file": [upload], "workspace": membership.workspace_id},
        format="multipart",
    )
    assert response.status_code in (200, 400), response.content[:500]
    assert (
        "error" in response.json() if response.status_code == 400 else "created" in response.json()
    )
