"""Batch results written through Django's storage API: to MEDIA_ROOT, and to an S3 bucket (a moto
server on loopback standing in for S3)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import FileSystemStorage
from moto.server import ThreadedMotoServer

from accounts.models import Role
from aiagency.errors import ConflictError
from generations.models import Batch
from generations.providers import PermanentProviderError
from generations.services import batches
from generations.services.batch_exports import (
    batch_export,
    batch_export_results,
    batch_results_file,
)
from generations.services.batch_runs import batch_process
from generations.services.batches import BatchInput, batch_create
from tests.generations.conftest import result

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "batch-results"


def finished_batch(template, scripts):
    scripts["openai"].extend([result("Copy for the teapot."), result("Copy for the mug.")])
    rows = [{"product": "teapot", "tone": "warm"}, {"product": "mug"}]
    batch, _ = batch_create(user=None, data=BatchInput(template=template, rows=rows), enqueue=False)
    return batch_process(batch_id=batch.pk).batch


def test_a_finished_batch_is_exported_to_media_root(product_template, scripts, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    batch = finished_batch(product_template, scripts)

    folder = tmp_path / "batches" / str(batch.workspace_id) / str(batch.pk)
    rows = list(csv.DictReader(io.StringIO((tmp_path / batch.results_csv.name).read_text())))
    assert list(rows[0]) == [
        "product", "tone", "status", "error", "output", "input_tokens", "output_tokens", "cost",
    ]  # fmt: skip
    assert [(r["product"], r["tone"], r["output"]) for r in rows] == [
        ("teapot", "warm", "Copy for the teapot."),
        ("mug", "", "Copy for the mug."),
    ]
    lines = (tmp_path / batch.results_jsonl.name).read_text().splitlines()
    assert json.loads(lines[1])["input"] == {"product": "mug"}
    assert {path.parent for path in tmp_path.glob("batches/**/results-*")} == {folder}


def test_exporting_again_publishes_new_files_and_removes_the_ones_replaced(
    product_template, scripts, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    batch = finished_batch(product_template, scripts)
    first = (batch.results_csv.name, batch.results_jsonl.name)

    with django_capture_on_commit_callbacks(execute=True):
        batch = batch_export_results(batch=batch)

    folder = tmp_path / "batches" / str(batch.workspace_id) / str(batch.pk)
    published = {batch.results_csv.name, batch.results_jsonl.name}
    assert published.isdisjoint(first)
    assert {str(path.relative_to(tmp_path)) for path in folder.iterdir()} == published


def test_an_export_is_never_written_under_the_name_a_download_reads(
    product_template, scripts, settings, tmp_path, monkeypatch
) -> None:
    """While an export is written again, the one published stays whole for downloads (the
    filesystem storage writes a file in place: one rewritten under its name was briefly gone,
    then partial)."""
    settings.MEDIA_ROOT = tmp_path
    batch = finished_batch(product_template, scripts)
    published = (tmp_path / batch.results_csv.name).read_bytes()
    seen_while_writing = []
    save = FileSystemStorage.save

    def save_and_look(storage, name, content, **options):
        seen_while_writing.append(b"".join(batch_results_file(batch=batch, fmt="csv")))
        return save(storage, name, content, **options)

    monkeypatch.setattr(FileSystemStorage, "save", save_and_look)
    batch_export_results(batch=batch)

    assert seen_while_writing == [published, published]


def test_a_download_that_read_the_batch_before_a_new_export_gets_the_new_one(
    product_template, scripts, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    batch = finished_batch(product_template, scripts)
    read_before = Batch.objects.get(pk=batch.pk)

    with django_capture_on_commit_callbacks(execute=True):
        batch_export_results(batch=batch)

    download = b"".join(batch_results_file(batch=read_before, fmt="jsonl"))
    assert download == (tmp_path / Batch.objects.get(pk=batch.pk).results_jsonl.name).read_bytes()


def test_a_download_that_read_the_batch_before_its_failed_rows_were_retried_is_refused(
    product_template, scripts, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    """Not the results from before the retry: those are removed, and the batch is queued."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(batches, "batch_enqueue", lambda **kwargs: None)  # the rerun not started
    scripts["openai"].extend([result(), PermanentProviderError("bad", provider="openai")])
    rows = [{"product": "teapot"}, {"product": "mug"}]
    batch, _ = batch_create(
        user=None, data=BatchInput(template=product_template, rows=rows), enqueue=False
    )
    finished = batch_process(batch_id=batch.pk).batch
    read_before = Batch.objects.get(pk=batch.pk)

    with django_capture_on_commit_callbacks(execute=True):
        batches.batch_retry_failed(batch=finished)

    with pytest.raises(ConflictError, match="queued"):
        batch_results_file(batch=read_before, fmt="csv")
    assert not list(tmp_path.glob("batches/**/results-*"))


@pytest.fixture
def s3_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings) -> boto3.client:
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "file_overwrite": True,
            },
        },
    }
    return client


def test_results_go_to_an_s3_bucket_and_download_from_it(
    product_template, scripts, s3_storage, client_as
) -> None:
    batch = finished_batch(product_template, scripts)

    stored = s3_storage.get_object(Bucket=BUCKET, Key=batch.results_csv.name)["Body"].read()
    download = client_as(Role.VIEWER).get(f"/api/batches/{batch.pk}/results/?format=jsonl")

    assert b"Copy for the teapot." in stored
    assert download.status_code == 200
    records = [json.loads(line) for line in b"".join(download.streaming_content).splitlines()]
    assert [record["output"] for record in records] == ["Copy for the teapot.", "Copy for the mug."]


def test_a_missing_export_is_written_again_on_download(
    product_template, scripts, s3_storage, client_as
) -> None:
    batch = finished_batch(product_template, scripts)
    s3_storage.delete_object(Bucket=BUCKET, Key=batch.results_csv.name)

    download = client_as(Role.VIEWER).get(f"/api/batches/{batch.pk}/results/?format=csv")

    assert download.status_code == 200
    assert b"Copy for the mug." in b"".join(download.streaming_content)
    batch.refresh_from_db()
    assert s3_storage.head_object(Bucket=BUCKET, Key=batch.results_csv.name)


def test_an_export_can_go_to_a_storage_given_explicitly(product_template, scripts, s3_storage):
    from storages.backends.s3 import S3Storage

    batch = finished_batch(product_template, scripts)
    storage = S3Storage(
        bucket_name=BUCKET,
        endpoint_url=s3_storage.meta.endpoint_url,
        access_key="testing",
        secret_key="testing",
        region_name="us-east-1",
        location="archive",
    )

    name = batch_export(batch=batch, fmt="csv", storage=storage)

    assert s3_storage.head_object(Bucket=BUCKET, Key=f"archive/{name}")


def test_naming_a_bucket_in_the_environment_switches_storage_to_s3() -> None:
    probe = "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "aiagency.settings"}
    environment.pop("AWS_STORAGE_BUCKET_NAME", None)

    def backend(**extra: str) -> str:
        command = [sys.executable, "-c", f"import django; django.setup(); {probe}"]
        env = {**environment, **extra}
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True).stdout

    assert backend().strip() == "django.core.files.storage.FileSystemStorage"
    assert backend(AWS_STORAGE_BUCKET_NAME="b").strip() == "storages.backends.s3.S3Storage"
