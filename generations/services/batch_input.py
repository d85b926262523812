"""A batch's input: reading rows from an upload, checking each against the template, and pricing
the whole batch before anything runs.

Uploads are CSV (comma, semicolon or tab separated, detected: Excel writes semicolons in many
locales), Excel workbooks (.xlsx, the first sheet), JSON (a list of objects) or JSON Lines. Rows are
numbered from 1 in the order they appear: the first data row is row 1, whatever the format (a
header line is not a row, so spreadsheet line N holds row N - 1). The same number is
stored on each row's generation (`batch_row`) and appears in the results export.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http import HTTPStatus
from pathlib import PurePath
from typing import Any

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise
from openpyxl.utils.exceptions import InvalidFileException

from aiagency.errors import DomainError
from aiagency.json_input import JSONInputError, parse_json
from generations.services.catalogue import cost_of
from generations.services.manager import Target
from templates_app.errors import RenderError, RenderLimitExceeded, TemplateInvalid
from templates_app.models import TemplateVersion
from templates_app.services.preview import count_tokens
from templates_app.services.prompts import RenderedPrompt, render_version

# Enough to fix a file from; the counts are always exact.
MAX_REPORTED_ERRORS = 1000
FORMATS = ("csv", "json", "jsonl", "xlsx")
CSV_DELIMITERS = ",;\t"
# A workbook is a zip: its unpacked size is bounded too (a small upload may unpack to gigabytes).
XLSX_MAX_UNPACKED_FACTOR = 20
# Room for the form's other fields and multipart boundaries around the file itself.
REQUEST_OVERHEAD_BYTES = 64 * 1024


class PayloadTooLarge(DomainError):
    status_code = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    code = "too_large"


class BatchRowsInvalid(DomainError):
    """Rows failed validation and the batch cannot run; `fields` names each as `rows.N.field`."""

    def __init__(self, message: str, *, row_errors: list[RowError]) -> None:
        fields: dict[str, list[str]] = {}
        for error in row_errors:
            key = f"rows.{error.row}.{error.field}" if error.field else f"rows.{error.row}"
            fields.setdefault(key, []).append(error.message)
        super().__init__(message, errors=fields)


@dataclass(frozen=True)
class RowError:
    row: int
    field: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class CheckedRows:
    """Every row checked: the valid ones rendered, the others explained."""

    total: int
    valid: list[tuple[int, RenderedPrompt]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # the first MAX_REPORTED_ERRORS
    invalid: int = 0
    why_invalid: dict[int, str] = field(default_factory=dict)  # every invalid row, in a line
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Estimate:
    input_tokens: int
    output_tokens: int
    cost: Decimal | None  # None when the model is not in the catalogue


# --- reading --------------------------------------------------------------------------------------
# What a file past one of its limits is told: %(actual)s is what it has, %(limit)s the most.
_UPLOAD_TOO_LARGE = gettext_lazy(
    "The upload is %(actual)s bytes; the limit is %(limit)s bytes (BATCH_MAX_UPLOAD_BYTES). "
    "Split the file into several batches."
)
_TOO_MANY_ROWS = gettext_lazy(
    "The input has %(actual)s rows; the limit is %(limit)s rows per batch (BATCH_MAX_ROWS). "
    "Split it into several batches."
)
_UNPACKS_TOO_LARGE = gettext_lazy(
    "The workbook unpacks to %(actual)s bytes; the limit is %(limit)s bytes. Save it as CSV, or "
    "split it into several batches."
)


def _refuse_over_limit(actual: int, limit: int, message: StrPromise) -> None:
    """Refuse the file (413 on `file`) when `actual` is past `limit`; `message` shows both with
    thousands separators."""
    if actual > limit:
        raise PayloadTooLarge(
            message % {"actual": f"{actual:,}", "limit": f"{limit:,}"}, field="file"
        )


def check_upload_size(size: int) -> None:
    _refuse_over_limit(size, settings.BATCH_MAX_UPLOAD_BYTES, _UPLOAD_TOO_LARGE)


def check_request_size(length: int) -> None:
    """Refuse an oversized request before its body is read (and spooled to disk): the upload's
    limit, with room for the form's other fields; its length stands for the upload's size."""
    if length > settings.BATCH_MAX_UPLOAD_BYTES + REQUEST_OVERHEAD_BYTES:
        check_upload_size(length)


def check_row_count(count: int) -> None:
    _refuse_over_limit(count, settings.BATCH_MAX_ROWS, _TOO_MANY_ROWS)


def _format_of(name: str, content: bytes) -> str:
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if suffix == "ndjson":
        return "jsonl"
    # No telling extension: a workbook is a zip ("PK"), a JSON list starts with "[", JSON Lines
    # with "{", else CSV.
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    start = content.lstrip()[:1]
    return {b"[": "json", b"{": "jsonl"}.get(start, "csv")


def _file_error(message: str) -> DomainError:
    return DomainError(message, field="file")


def _delimiter(text: str) -> str:
    """The CSV's separator among comma, semicolon and tab, judged from its first lines; a comma
    when nothing tells (a file of one column)."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _table_rows(lines: Iterator[list[Any]], kind: str) -> list[dict[str, Any]]:
    """Rows of a table whose first line names the columns (CSV, a workbook's sheet)."""
    header = next(lines, None)
    if header is None:
        raise _file_error(
            _("The %(kind)s is empty: it needs a header row of variable names.") % {"kind": kind}
        )
    names = ["" if name is None else str(name).strip() for name in header]
    if not any(names):
        raise _file_error(
            _("The header row of the %(kind)s is empty: it must name the template variables.")
            % {"kind": kind}
        )
    rows: list[dict[str, Any]] = []
    for cells in lines:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue  # blank lines, common at the end of exported spreadsheets
        check_row_count(len(rows) + 1)
        # An empty cell is None, "not given": the variable's default (or "required") applies.
        rows.append({n: None if v == "" else v for n, v in zip(names, cells, strict=False) if n})
    return rows


