"""Minor findings of the second review (issue 26, class 7)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from simulator.core.errors import FundsimError
from simulator.core.money import format_money
from simulator.data import load_data_source
from simulator.outputs.safe import clean_text


def test_bidi_overrides_are_removed_from_names(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text(
        "code,name,population,score\nA,Ev\u202eil\u2066x\u2069,100,1\nB,b,200,2\n", encoding="utf-8"
    )
    areas = load_data_source(path)
    assert list(areas.table["name"])[0] == "Evilx"
    assert clean_text("a\u202bb\u202cc\u200fd") == "abc\u200fd"  # marks (U+200F) are kept


def test_a_multi_sheet_workbook_names_the_sheet_it_used(tmp_path):
    wb = Workbook()
    wb.active.title = "Notes"
    wb.active.append(["This workbook's first sheet is notes"])
    for i in range(3):
        ws = wb.create_sheet(f"Extra {i}")
        ws.append(["nothing", "here"])
    data = wb.create_sheet("Areas 2025")
    data.append(["code", "name", "population", "score"])
    data.append(["A1", "One", 100, 2.0])
    data.append(["A2", "Two", 200, 3.0])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    areas = load_data_source(path)
    assert "book.xlsx, sheet 'Areas 2025'" in areas.provenance.label


@pytest.mark.parametrize(
    "rows,message",
    [
        ([[1.0, 0.2], [0.2]], "got 2 rows of 1, 2 values"),
        ([[1.0, 0.2, 0.1], [0.2, 1.0, 0.0]], "got 2 rows of 3 values"),
        ([[1.0, 0.2], [0.2, 1.0], [0.0, 0.0]], "got 3 rows of 2 values"),
    ],
)
def test_a_ragged_correlation_matrix_gets_its_own_message(scenario, rows, message):
    assets = [
        {"name": "equity", "weight": 0.6, "real_return_mean": 0.05, "real_return_vol": 0.15},
        {"name": "bonds", "weight": 0.4, "real_return_mean": 0.01, "real_return_vol": 0.05},
    ]
    with pytest.raises(FundsimError, match=f"correlations must be a 2 x 2 matrix.*{message}"):
        scenario.updated("endowment.assets", assets).updated("endowment.correlations", rows)


def test_a_huge_amount_prints_as_a_power_of_ten():
    assert format_money(1e300) == "£1.00e+300" and len(format_money(-1.7e308)) < 15
    assert format_money(1e12) == "£1000.0bn"
