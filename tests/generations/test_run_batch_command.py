"""`manage.py run_batch TEMPLATE FILE --workspace SLUG`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from generations.models import Batch, Generation
from generations.providers import PermanentProviderError

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows_file(tmp_path):
    path = tmp_path / "products.csv"
    path.write_text("product,tone\nteapot,warm\nmug,\nkettle,loud\n")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("run_batch", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_runs_a_file_in_this_process_and_reports(product_template, scripts, rows_file, settings):
    settings.MEDIA_ROOT = rows_file.parent
    slug = product_template.workspace.slug

    output = run("blurb", str(rows_file), "--workspace", slug)

    batch = Batch.objects.get()
    assert f"Batch {batch.pk}: 2 rows to run, 1 invalid rows skipped." in output
    assert f"Batch {batch.pk} succeeded: 2 succeeded, 0 failed, 0 cancelled." in output
    assert batch.results_csv.name in output
    assert batch.user is None and batch.source_name == "products.csv"
    assert Generation.objects.filter(batch=batch, status="succeeded").count() == 2


def test_a_dry_run_checks_and_estimates_only(product_template, scripts, rows_file) -> None:
    output = run(
        "blurb", str(rows_file), "--workspace", product_template.workspace.slug, "--dry-run"
    )

    assert "Dry run, nothing recorded: 2 of 3 rows valid, 1 invalid" in output
    assert "on openai/gpt-test" in output
    assert not Batch.objects.exists()


def test_failed_rows_make_the_command_fail(product_template, scripts, rows_file, settings):
    settings.MEDIA_ROOT = rows_file.parent
    scripts["openai"].append(PermanentProviderError("no", provider="openai"))

    with pytest.raises(CommandError, match="1 row\\(s\\) failed"):
        run("blurb", str(rows_file), "--workspace", product_template.workspace.slug)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["blurb", "FILE", "--workspace", "nope"], "No workspace"),
        (["nope", "FILE", "--workspace", "WS"], "No template 'nope'"),
        (["blurb", "missing.csv", "--workspace", "WS"], "No file"),
        (["blurb", "FILE", "--workspace", "WS", "--params", "[1"], "--params is not valid JSON"),
        (["blurb", "FILE", "--workspace", "WS", "--on-invalid", "reject"], "1 of 3 rows"),
        (["blurb", "FILE", "--workspace", "WS", "--provider", "nope"], "provider: "),
        (["blurb", "FILE", "--workspace", "WS", "--template-version", "0"], "version: "),
    ],
)
def test_mistakes_are_reported(product_template, scripts, rows_file, args, message) -> None:
    slug = product_template.workspace.slug
    args = [str(rows_file) if a == "FILE" else slug if a == "WS" else a for a in args]

    with pytest.raises(CommandError, match=message):
        run(*args)
