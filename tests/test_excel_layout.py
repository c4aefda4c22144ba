"""The Excel export as a deliverable: every input on the Summary, money as numbers, readable
chart series with whiskers, and page setup so it prints cleanly."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from simulator import load_scenario, run
from simulator.data import load_areas
from simulator.outputs.export import write_results
from simulator.outputs.workbook.layout import NOTE_COLUMN
from simulator.scenario import section_models
from tests.conftest import PRESET


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    scenario = load_scenario(PRESET).updated("simulation.paths", 300)
    results = run(scenario, load_areas(scenario))
    path = write_results(results, tmp_path_factory.mktemp("xl") / "results.xlsx")
    return load_workbook(path), results


def summary_values(ws) -> dict[str, object]:
    return {
        ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value
    }


def test_summary_lists_every_input_with_money_as_numbers(book):
    wb, results = book
    cells = summary_values(wb["Summary"])
    for section, model in section_models().items():
        for key in model.model_fields:
            if key in results.scenario.get(section, {}):
                assert key.replace("_", " ").capitalize() in cells, key
    total = cells["Total"]
    assert total.value == results.scenario["recovery_fund"]["total"] and "£" in total.number_format
    assert cells["Need indicator"].value == "score"
    assert (
        cells["Admin share"].value == pytest.approx(0.05)
        and cells["Admin share"].number_format == "0.0%"
    )
    assert cells["Spending rule"].value == results.scenario["endowment"]["spending_rule"]
    assert cells["Money awarded (mean)"].value == pytest.approx(
        results.recovery.measures["awarded"]["mean"]
    )
    assert (
        isinstance(cells["Initial value"].value, (int, float))
        and "£" in cells["Initial value"].number_format
    )


def test_charts_name_their_series_and_show_whiskers(book):
    wb, _results = book
    charts = wb["Charts"]._charts
    assert len(charts) == 4
    bars = charts[0]
    series = bars.series[0]
    assert series.errBars is not None and series.errBars.errValType == "cust"
    assert (
        "Chart data" in series.errBars.plus.numRef.f
        and "Chart data" in series.errBars.minus.numRef.f
    )
    assert bars.x_axis.tickLblSkip == 1
    for line in charts[2:]:
        names = [s.tx.v for s in line.series]
        assert names == ["5th percentile", "Median", "95th percentile"]
        colours = [str(s.graphicalProperties.line.solidFill.srgbClr) for s in line.series]
        assert len(set(colours)) == 3


def test_every_sheet_is_set_up_to_print(book):
    wb, _results = book
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.oddFooter.center.text == "&A, page &P of &N"
    for name in ("Areas", "Deciles", "Endowment"):
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows.replace("$", "") == "1:1"
    assert wb["Charts"].print_area.startswith("'Charts'!$A$1")


def test_summary_marks_inputs_that_did_not_move_these_results(book):
    """As the app greys them out: under the formula, the competition's settings and the hybrid
    share are in the file but marked not used; the formula's own are not marked."""
    wb, results = book
    ws = wb["Summary"]
    notes = {
        ws.cell(r, 1).value: ws.cell(r, NOTE_COLUMN).value
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value
    }
    assert ws.cell(1, NOTE_COLUMN).value == "Note"
    assert results.scenario["recovery_fund"]["mechanism"] == "formula"
    assert notes["Formula share"].startswith("not used: Used only by a hybrid mechanism")
    assert notes["Inputs: competition (organisations bidding)"].startswith(
        "not used: Used only when organisations bid"
    )
    assert notes["Quality gap"] is None  # said once, by the section's heading
    assert notes["Progressivity"] is None and notes["Spending rate"] is None
    band = results.recovery.measures["share_to_most_deprived"]["areas_10"]
    row = next(
        r
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, 1).value == "Share to the most deprived 10% of areas"
    )
    assert [ws.cell(row, c).value for c in (2, 3, 4)] == pytest.approx(
        [band["mean"], band["p5"], band["p95"]]
    )
