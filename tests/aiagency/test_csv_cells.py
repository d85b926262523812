"""CSV cells a spreadsheet would run as formulas are written as text (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from aiagency.csv_cells import csv_writer, neutralise_cell, restore_cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("'Twas the night", "'Twas the night"),
        ("plain text", "plain text"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_formula_cells_are_prefixed_with_a_quote(cell, written) -> None:
    assert neutralise_cell(cell) == written
    if isinstance(cell, str):
        assert restore_cell(neutralise_cell(cell)) == cell


def test_the_writer_neutralises_every_cell() -> None:
    out = io.StringIO()

    csv_writer(out).writerows([["=1", 2, None], ["ok", "@x", "-"]])

    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1", "2", ""], ["ok", "'@x", "'-"]]
