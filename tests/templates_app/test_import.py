"""Bulk import from every format, malformed files, dry runs, upserts, and export round-trips."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import DatabaseError

from accounts.models import Workspace
from templates_app.models import Template, TemplateVersion
from templates_app.services import importing
from templates_app.services.importing import template_import
from tests.factories import TemplateFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

RECORD = {
    "slug": "tweet",
    "name": "Tweet",
    "category": "social",
    "tags": ["social", "twitter"],
    "variables": [{"name": "topic"}, {"name": "tone", "type": "choice", "choices": ["fun", "dry"]}],
    "defaults": {"provider": "openai", "model": "gpt-4o-mini", "params": {"max_tokens": 100}},
    "system_prompt": "You write tweets.",
    "body": "A {{ tone }} tweet about {{ topic }}.\n",
}

YAML_FILE = """\
templates:
  - slug: tweet
    name: Tweet
    tags: [social]
    variables:
      - {name: topic}
    body: |
      A tweet about {{ topic }}.
  - slug: thread
    name: Thread
    body: A thread.
"""

CSV_FILE = (
    "slug,name,tags,variables,archived,body\n"
    'tweet,Tweet,"social, twitter","[{""name"": ""topic""}]",false,"About\n{{ topic }}"\n'
    "plain,Plain,,,true,Just text\n"
)

MARKDOWN_FILE = """\
---
name: Press release
category: pr
variables:
  - name: company
