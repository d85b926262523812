"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV injection").

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets: a generated text or a user's input such as `=HYPERLINK(...)` in an
export becomes a link or a command on the reader's machine. OWASP's remedy is to prefix such a cell
with a single quote, which spreadsheets take as "text" and do not show. Every CSV the app writes
goes through `csv_writer`; only texts are touched (a number such as -3 is data, not a formula).

The prefix is reversible for the app's own imports (`restore_cell`): a text that already starts
with a quote before one of those characters (or before another quote) gets one more quote, so
reading back removes exactly what writing added, and a hand-written `'Twas` stays as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
_AFTER_QUOTE = (*FORMULA_STARTS, _QUOTE)


def neutralise_cell(value: Any) -> Any:
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or (value[:1] == _QUOTE and value[1:2] in _AFTER_QUOTE)
    ):
        return _QUOTE + value
    return value


def restore_cell(value: str) -> str:
    """A cell as it was before `neutralise_cell`."""
    if value[:1] == _QUOTE and value[1:2] and value[1:2] in _AFTER_QUOTE:
        return value[1:]
    return value


class SafeCsvWriter:
    """`csv.writer`, each cell neutralised; None is written as an empty cell."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(["" if cell is None else neutralise_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(out, **options)
