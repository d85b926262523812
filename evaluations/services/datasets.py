"""Datasets: rows of variables (and a reference answer) with checks.

Rows come from the API, from a file read by the batch input parsers (CSV, JSON, JSON Lines,
XLSX: a `reference` column is the row's reference, every other column a variable), or from a
batch's input rows. A dataset holds at most `BATCH_MAX_ROWS` rows: an evaluation runs it as one
batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User, Workspace
from aiagency.errors import ConflictError, DomainError
from evaluations.checks import checks_clean
from evaluations.models import Dataset, DatasetRow
from generations.models import Batch, BatchRow
from generations.providers import PROVIDERS
from generations.services.batch_input import PayloadTooLarge, rows_from_upload
from templates_app.models import Template

REFERENCE_COLUMN = "reference"
MAX_REFERENCE_LENGTH = 100_000


def _checks(raw: Any) -> list[dict[str, Any]]:
    checks = checks_clean(raw)
    for index, check in enumerate(checks):
        provider = check.get("provider")
        if provider and provider not in PROVIDERS:
            raise DomainError(
                _("Unknown provider '%(provider)s'.") % {"provider": provider},
                field=f"checks.{index}.provider",
            )
    return checks


def _template_of(workspace: Workspace, template: Template | None) -> Template | None:
    if template is not None and template.workspace_id != workspace.pk:
        raise DomainError(_("This template is in another workspace."), field="template")
    return template


def dataset_create(*, workspace: Workspace, user: User | None, data: Mapping[str, Any]) -> Dataset:
    return Dataset.objects.create(
        workspace=workspace,
        created_by=user,
        name=data["name"],
        template=_template_of(workspace, data.get("template")),
        checks=_checks(data.get("checks", [])),
    )


def dataset_update(*, dataset: Dataset, data: Mapping[str, Any]) -> Dataset:
    """Name, template and checks; an evaluation keeps the checks it started with."""
    if "name" in data:
        dataset.name = data["name"]
    if "template" in data:
        dataset.template = _template_of(dataset.workspace, data["template"])
    if "checks" in data:
        dataset.checks = _checks(data["checks"])
    dataset.save()
    return dataset


def dataset_delete(*, dataset: Dataset) -> None:
    """Delete the dataset, its rows and its evaluations; refused while a release gate names it
    (the gated label could never move again)."""
    gated = [
        template.name
        for template in Template.objects.filter(workspace_id=dataset.workspace_id).exclude(
            release_gates=[]
        )
        if any(gate["dataset"] == dataset.pk for gate in template.release_gates)
    ]
    if gated:
        raise ConflictError(
            _("The release gates of %(templates)s name this dataset: remove them first.")
            % {"templates": ", ".join(gated)}
        )
    dataset.delete()


def _row_of(number: int, given: Any) -> DatasetRow:
    if not isinstance(given, Mapping) or not isinstance(given.get("variables", {}), Mapping):
        raise DomainError(_("A row is {variables: {...}, reference?}."), field=f"rows.{number}")
    reference = given.get("reference") or ""
    if not isinstance(reference, str) or len(reference) > MAX_REFERENCE_LENGTH:
        raise DomainError(
            _("A text of at most %(length)s characters.") % {"length": f"{MAX_REFERENCE_LENGTH:,}"},
            field=f"rows.{number}.reference",
        )
    return DatasetRow(variables=dict(given.get("variables", {})), reference=reference)


@transaction.atomic
def dataset_rows_add(*, dataset: Dataset, rows: Iterable[Any]) -> int:
    """Append `rows` (`{variables, reference?}`) after the dataset's last row; their number."""
    built = [_row_of(number, given) for number, given in enumerate(rows, start=1)]
    Dataset.objects.select_for_update().filter(pk=dataset.pk).first()  # one append at a time
    last = dataset.rows.aggregate(last=Max("position"))["last"] or 0
    limit = settings.BATCH_MAX_ROWS
    if last + len(built) > limit:
        raise PayloadTooLarge(
            _(
                "A dataset holds at most %(limit)s rows (BATCH_MAX_ROWS); it has %(count)s and "
                "%(sent)s more were sent."
            )
            % {"limit": f"{limit:,}", "count": f"{last:,}", "sent": f"{len(built):,}"},
            field="rows",
        )
    for position, row in enumerate(built, start=last + 1):
        row.dataset, row.position = dataset, position
    DatasetRow.objects.bulk_create(built, batch_size=1000)
    return len(built)


def _split_reference(values: Any) -> Any:
    if not isinstance(values, Mapping):
        return values  # refused by `_row_of`, numbered
    variables = {str(k): v for k, v in values.items() if k != REFERENCE_COLUMN}
    reference = values.get(REFERENCE_COLUMN)
    return {"variables": variables, "reference": "" if reference is None else str(reference)}


def dataset_rows_import(*, dataset: Dataset, name: str, content: bytes) -> int:
    """Append the rows of an uploaded file (the batch formats); a `reference` column is each
    row's reference, the other columns its variables."""
    rows = rows_from_upload(name=name, content=content)
    return dataset_rows_add(dataset=dataset, rows=map(_split_reference, rows))


def dataset_rows_copy_batch(*, dataset: Dataset, batch: Batch) -> int:
    """Append a batch's input rows (valid and invalid alike), their columns as variables."""
    if batch.workspace_id != dataset.workspace_id:
        raise DomainError(_("Batch %(batch)s does not exist.") % {"batch": batch.pk}, field="batch")
    inputs = BatchRow.objects.filter(batch=batch).order_by("row").values_list("input", flat=True)
    return dataset_rows_add(
        dataset=dataset, rows=({"variables": dict(pairs)} for pairs in inputs.iterator())
    )