def _csv_rows(text: str) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _table_rows(reader, _("CSV file"))
    except csv.Error as error:
        raise _file_error(
            _("The CSV file cannot be read: %(error)s.") % {"error": error}
        ) from error


def _xlsx_rows(content: bytes) -> list[dict[str, Any]]:
    """The first sheet of an Excel workbook, read in openpyxl's streaming (read-only) mode."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise _file_error(_("The file is not a valid .xlsx workbook.")) from error
    limit = settings.BATCH_MAX_UPLOAD_BYTES * XLSX_MAX_UNPACKED_FACTOR
    _refuse_over_limit(unpacked, limit, _UNPACKS_TOO_LARGE)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise _file_error(_("The file is not a valid .xlsx workbook.")) from error
    try:
        if not workbook.worksheets:
            raise _file_error(_("The workbook has no sheet."))
        lines = workbook.worksheets[0].iter_rows(values_only=True)
        return _table_rows((list(map(_cell, line)) for line in lines), _("first sheet"))
    finally:
        workbook.close()


def _cell(value: Any) -> Any:
    """A workbook cell as a value a variable takes: dates and times as ISO 8601 text."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _at(error: JSONInputError) -> str:
    return _(" at %(path)s") % {"path": error.path} if error.path else ""


def _jsonl_rows(text: str) -> list[Any]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(parse_json(line))
        except JSONInputError as error:
            raise _file_error(
                _("Line %(number)d%(where)s: %(error)s")
                % {"number": number, "where": _at(error), "error": error.message}
            ) from None
        check_row_count(len(rows))
    return rows


def rows_from_upload(*, name: str, content: bytes) -> list[Any]:
    """The rows of an uploaded CSV or .xlsx workbook (header row = variable names), JSON (a list
    of objects) or JSON Lines (one object per line) file. The format follows the extension."""
    check_upload_size(len(content))
    kind = _format_of(name, content)
    if kind == "xlsx":
        return _xlsx_rows(content)
    try:
        text = content.decode("utf-8-sig")  # Excel writes a byte-order mark
    except UnicodeDecodeError as error:
        raise _file_error(
            _("The file is not UTF-8 text; save it as UTF-8 and try again.")
        ) from error
    if kind == "csv":
        return _csv_rows(text)
    if kind == "jsonl":
        return _jsonl_rows(text)
    try:
        rows = parse_json(text)
    except JSONInputError as error:
        raise _file_error(
            _("The file cannot be used%(where)s: %(error)s")
            % {"where": _at(error), "error": error.message}
        ) from None
    if not isinstance(rows, list):
        raise _file_error("A JSON file must hold a list of objects, one per row.")
    check_row_count(len(rows))
    return rows


