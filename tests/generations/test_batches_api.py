"""The batches API: create from a file or inline rows, check, watch, cancel, retry, download."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from generations import tasks
from generations.models import Batch, Generation
from generations.providers import PermanentProviderError
from generations.services.batch_input import (
    REQUEST_OVERHEAD_BYTES,
    PayloadTooLarge,
    check_request_size,
    check_row_count,
)
from tests.generations.conftest import result
from tests.generations.test_generations_api import PUBLISH_FAILURES

pytestmark = pytest.mark.django_db

CSV = "product,words,tone,notes\nteapot,40,warm,ours\nkettle,,dry,\nmug,30,,\n"


def upload(content: str, name: str = "rows.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def create(client, template, *, file=None, rows=None, run=None, **fields):
    """POST a batch; rows given inline go as JSON, a file as multipart."""
    if rows is not None:
        payload = {"template": template.pk, "rows": rows, **fields}
        return client.post("/api/batches/", payload, format="json")
    form = {"template": template.pk, "file": file or upload(CSV), **fields}
    if isinstance(form.get("params"), dict):
        form["params"] = json.dumps(form["params"])
    return client.post("/api/batches/", form, format="multipart")


@pytest.fixture
def editor(client_as):
    return client_as(Role.EDITOR)


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Run what a request enqueued (the batch task) when the block ends, as a worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- creating -------------------------------------------------------------------------------------
def test_a_csv_batch_runs_every_row_as_a_generation(editor, product_template, scripts, run_now):
    with run_now():
        response = create(editor, product_template)

    assert response.status_code == 201, response.content
    batch = editor.get(f"/api/batches/{response.json()['id']}/").json()
    assert batch["status"] == "succeeded"
    assert (batch["total"], batch["succeeded"], batch["failed"], batch["queued"]) == (3, 3, 0, 0)
    assert batch["template_name"] == "Product blurb"
    assert batch["ignored_columns"] == ["notes"]
    assert Decimal(batch["cost"]) == Decimal("0.006")  # 3 rows x (1000 in + 500 out) tokens
    assert batch["throughput"] > 0 and batch["eta_seconds"] is None
    rows = Generation.objects.filter(batch_id=batch["id"]).order_by("batch_row")
    assert [(g.batch_row, g.variables["product"], g.mode) for g in rows] == [
        (1, "teapot", "batch"),
        (2, "kettle", "batch"),
        (3, "mug", "batch"),
    ]
    assert rows[1].variables["words"] == 50  # an empty cell takes the variable's default
    assert [request.prompt for _, request in scripts.calls] == [g.rendered_prompt for g in rows]
    history = editor.get("/api/generations/", {"workspace": product_template.workspace_id})
    assert history.json()["count"] == 3  # each row is an ordinary generation in history


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rows.json", json.dumps([{"product": "teapot"}, {"product": "mug", "words": 20}])),
        ("rows.jsonl", '{"product": "teapot"}\n\n{"product": "mug", "words": 20}\n'),
    ],
)
def test_json_and_json_lines_files_are_read_too(editor, product_template, scripts, name, content):
    response = create(editor, product_template, file=upload(content, name))

    assert response.status_code == 201, response.content
    assert response.json()["total"] == 2


def test_inline_rows_and_params_sent_as_json(editor, product_template, scripts, run_now):
    with run_now():
        response = create(
            editor, product_template, rows=[{"product": "teapot"}], params={"temperature": 0.2}
        )

    assert response.status_code == 201, response.content
    generation = Generation.objects.get(batch_id=response.json()["id"])
    assert generation.params == {"max_tokens": 100, "temperature": 0.2}


def test_params_arrive_as_a_json_string_in_a_multipart_form(editor, product_template, scripts):
    response = create(editor, product_template, params={"temperature": 0.5})

    assert response.status_code == 201, response.content
    assert response.json()["params"] == {"max_tokens": 100, "temperature": 0.5}


# --- validation -----------------------------------------------------------------------------------
BAD_ROWS = [
    {"product": "teapot"},  # 1: fine
    {"words": 10},  # 2: product missing
    {"product": "x" * 21},  # 3: too long
    {"product": "mug", "words": "many"},  # 4: not an integer
    {"product": "cup", "tone": "loud"},  # 5: not a choice
    ["not", "an", "object"],  # 6: not an object
]


def test_a_dry_run_lists_each_kind_of_bad_row_and_records_nothing(
    editor, product_template, scripts
):
    response = create(editor, product_template, rows=BAD_ROWS, dry_run=True)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["total"], body["valid"], body["invalid"]) == (6, 1, 5)
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (2, "product"),
        (3, "product"),
        (4, "words"),
        (5, "tone"),
        (6, None),
    ]
    assert "required" in body["errors"][0]["message"]
    assert not Batch.objects.exists() and not Generation.objects.exists()


def test_a_dry_run_estimates_tokens_and_cost_from_max_tokens(editor, product_template, scripts):
    response = create(editor, product_template, rows=[{"product": "teapot"}] * 4, dry_run=True)

    body = response.json()
    # "Describe teapot in 50 words." is 28 characters plus a newline: 8 tokens at 4 per token.
    assert body["estimated_input_tokens"] == 4 * 8
    assert body["estimated_output_tokens"] == 4 * 100
    # $1 per million input tokens and $2 per million output tokens (the test catalogue).
    assert Decimal(body["estimated_cost"]) == Decimal("0.000832")
    assert (body["currency"], body["provider"], body["model"]) == ("USD", "openai", "gpt-test")
    assert body["within_budget"] is None


def test_skip_runs_the_valid_rows_and_keeps_the_errors(editor, product_template, scripts):
    response = create(editor, product_template, rows=BAD_ROWS, on_invalid="skip")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["total"], body["invalid"]) == (1, 5)
    assert [e["row"] for e in body["errors"]] == [2, 3, 4, 5, 6]
    assert Generation.objects.get().batch_row == 1


def test_reject_refuses_the_batch_naming_each_bad_row(editor, product_template, scripts):
    response = create(editor, product_template, rows=BAD_ROWS, on_invalid="reject")

    assert response.status_code == 400
    error = response.json()["error"]
    assert "5 of 6 rows are invalid" in error["message"]
    assert set(error["fields"]) == {
        "rows.2.product",
        "rows.3.product",
        "rows.4.words",
        "rows.5.tone",
        "rows.6",
    }
    assert not Batch.objects.exists()


def test_a_batch_without_a_single_valid_row_is_refused(editor, product_template, scripts):
    response = create(editor, product_template, rows=[{"product": "x" * 21}])

    assert response.status_code == 400
    assert "None of the 1 rows is valid" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rows.csv", "", "empty"),
        ("rows.json", '{"product": "x"}', "list of objects"),
        ("rows.json", "[{", "not valid JSON"),
        ("rows.jsonl", '{"product": "x"}\nnope\n', "Line 2"),
    ],
)
def test_an_unreadable_file_is_a_file_error(editor, product_template, name, content, message):
    response = create(editor, product_template, file=upload(content, name))

    assert response.status_code == 400
    assert message in response.json()["error"]["fields"]["file"][0]


@pytest.mark.parametrize("separator", [";", "\t", ","])
def test_a_csv_s_separator_is_detected(editor, product_template, scripts, separator) -> None:
    # What Excel writes in Portuguese and many European locales: semicolons, decimal commas.
    content = "product;words;notes\nChá verde;40;preço 1,50\nCaneca;;\n".replace(";", separator)

    body = create(editor, product_template, file=upload(content), dry_run=True).json()

    assert (body["valid"], body["invalid"], body["ignored_columns"]) == (2, 0, ["notes"])


def test_missing_variables_are_named_with_the_columns_found(editor, product_template, scripts):
    content = "produto|palavras\nChá|40\n"

    response = create(editor, product_template, file=upload(content))

    assert response.status_code == 400
    message = response.json()["error"]["fields"]["file"][0]
    assert "Columns found: 'produto|palavras'" in message
    assert "Variables missing: product" in message


def xlsx(*lines: list) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for line in lines:
        workbook.active.append(line)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("rows.xlsx", out.getvalue())


def test_an_excel_workbook_is_read_from_its_first_sheet(editor, product_template, scripts, run_now):
    file = xlsx(
        ["product", "words", "added"],
        ["teapot", 40, datetime(2025, 3, 1, 9, 30)],
        [None, None, None],
        ["mug", None, None],
    )
    with run_now():
        batch_id = create(editor, product_template, file=file).json()["id"]

    rows = editor.get(f"/api/batches/{batch_id}/rows/").json()["results"]
    assert [row["input"] for row in rows] == [
        {"product": "teapot", "words": 40, "added": "2025-03-01T09:30:00"},
        {"product": "mug", "words": None, "added": None},
    ]
    assert [row["status"] for row in rows] == ["succeeded", "succeeded"]
    assert "40 words" in scripts.calls[0][1].prompt


def test_a_workbook_that_unpacks_too_large_is_refused(editor, product_template, settings):
    workbook = io.BytesIO(xlsx(["product"], ["teapot"]).read())
    with zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(50_000_000))  # compresses to ~50 KB
    settings.BATCH_MAX_UPLOAD_BYTES = 1_000_000

    response = create(
        editor, product_template, file=SimpleUploadedFile("rows.xlsx", workbook.getvalue())
    )

    assert response.status_code == 413
    assert "unpacks" in response.json()["error"]["message"]


def test_a_broken_workbook_is_a_file_error(editor, product_template):
    response = create(editor, product_template, file=SimpleUploadedFile("rows.xlsx", b"PK\x03\x04"))

    assert response.status_code == 400
    assert "xlsx" in response.json()["error"]["fields"]["file"][0]


def test_a_file_that_is_not_utf8_is_refused(editor, product_template):
    latin1 = SimpleUploadedFile("rows.csv", "product\ncafé\n".encode("latin-1"))

    response = create(editor, product_template, file=latin1)

    assert response.status_code == 400
    assert "UTF-8" in response.json()["error"]["message"]


def test_rows_come_as_a_file_or_inline_not_neither(editor, product_template):
    response = editor.post("/api/batches/", {"template": product_template.pk}, format="json")

    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_too_many_rows_answers_413_naming_the_limit(editor, product_template, scripts, settings):
    settings.BATCH_MAX_ROWS = 2

    from_file = create(editor, product_template)
    inline = create(editor, product_template, rows=[{"product": "a"}] * 3)

    assert from_file.status_code == inline.status_code == 413
    assert "the limit is 2 rows" in from_file.json()["error"]["message"]
    assert "BATCH_MAX_ROWS" in inline.json()["error"]["message"]


def test_too_large_a_file_answers_413_naming_the_limit(editor, product_template, settings):
    settings.BATCH_MAX_UPLOAD_BYTES = 20

    response = create(editor, product_template)

    assert response.status_code == 413
    assert "the limit is 20 bytes" in response.json()["error"]["message"]


def test_a_request_over_the_upload_limit_and_the_form_room_is_refused_unread(settings):
    settings.BATCH_MAX_UPLOAD_BYTES = 1000

    check_request_size(1000 + REQUEST_OVERHEAD_BYTES)  # the form's other fields have room
    with pytest.raises(PayloadTooLarge) as refused:
        check_request_size(1001 + REQUEST_OVERHEAD_BYTES)

    assert refused.value.errors == {"file": [refused.value.message]}
    assert "the limit is 1,000 bytes" in refused.value.message


def test_a_batch_over_the_monthly_budget_is_refused_up_front(editor, product_template, scripts):
    product_template.workspace.monthly_cost_budget = Decimal("0.01")
    product_template.workspace.save()
    rows, params = [{"product": "a"}] * 4, {"max_tokens": 5000}  # about $0.04

    check = create(editor, product_template, rows=rows, params=params, dry_run=True)
    response = create(editor, product_template, rows=rows, params=params)

    assert check.json()["within_budget"] is False
    assert response.status_code == 429
    assert "would exceed it" in response.json()["error"]["message"]
    assert not Batch.objects.exists()


def test_a_repeated_idempotency_key_returns_the_first_batch(editor, product_template, scripts):
    first = editor.post(
        "/api/batches/",
        {"template": product_template.pk, "rows": [{"product": "a"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    again = editor.post(
        "/api/batches/",
        {"template": product_template.pk, "rows": [{"product": "a"}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )

    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Batch.objects.count() == 1


@pytest.mark.parametrize("failure", PUBLISH_FAILURES, ids=lambda error: type(error).__name__)
def test_a_batch_is_accepted_whatever_the_broker_does(
    editor, product_template, scripts, run_now, monkeypatch, failure: Exception
):
    def publish_fails(*args: object) -> None:
        raise failure

    monkeypatch.setattr(tasks.process_batch, "delay", publish_fails)

    with run_now():
        response = create(editor, product_template, rows=[{"product": "a"}])

    assert response.status_code == 201, response.content
    # Left queued for the sweep, which sends it again (batches_requeue_stale).
    assert Batch.objects.get(pk=response.json()["id"]).status == "queued"


# --- access ---------------------------------------------------------------------------------------
def test_a_viewer_may_watch_but_not_start_batches(client_as, product_template):
    response = create(client_as(Role.VIEWER), product_template, rows=[{"product": "a"}])

    assert response.status_code == 403


def test_another_workspace_s_batch_is_not_found(editor, outsider_client, product_template, scripts):
    batch_id = create(editor, product_template, rows=[{"product": "a"}]).json()["id"]

    for path in ["", "results/?format=csv", "events/"]:
        assert outsider_client.get(f"/api/batches/{batch_id}/{path}").status_code == 404
    assert outsider_client.post(f"/api/batches/{batch_id}/cancel/").status_code == 404
    assert outsider_client.get("/api/batches/").json()["count"] == 0
    # Nor can an outsider start a batch from this workspace's template.
    assert create(outsider_client, product_template, rows=[{"product": "a"}]).status_code == 400


def test_batches_are_listed_per_workspace_with_their_counts(
    editor, product_template, other_workspace, scripts, run_now
):
    with run_now():
        create(editor, product_template, rows=[{"product": "a"}, {"product": "b"}])

    listed = editor.get("/api/batches/", {"workspace": product_template.workspace_id}).json()
    elsewhere = editor.get("/api/batches/", {"workspace": other_workspace.pk}).json()

    assert listed["count"] == 1 and listed["results"][0]["succeeded"] == 2
    assert elsewhere["count"] == 0


# --- steering -------------------------------------------------------------------------------------
def test_cancel_stops_rows_not_yet_started(editor, product_template, scripts):
    batch_id = create(editor, product_template).json()["id"]  # queued: its task has not run
    Generation.objects.filter(batch_id=batch_id, batch_row=1).update(status="running")

    response = editor.post(f"/api/batches/{batch_id}/cancel/")
    again = editor.post(f"/api/batches/{batch_id}/cancel/")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["cancelled"], body["running"]) == ("cancelled", 2, 1)
    assert again.status_code == 409


def test_a_viewer_cannot_cancel(client_as, editor, product_template, scripts):
    batch_id = create(editor, product_template).json()["id"]

    assert client_as(Role.VIEWER).post(f"/api/batches/{batch_id}/cancel/").status_code == 403


def test_retry_failed_runs_the_failed_rows_again(editor, product_template, scripts, run_now):
    scripts["openai"].extend([result(), PermanentProviderError("bad", provider="openai")])
    with run_now():
        batch_id = create(editor, product_template, rows=[{"product": "a"}, {"product": "b"}])
        batch_id = batch_id.json()["id"]
    failed = editor.get(f"/api/batches/{batch_id}/").json()

    with run_now():
        retried = editor.post(f"/api/batches/{batch_id}/retry_failed/")
    after = editor.get(f"/api/batches/{batch_id}/").json()
    nothing_left = editor.post(f"/api/batches/{batch_id}/retry_failed/")

    assert (failed["status"], failed["succeeded"], failed["failed"]) == ("completed", 1, 1)
    assert retried.status_code == 200 and retried.json()["status"] == "queued"
    assert (after["status"], after["succeeded"], after["failed"]) == ("succeeded", 2, 0)
    assert Generation.objects.filter(batch_id=batch_id).count() == 2  # the same rows, rerun
    assert nothing_left.status_code == 400


def test_retry_failed_waits_for_the_batch_to_finish(editor, product_template, scripts):
    batch_id = create(editor, product_template).json()["id"]

    response = editor.post(f"/api/batches/{batch_id}/retry_failed/")

    assert response.status_code == 409


# --- results --------------------------------------------------------------------------------------
def test_results_download_as_csv_and_json_lines(editor, product_template, scripts, run_now):
    scripts["openai"].extend([result("Teapot copy."), PermanentProviderError("no", provider="x")])
    with run_now():
        batch_id = create(editor, product_template).json()["id"]

    as_csv = editor.get(f"/api/batches/{batch_id}/results/", {"format": "csv"})
    as_jsonl = editor.get(f"/api/batches/{batch_id}/results/", {"format": "jsonl"})

    assert as_csv.status_code == 200 and as_csv["Content-Type"] == "text/csv"
    assert "attachment" in as_csv["Content-Disposition"]
    lines = list(csv.DictReader(io.StringIO(b"".join(as_csv.streaming_content).decode())))
    assert [(r["product"], r["notes"], r["status"]) for r in lines] == [
        ("teapot", "ours", "succeeded"),
        ("kettle", "", "failed"),
        ("mug", "", "succeeded"),
    ]
    assert lines[0]["output"] == "Teapot copy."
    assert (lines[0]["input_tokens"], lines[0]["output_tokens"]) == ("1000", "500")
    assert lines[0]["cost"] == "0.002000"
    assert "x: no" in lines[1]["error"]
    records = [json.loads(line) for line in b"".join(as_jsonl.streaming_content).splitlines()]
    assert as_jsonl["Content-Type"] == "application/x-ndjson"
    assert records[0]["input"] == {
        "product": "teapot",
        "words": "40",
        "tone": "warm",
        "notes": "ours",
    }
    assert [r["status"] for r in records] == ["succeeded", "failed", "succeeded"]


def test_results_hold_every_input_row_in_order_with_its_own_columns(
    editor, product_template, scripts, run_now
) -> None:
    content = "sku,product,words\nA1,teapot,40\nB2,,10\nC3,mug,many\nD4,cup,\n"
    with run_now():
        batch_id = create(editor, product_template, file=upload(content)).json()["id"]

    as_csv = editor.get(f"/api/batches/{batch_id}/results/", {"format": "csv"})

    lines = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode())))
    assert lines[0] == [
        "sku", "product", "words", "status", "error", "output", "input_tokens", "output_tokens",
        "cost",
    ]  # fmt: skip
    assert [(line[0], line[3]) for line in lines[1:]] == [
        ("A1", "succeeded"),
        ("B2", "invalid"),
        ("C3", "invalid"),
        ("D4", "succeeded"),
    ]
    assert lines[2][4] == "product: This variable is required."
    assert "words" in lines[3][4]


def test_the_rows_list_pages_and_filters_every_input_row(
    editor, product_template, scripts, run_now
) -> None:
    scripts["openai"].extend([result("Teapot copy."), PermanentProviderError("no", provider="x")])
    rows = [
        {"product": "teapot", "sku": "A1"},
        {"words": 3},
        {"product": "mug"},
        {"product": "cup"},
    ]
    with run_now():
        batch_id = create(editor, product_template, rows=rows).json()["id"]

    first_page = editor.get(f"/api/batches/{batch_id}/rows/", {"page_size": 2}).json()
    invalid = editor.get(f"/api/batches/{batch_id}/rows/", {"status": "invalid"}).json()
    failed = editor.get(f"/api/batches/{batch_id}/rows/", {"status": "failed"}).json()
    bad = editor.get(f"/api/batches/{batch_id}/rows/", {"status": "lost"})

    assert first_page["count"] == 4 and first_page["next"]
    teapot, missing = first_page["results"]
    assert (teapot["row"], teapot["status"], teapot["input"]) == (
        1,
        "succeeded",
        {"product": "teapot", "sku": "A1"},
    )
    assert (teapot["output"], teapot["cost"], teapot["input_tokens"]) == (
        "Teapot copy.",
        "0.002000",
        1000,
    )
    assert teapot["generation"] is not None
    assert (missing["row"], missing["status"], missing["generation"]) == (2, "invalid", None)
    assert missing["error"] == "product: This variable is required."
    assert [row["row"] for row in invalid["results"]] == [2]
    assert [row["row"] for row in failed["results"]] == [3]
    assert bad.status_code == 400 and "status" in bad.json()["error"]["fields"]


def test_results_are_not_ready_while_the_batch_runs(editor, product_template, scripts):
    batch_id = create(editor, product_template).json()["id"]

    response = editor.get(f"/api/batches/{batch_id}/results/", {"format": "csv"})
    unknown = editor.get(f"/api/batches/{batch_id}/results/", {"format": "xlsx"})

    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert "exported when it has finished" in response.json()["error"]["message"]
    assert unknown.status_code == 400


def test_progress_streams_as_server_sent_events(editor, product_template, scripts, run_now):
    with run_now():
        batch_id = create(editor, product_template).json()["id"]

    response = editor.get(f"/api/batches/{batch_id}/events/")
    events = b"".join(response.streaming_content).decode().strip().split("\n\n")

    assert response["Content-Type"] == "text/event-stream"
    assert [event.splitlines()[0] for event in events] == ["event: progress", "event: done"]
    assert json.loads(events[1].splitlines()[1].removeprefix("data: "))["succeeded"] == 3


def test_a_file_at_its_row_limit_passes_and_one_past_it_is_refused_with_both_counts(settings):
    settings.BATCH_MAX_ROWS = 1000

    check_row_count(1000)
    with pytest.raises(PayloadTooLarge) as refused:
        check_row_count(1001)

    assert refused.value.errors == {"file": [refused.value.message]}
    assert "The input has 1,001 rows; the limit is 1,000 rows" in refused.value.message
