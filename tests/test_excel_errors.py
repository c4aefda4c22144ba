"""The Summary sheet's Monte Carlo standard errors read as numbers that are not zero.

On England's 296 districts the standard error of the share to the most deprived 10% is about
0.01 percentage points; in the share's own format ("0.0%") the Summary showed it as "0.0%" (and
the Deciles sheet, in "0.00%", 0.01% or 0.00%).
"""

from __future__ import annotations

import math
import re

import pytest
from openpyxl import load_workbook

from simulator import load_scenario, run
from simulator.data import load_builtin
from simulator.measures import label
from simulator.outputs.export import write_results
from simulator.outputs.workbook.layout import error_format
from tests.conftest import REPO

SCENARIO = REPO / "scenarios" / "kruger-as-proposed.toml"


def shown(value: float, fmt: str) -> str:
    """``value`` as a spreadsheet shows it in a ``0.00``, ``0.0%`` or ``#,##0.0`` format."""
    match = re.fullmatch(r"(#,##)?0(?:\.(0+))?(%?)", fmt)
    assert match, fmt
    decimals, percent = len(match.group(2) or ""), match.group(3)
    number = value * 100 if percent else value
    return f"{number:{',' if match.group(1) else ''}.{decimals}f}{percent}"


def significant(text: str) -> int:
    """How many significant figures a number shown as ``text`` has."""
    digits = re.sub(r"[^0-9]", "", text).lstrip("0")
    return len(digits)


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    scenario = load_scenario(SCENARIO).updated("simulation.paths", 300)
    results = run(scenario, load_builtin("england-districts-2025"))
    path = write_results(results, tmp_path_factory.mktemp("xl") / "england.xlsx")
    book = load_workbook(path)
    ws = book["Summary"]
    return {ws.cell(r, 1).value: ws.cell(r, 5) for r in range(2, ws.max_row + 1)}, results, book


def test_small_share_errors_are_shown_with_two_significant_figures(summary):
    errors, results, _ = summary
    shares = results.recovery.measures["share_to_most_deprived"]
    for key in ("areas_10", "population_10"):
        cell = errors[label(f"recovery_fund.share_to_most_deprived.{key}")]
        se = shares[key]["mean_se"]
        assert 0 < se < 0.0005  # small enough that "0.0%" showed nothing
        assert cell.data_type == "n" and cell.value == pytest.approx(se)  # a number, no formula
        text = shown(cell.value, cell.number_format)
        assert text.endswith("%") and significant(text) == 2, text
        assert float(text[:-1]) == pytest.approx(se * 100, rel=0.05)
    index = errors[label("recovery_fund.concentration_index")]
    assert index.data_type == "n" and 0 < index.value < 0.001
    assert significant(shown(index.value, index.number_format)) == 2


def test_the_deciles_share_errors_too(summary):
    """The Deciles sheet's share_se column ("0.00%") showed 0.01% or 0.00%."""
    _, results, book = summary
    ws = book["Deciles"]
    column = [c.value for c in ws[1]].index("share_se (%)") + 1
    cells = [ws.cell(r, column) for r in range(2, ws.max_row + 1)]
    by_decile = results.recovery.measures["by_decile"]
    assert len(cells) == len(by_decile) == 10
    assert any(0 < d["share_se"] < 0.0001 for d in by_decile)
    for cell, decile in zip(cells, by_decile):
        assert cell.data_type == "n" and cell.value == pytest.approx(decile["share_se"])
        text = shown(cell.value, cell.number_format)
        assert significant(text) == 2, text


def test_a_zero_error_and_money_keep_their_format():
    assert error_format("0.0%", 0.0) == "0.0%"
    assert error_format("£#,##0;-£#,##0", 0.004) == "£#,##0;-£#,##0"
    assert error_format("0.0%", 0.0123) == "0.0%"  # 1.2% already has two figures
    assert error_format("0.0%", 0.000101) == "0.000%"  # shows 0.010%
    assert error_format("0.0%", 0.0000999) == "0.000%"  # 0.010%, not 0.0100%
    assert error_format("0.00%", 0.0009) == "0.000%"  # 0.090%
    assert error_format("0.0000", 0.0001009) == "0.00000"  # 0.00010
    assert error_format("#,##0.0", 0.03) == "#,##0.000"  # 0.030
    assert error_format("0.0%", 1e-30) == "0.0000000000%"  # at most ten decimals
    assert error_format("0.0%", math.nan) == "0.0%"