# --- checking -------------------------------------------------------------------------------------
def _row_errors(row: int, error: Exception) -> list[RowError]:
    if isinstance(error, TemplateInvalid):
        return [
            RowError(row, name.removeprefix("variables.") or None, message)
            for name, messages in error.errors.items()
            for message in messages
        ]
    return [RowError(row, None, str(error))]


def check_columns(*, version: TemplateVersion, rows: list[Any], field: str) -> None:
    """Refuse input in which no row gives a variable that every row needs (required, with no
    default), naming the columns found and the variables missing: a file whose columns were
    not understood (a separator misread, a header misspelt) is told as such, not as every row
    lacking a value."""
    found: dict[str, None] = {}
    for values in rows:
        if isinstance(values, dict):
            found.update(dict.fromkeys(map(str, values)))
    needed = [v["name"] for v in version.variables if v["required"] and v["default"] is None]
    missing = [name for name in needed if name not in found]
    if rows and missing:
        columns = ", ".join(repr(name) for name in found) or _("none")
        raise DomainError(
            _(
                "Columns found: %(columns)s. Variables missing: %(missing)s. Name a column "
                "after each variable (CSV files may separate columns by commas, semicolons or "
                "tabs)."
            )
            % {"columns": columns, "missing": ", ".join(missing)},
            field=field,
        )


def check_rows(*, version: TemplateVersion, rows: list[Any]) -> CheckedRows:
    """Validate and render every row. Columns the template has no variable for are ignored (and
    reported), so a spreadsheet may carry extra columns such as notes or ids."""
    check_row_count(len(rows))
    declared = {variable["name"] for variable in version.variables}
    checked = CheckedRows(total=len(rows))
    ignored: dict[str, None] = {}
    for number, values in enumerate(rows, start=1):
        if not isinstance(values, dict):
            errors = [RowError(number, None, "A row must be an object of variable values.")]
        else:
            for name in values:
                if name not in declared:
                    ignored.setdefault(str(name))
            known = {name: value for name, value in values.items() if name in declared}
            try:
                checked.valid.append((number, render_version(version=version, values=known)))
                continue
            except RenderLimitExceeded as error:
                # The template is at fault, not the row: going on would hold a render worker up
                # to its deadline for every row of the file.
                message = _("Row %(number)d: %(error)s") % {
                    "number": number,
                    "error": error.message,
                }
                raise RenderLimitExceeded(message, field="template") from error
            except (TemplateInvalid, RenderError) as error:
                errors = _row_errors(number, error)
        checked.invalid += 1
        checked.why_invalid[number] = "; ".join(
            f"{error.field}: {error.message}" if error.field else error.message for error in errors
        )
        room = MAX_REPORTED_ERRORS - len(checked.errors)
        checked.errors.extend(errors[: max(room, 0)])
    checked.ignored_columns = list(ignored)
    return checked


def output_tokens_per_row(params: dict[str, Any]) -> int:
    max_tokens = params.get("max_tokens")
    if isinstance(max_tokens, int) and not isinstance(max_tokens, bool) and max_tokens > 0:
        return max_tokens
    estimate: int = settings.BATCH_ESTIMATE_OUTPUT_TOKENS
    return estimate


def estimate(*, checked: CheckedRows, target: Target, params: dict[str, Any]) -> Estimate:
    """Tokens and cost if every valid row runs on `target`: input tokens counted on each rendered
    prompt, output tokens at `max_tokens` (an upper bound) or `BATCH_ESTIMATE_OUTPUT_TOKENS`."""
    input_tokens = sum(
        count_tokens(
            f"{rendered.system_prompt}\n{rendered.prompt}",
            provider=target.provider,
            model=target.model,
        ).tokens
        for _, rendered in checked.valid
    )
    output_tokens = output_tokens_per_row(params) * len(checked.valid)
    cost = cost_of(
        provider=target.provider,
        model=target.model,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
    )
    return Estimate(input_tokens=input_tokens, output_tokens=output_tokens, cost=cost)
