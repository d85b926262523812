"""A batch's results as CSV and JSON Lines, written through Django's storage API: MEDIA_ROOT on
disk by default, an S3-compatible bucket when configured (settings, "Object storage").

One line per row that ran, in row order: the row number, its input values, then status, output,
error, provider, model, tokens, cost (USD) and latency. Rows rejected as invalid at creation are
not in the export: they are listed in the batch's `errors`. The CSV's input columns carry the
variable names, so a filtered export can be uploaded again as the input of a new batch.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from aiagency.csv_cells import csv_writer
from aiagency.errors import ConflictError
from generations.models import Batch, Generation

EXPORT_FORMATS = ("csv", "jsonl")
RESULT_COLUMNS = [
    "status",
    "output",
    "error",
    "provider",
    "model",
    "input_tokens",
    "output_tokens",
    "cost",
    "latency_ms",
    "generation_id",
]
CONTENT_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}


def export_name(batch: Batch, fmt: str) -> str:
    return f"batches/{batch.workspace_id}/{batch.pk}/results.{fmt}"


def _rows(batch: Batch) -> Iterator[Generation]:
    return (
        Generation.objects.filter(batch=batch)
        .order_by("batch_row")
        .only(
            "pk", "batch_row", "variables", "status", "output", "error", "provider", "model",
            "input_tokens", "output_tokens", "cost", "latency_ms",
        )
        .iterator(chunk_size=500)
    )  # fmt: skip


def _result(generation: Generation) -> dict[str, Any]:
    return {
        "status": generation.status,
        "output": generation.output,
        "error": generation.error,
        "provider": generation.provider,
        "model": generation.model,
        "input_tokens": generation.input_tokens,
        "output_tokens": generation.output_tokens,
        "cost": str(generation.cost) if generation.cost is not None else None,
        "latency_ms": generation.latency_ms,
        "generation_id": generation.pk,
    }


def _input_columns(batch: Batch) -> list[tuple[str, str]]:
    """(variable, column) pairs; a variable named like a result column is renamed `input_...`."""
    taken = {"row", *RESULT_COLUMNS}
    names = [variable["name"] for variable in batch.template_version.variables]
    return [(name, f"input_{name}" if name in taken else name) for name in names]


def _write_csv(batch: Batch, out: IO[str]) -> None:
    inputs = _input_columns(batch)
    writer = csv_writer(out)
    writer.writerow(["row", *(column for _, column in inputs), *RESULT_COLUMNS])
    for generation in _rows(batch):
        result = _result(generation)
        values = [generation.variables.get(name) for name, _ in inputs]
        cells = [generation.batch_row, *values, *(result[column] for column in RESULT_COLUMNS)]
        writer.writerow(cells)


def _write_jsonl(batch: Batch, out: IO[str]) -> None:
    for generation in _rows(batch):
        line = {"row": generation.batch_row, "input": generation.variables, **_result(generation)}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def batch_export(*, batch: Batch, fmt: str, storage: Storage | None = None) -> str:
    """Write the batch's results in `fmt` to storage and return the stored file's name."""
    storage = storage or default_storage
    name = export_name(batch, fmt)
    # Spooled to a temporary file: a 10,000-row export need not sit in memory.
    with tempfile.TemporaryFile() as spool:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        (_write_csv if fmt == "csv" else _write_jsonl)(batch, text)
        text.flush()
        spool.seek(0)
        # The filesystem storage would pick a new name rather than overwrite.
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, File(spool, name=name))
        text.detach()
    return saved


def batch_export_results(*, batch: Batch) -> Batch:
    """Write both exports and remember where they are."""
    names = {f"results_{fmt}": batch_export(batch=batch, fmt=fmt) for fmt in EXPORT_FORMATS}
    Batch.objects.filter(pk=batch.pk).update(**names)
    batch.refresh_from_db()
    return batch


def batch_results_file(*, batch: Batch, fmt: str) -> File:
    """The stored export of a finished batch, opened for reading (written now if missing)."""
    if batch.status not in Batch.FINISHED or batch.runner_token:
        raise ConflictError(
            f"This batch is {batch.status}: its results are exported when it has finished."
        )
    field = batch.results_csv if fmt == "csv" else batch.results_jsonl
    if not field.name or not field.storage.exists(field.name):
        batch = batch_export_results(batch=batch)
        field = batch.results_csv if fmt == "csv" else batch.results_jsonl
    return field.storage.open(field.name, "rb")
