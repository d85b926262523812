"""A batch's results as CSV and JSON Lines, written through Django's storage API: MEDIA_ROOT on
disk by default, an S3-compatible bucket when configured (settings, "Object storage").

Every input row, in input order, invalid ones included (status `invalid`, with why in `error`):
the user's own columns first, extra ones too, then status, error, output, tokens and cost (USD).
The CSV's columns keep the input's names, so a filtered export can be uploaded again as the input
of a new batch; a result column whose name an input column already has is written `result_...`.
A JSON Lines row is what `GET /api/batches/{id}/rows/` answers for it.

Each export is written under a name of its own and named on the batch only once it is whole; the
one it replaces is removed after that. A download never reads a file being written, and one that
read the replaced name a moment before reads the batch again (`batch_results_file`).
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from aiagency.csv_cells import csv_writer
from aiagency.errors import ConflictError
from generations.models import Batch
from generations.selectors import batch_columns, batch_row_result, batch_rows, batch_runners_live

EXPORT_FORMATS = ("csv", "jsonl")
RESULT_COLUMNS = ["status", "error", "output", "input_tokens", "output_tokens", "cost"]
CONTENT_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}
EXPORT_FIELDS = tuple(f"results_{fmt}" for fmt in EXPORT_FORMATS)

logger = logging.getLogger(__name__)


def export_name(batch: Batch, fmt: str) -> str:
    """A new name for each export, so that no file is ever written again under a published name."""
    return f"batches/{batch.workspace_id}/{batch.pk}/results-{secrets.token_hex(8)}.{fmt}"


def _rows(batch: Batch) -> Iterator[dict[str, Any]]:
    return (batch_row_result(row) for row in batch_rows(batch=batch).iterator(chunk_size=500))


def _write_csv(batch: Batch, out: IO[str]) -> None:
    inputs = batch_columns(batch=batch)
    taken = set(inputs)
    results = [f"result_{name}" if name in taken else name for name in RESULT_COLUMNS]
    writer = csv_writer(out)
    writer.writerow([*inputs, *results])
    for row in _rows(batch):
        values = [row["input"].get(name) for name in inputs]
        cells = [*values, *(row[column] for column in RESULT_COLUMNS)]
        writer.writerow(["" if cell is None else cell for cell in cells])


def _write_jsonl(batch: Batch, out: IO[str]) -> None:
    for row in _rows(batch):
        out.write(json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")


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
        saved = storage.save(name, File(spool, name=name))
        text.detach()
    return saved


def batch_export_results(*, batch: Batch) -> Batch:
    """Write both exports, then name them on the batch; the ones they replace are removed once
    that has committed."""
    written = {f"results_{fmt}": batch_export(batch=batch, fmt=fmt) for fmt in EXPORT_FORMATS}
    with transaction.atomic():
        replaced = Batch.objects.select_for_update().values(*EXPORT_FIELDS).get(pk=batch.pk)
        Batch.objects.filter(pk=batch.pk).update(**written)
        transaction.on_commit(lambda: remove_exports(replaced.values()))
    batch.refresh_from_db()
    return batch


def remove_exports(names: Iterable[str | None]) -> None:
    """Remove exports no batch names any more. One that cannot be removed is logged and left."""
    for name in filter(None, names):
        try:
            default_storage.delete(name)
        except Exception:
            logger.exception("a replaced batch export could not be removed", extra={"file": name})


def batch_results_file(*, batch: Batch, fmt: str) -> File[bytes]:
    """The stored export of a finished batch, opened for reading (written now if missing).

    A name read just before its export was replaced (failed rows retried and run again) or
    unpublished (a retry under way) finds no file: the batch is read again, and answers its
    current export or why there is none."""
    _check_finished(batch)
    opened = _open_published(batch, fmt)
    if opened is None:
        batch.refresh_from_db()
        _check_finished(batch)
        opened = _open_published(batch, fmt)
    if opened is None:
        opened = _open_published(batch_export_results(batch=batch), fmt)
    if opened is None:  # replaced at once by another download's export
        raise ConflictError(_("This batch's results are being written: try again in a moment."))
    return opened


def _check_finished(batch: Batch) -> None:
    if batch.status not in Batch.FINISHED or batch_runners_live().filter(batch=batch).exists():
        raise ConflictError(
            _("This batch is %(status)s: its results are exported when it has finished.")
            % {"status": batch.status}
        )


def _open_published(batch: Batch, fmt: str) -> File[bytes] | None:
    field = getattr(batch, f"results_{fmt}")
    if not field.name or not field.storage.exists(field.name):
        return None
    try:
        opened: File[bytes] = field.storage.open(field.name, "rb")
    except FileNotFoundError:  # removed since `exists`: replaced by a newer export
        return None
    return opened