---
# {{ company }} announces
"""


def run_import(workspace: Workspace, *files: tuple[str, str], dry_run: bool = False) -> dict:
    encoded = [(name, text.encode()) for name, text in files]
    return template_import(workspace=workspace, user=None, files=encoded, dry_run=dry_run).as_dict()


def slugs(workspace: Workspace) -> list[str]:
    return sorted(Template.objects.filter(workspace=workspace).values_list("slug", flat=True))


def test_json_list_and_object_forms(workspace: Workspace) -> None:
    report = run_import(
        workspace,
        ("a.json", json.dumps([RECORD])),
        ("b.json", json.dumps({"templates": [{**RECORD, "slug": "other"}]})),
        ("c.json", json.dumps({"name": "Single", "body": "Hi"})),
    )
    assert (report["created"], report["failed"]) == (3, 0)
    assert slugs(workspace) == ["other", "single", "tweet"]
    tweet = Template.objects.get(workspace=workspace, slug="tweet")
    assert tweet.current_version.defaults["model"] == "gpt-4o-mini"
    assert tweet.current_version.changelog == "Imported from a.json."


def test_yaml_csv_and_markdown(workspace: Workspace) -> None:
    report = run_import(
        workspace,
        ("set.yaml", YAML_FILE),
        ("rows.csv", CSV_FILE.replace("tweet,", "csv-tweet,")),
        ("press-release.md", MARKDOWN_FILE),
    )
    assert report["failed"] == 0, report["errors"]
    assert slugs(workspace) == ["csv-tweet", "plain", "press-release", "thread", "tweet"]
    csv_tweet = Template.objects.get(workspace=workspace, slug="csv-tweet")
    assert csv_tweet.tags == ["social", "twitter"]
    assert csv_tweet.current_version.body == "About\n{{ topic }}"
    assert Template.objects.get(workspace=workspace, slug="plain").is_archived
    press = Template.objects.get(workspace=workspace, slug="press-release")
    assert press.current_version.body == "# {{ company }} announces\n"
    assert press.category == "pr"


@pytest.mark.parametrize(
    ("name", "text", "location", "message"),
    [
        ("bad.json", '[{"name": "A", "body": "x"},\n {"name": }]', "line 2", "Invalid JSON"),
        ("bad.json", '[{"name": "A", "body": "x"}, 3]', "item 2", "must be an object"),
        ("bad.yaml", "- name: A\n  body: x\n- name: [unclosed\n", "line 4", "Invalid YAML"),
        ("bad.md", "no front matter", "line 1", "front matter"),
        ("bad.md", "---\nname: [x\n---\nbody", "line 3", "Invalid YAML"),
        ("bad.csv", "name,body\nA,x,surplus\n", "line 2", "more cells"),
        ("bad.csv", 'name,body,variables\nA,x,"[{oops"\n', "line 2", "not valid JSON"),
        ("bad.txt", "whatever", "", "Unknown file type"),
    ],
)
def test_malformed_files_are_reported_with_their_location(
    workspace: Workspace, name: str, text: str, location: str, message: str
) -> None:
    report = run_import(workspace, (name, text), ("good.json", json.dumps([RECORD])))
    assert report["failed"] == 1
    [error] = report["errors"]
    assert (error["source"], error["location"]) == (name, location)
    assert message in error["message"]
    assert "tweet" in slugs(workspace)  # the rest still imported


def test_invalid_records_are_reported_and_the_rest_imported(workspace: Workspace) -> None:
    rows = [
        {"name": "Good", "body": "Fine"},
        {"name": "No body"},
        {"name": "Undeclared", "body": "{{ who }}"},
        {"name": "Typo", "body": "x", "bodyy": "y"},
        {"name": "Injection", "body": "{{ ''.__class__ }", "slug": "inj"},
        {"name": "Good", "body": "Again"},
    ]
    report = run_import(workspace, ("mixed.json", json.dumps(rows)))
    assert report["created"] == 1
    locations = {error["location"]: error["message"] for error in report["errors"]}
    assert set(locations) == {"item 2", "item 3", "item 4", "item 5", "item 6"}
    assert "body" in locations["item 2"]
    assert "'who'" in locations["item 3"]
    assert "bodyy" in locations["item 4"]
    assert "already imported" in locations["item 6"]


def test_reimport_writes_versions_only_for_content_changes(workspace: Workspace) -> None:
    run_import(workspace, ("a.json", json.dumps([RECORD, {**RECORD, "slug": "two"}])))
    changed = [{**RECORD, "body": "New {{ tone }} {{ topic }}"}, {**RECORD, "slug": "two"}]
    report = run_import(workspace, ("a.json", json.dumps(changed)))
    assert (report["updated"], report["unchanged"]) == (1, 1)
    assert Template.objects.get(slug="tweet").current_version.number == 2
    assert Template.objects.get(slug="two").current_version.number == 1
    renamed = [{**RECORD, "slug": "two", "name": "Renamed"}]
    report = run_import(workspace, ("a.json", json.dumps(renamed)))
    assert report["updated"] == 1
    two = Template.objects.get(slug="two")
    assert (two.name, two.current_version.number) == ("Renamed", 1)


def test_import_updates_a_template_made_through_the_api(workspace: Workspace) -> None:
    TemplateFactory(workspace=workspace, slug="tweet")
    report = run_import(workspace, ("a.json", json.dumps([RECORD])))
    assert report["items"][0]["action"] == "updated"
    assert report["items"][0]["version"] == 2


def test_dry_run_writes_nothing(workspace: Workspace) -> None:
    run_import(workspace, ("a.json", json.dumps([RECORD])))
    before = (Template.objects.count(), TemplateVersion.objects.count())
    changed = [{**RECORD, "body": "Other {{ tone }} {{ topic }}"}, {**RECORD, "slug": "new"}]
    report = run_import(workspace, ("a.json", json.dumps(changed)), dry_run=True)
    assert (report["dry_run"], report["created"], report["updated"]) == (True, 1, 1)
    assert (Template.objects.count(), TemplateVersion.objects.count()) == before
    assert Template.objects.get(slug="tweet").current_version.number == 1


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_command_walks_folders_and_reports(tmp_path: Path, workspace: Workspace) -> None:
    write(tmp_path / "in" / "deep", "a.yaml", YAML_FILE)
    write(tmp_path / "in", "press-release.md", MARKDOWN_FILE)
    write(tmp_path / "in", "notes.txt", "ignored: not a template file type")
    out = StringIO()
    call_command("import_templates", str(tmp_path / "in"), workspace=workspace.slug, stdout=out)
    assert "3 created, 0 updated, 0 unchanged; 0 failed." in out.getvalue()
    assert slugs(workspace) == ["press-release", "thread", "tweet"]


def test_command_fails_with_a_non_zero_exit_and_still_imports(
    tmp_path: Path, workspace: Workspace
) -> None:
    good = write(tmp_path, "good.json", json.dumps([RECORD]))
    bad = write(tmp_path, "bad.json", "{")
    err = StringIO()
    with pytest.raises(CommandError, match="2 template"):
        call_command(
            "import_templates", str(good), str(bad), str(tmp_path / "missing.json"),
            workspace=workspace.slug, stderr=err, stdout=StringIO(),
        )  # fmt: skip
    assert f"{bad}:line 1: Invalid JSON" in err.getvalue()
    assert "missing.json: No such file or folder." in err.getvalue()
    assert slugs(workspace) == ["tweet"]


def test_command_exit_code_is_non_zero(tmp_path: Path, workspace: Workspace) -> None:
    bad = write(tmp_path, "bad.json", "{")
    with pytest.raises(SystemExit) as caught:
        execute_from_command_line(
            ["manage.py", "import_templates", str(bad), "--workspace", workspace.slug]
        )
    assert caught.value.code == 1


def test_command_dry_run(tmp_path: Path, workspace: Workspace) -> None:
    path = write(tmp_path, "a.json", json.dumps([RECORD]))
    out = StringIO()
    call_command("import_templates", str(path), workspace=workspace.slug, dry_run=True, stdout=out)
    assert "created tweet (version 1)" in out.getvalue()
    assert "Dry run, nothing written" in out.getvalue()
    assert not Template.objects.exists()


def test_command_refuses_an_unknown_workspace(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No workspace"):
        call_command("import_templates", str(tmp_path), workspace="nope")


TRICKY = {
    **RECORD,
    "slug": "tricky",
    "description": "Quotes \" and 'single', unicode é ✓, a comma, and\na newline",
    "system_prompt": "Trailing spaces   \nand a tab\there",
    "body": "No final newline: {{ tone }} {{ topic }}",
    "archived": True,
    "changelog": "Imported, with care",
}


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "markdown"])
def test_export_then_import_into_an_empty_workspace_round_trips(
    tmp_path: Path, workspace: Workspace, fmt: str
) -> None:
    run_import(workspace, ("a.json", json.dumps([RECORD, TRICKY])))
    TemplateFactory(workspace=workspace, slug="made-in-api")
    empty = WorkspaceFactory()

    def export(source: Workspace, name: str) -> str:
        target = tmp_path / name
        options = {"workspace": source.slug, "format": fmt, "output": target, "stderr": StringIO()}
        call_command("export_templates", **options)
        if fmt == "markdown":
            return "".join(path.read_text() for path in sorted(target.iterdir()))
        return target.read_text()

    first = export(workspace, f"first.{fmt}")
    call_command(
        "import_templates", str(tmp_path / f"first.{fmt}"), workspace=empty.slug, stdout=StringIO()
    )
    assert export(empty, f"second.{fmt}") == first
    assert slugs(empty) == ["made-in-api", "tricky", "tweet"]


def test_a_csv_export_writes_formulas_as_text_and_imports_them_back(
    tmp_path: Path, workspace: Workspace
) -> None:
    formulas = {
        **RECORD,
        "name": '=HYPERLINK("http://evil.example")',
        "description": "'=already quoted",
        "body": "- a list item about {{ topic }} and {{ tone }}",
    }
    run_import(workspace, ("a.json", json.dumps([formulas])))
    target = tmp_path / "out.csv"
    call_command(
        "export_templates", workspace=workspace.slug, format="csv", output=target, stderr=StringIO()
    )
    empty = WorkspaceFactory()

    call_command("import_templates", str(target), workspace=empty.slug, stdout=StringIO())

    text = target.read_text()
    assert "'=HYPERLINK" in text and "''=already" in text and "'- a list" in text
    imported = Template.objects.get(workspace=empty)
    assert (imported.name, imported.description) == (formulas["name"], formulas["description"])
    assert imported.current_version.body == formulas["body"]


def test_a_chunk_the_database_refuses_is_retried_template_by_template(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_for_real = importing._write

    def refuse_bad(plan: importing._Plan) -> None:
        write_for_real(plan)  # written, then rolled back with the transaction
        if any(template.slug == "bad" for template in plan.new_templates):
            raise DatabaseError("refused")

    monkeypatch.setattr(importing, "_write", refuse_bad)
    rows = [{"slug": slug, "name": slug, "body": "x"} for slug in ("good", "bad", "fine")]
    report = run_import(workspace, ("a.json", json.dumps(rows)))
    assert (report["created"], report["failed"]) == (2, 1)
    assert report["errors"][0]["location"] == "item 2"
    assert slugs(workspace) == ["fine", "good"]
    assert TemplateVersion.objects.count() == 2
