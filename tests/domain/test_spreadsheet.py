"""Finding 8: the one CSV writer prefixes cells that a spreadsheet would read as formulas."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.text.spreadsheet import FORMULA_STARTS, SafeWriter, safe_cell


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil")', "+1", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_formula_starts_are_prefixed(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-5, 0, 12_000, "قالی", "a=b", "", None])
def test_numbers_and_plain_text_stay(value: object) -> None:
    assert safe_cell(value) == value


@given(st.lists(st.one_of(st.text(), st.integers()), max_size=6))
def test_no_written_text_cell_starts_a_formula(row: list[object]) -> None:
    out = io.StringIO()
    SafeWriter(out).writerow(row)
    cells = next(csv.reader(io.StringIO(out.getvalue()))) if row else []
    for original, cell in zip(row, cells, strict=False):
        if isinstance(original, str):
            assert not cell.startswith(FORMULA_STARTS)
