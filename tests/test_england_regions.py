"""The built-in England table's regions (from the bundled 2025 hex layout) and what it lacks
(extent and local concentration, which a user's own File 10 v2 still brings) (issue 22)."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest
from openpyxl import load_workbook

from simulator import load_scenario, run
from simulator.core.errors import FundsimError
from simulator.data import load_data_source
from simulator.data.england import ENGLISH_REGIONS, HEXMAP_2025_FILE
from simulator.outputs.export import write_csv, write_xlsx
from tests import iod2025_files as f25
from tests.conftest import REPO

ENGLAND = "builtin:england-districts-2025"
KRUGER = REPO / "scenarios" / "kruger-as-proposed.toml"


@pytest.fixture(scope="module")
def england():
    return load_data_source(ENGLAND)


@pytest.fixture(scope="module")
def results(england):
    return run(load_scenario(KRUGER).updated("simulation.paths", 50), england)


def test_every_district_has_its_region_from_the_hex_layout(england):
    t = england.table.set_index("code")
    assert t["region"].notna().all() and len(t) == 296
    assert set(t["region"]) == set(ENGLISH_REGIONS.values())
    assert (t["region_code"].map(ENGLISH_REGIONS) == t["region"]).all()
    hexes = json.loads((REPO / "resources" / HEXMAP_2025_FILE).read_text(encoding="utf-8"))
    english = [h["region"] for c, h in hexes["hexes"].items() if c.startswith("E0")]
    assert Counter(t["region_code"]) == Counter(english)  # 296 hexes, the same regions
    assert Counter(t["region"])["South East"] == 64 and Counter(t["region"])["North East"] == 12
    # the layout codes Barnsley and Sheffield as E08000038/39; the table keeps E08000016/19
    assert (
        t.loc["E08000016", "region"] == t.loc["E08000019", "region"] == "Yorkshire and The Humber"
    )
    assert t.loc["E06000009", "region"] == "North West"  # Blackpool
    assert t.loc["E09000001", "region"] == "London" and t.loc["E06000052", "region"] == "South West"
    assert t.loc["E06000065", "region"] == "Yorkshire and The Humber"  # North Yorkshire (2023)
    assert "region_code" not in england.indicators() and "region" not in england.indicators()


def test_region_reaches_the_results_the_csv_and_the_workbook(results, england, tmp_path):
    table = results.recovery.table.set_index("code")
    assert (table["region"] == england.table.set_index("code")["region"]).all()
    csv = pd.read_csv(write_csv(results, tmp_path / "areas.csv"), dtype=str)
    assert csv.set_index("code").loc["E06000009", "region"] == "North West"
    book = load_workbook(write_xlsx(results, tmp_path / "results.xlsx"), read_only=True)
    rows = list(book["Areas"].iter_rows(values_only=True))
    header = [str(v) for v in rows[0]]
    assert header[:3] == ["code", "name", "region"]
    regions = {r[0]: r[2] for r in rows[1:]}
    assert len(regions) == 296 and regions["E09000001"] == "London"


def test_the_app_table_has_a_region_column(results, qapp):
    from PySide6.QtCore import Qt

    from ui.panels.results_table import ResultsTable

    view = ResultsTable()
    view.set_frame(results.recovery.table)
    model = view.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[:3] == ["Code", "Area", "Region"]
    view.filter.setText("yorkshire and the humber")  # the filter finds districts by region
    assert view.proxy.rowCount() == 15
    view.deleteLater()


def test_the_bundled_table_says_where_extent_is(england):
    assert "extent" not in england.table and "local_concentration" not in england.table
    with pytest.raises(FundsimError, match="do not include extent or local concentration.*File 10"):
        england.indicator("extent")


def test_a_users_file10_still_carries_extent_and_local_concentration(shared_iod2025, tmp_path):
    path = f25.file10_v2(shared_iod2025, tmp_path / "File_10_v2.xlsx", extent=True)
    areas = load_data_source(path, population=shared_iod2025 / f25.POPULATION)
    t = areas.table.set_index("code")
    tidy = pd.read_csv(shared_iod2025 / f25.SUMMARIES, dtype={"area_code": str})
    imd = tidy[tidy["index_domain"] == f25.SHEETS["IMD"]].set_index("area_code")
    for code in ("E06000009", "E09000001", "E06000065"):
        figures = f25.extent_figures(
            imd.loc[code, "proportion_bottom_decile"],
            imd.loc[code, "rank_proportion_bottom_decile"],
        )
        assert (t.loc[code, "extent"], t.loc[code, "local_concentration"]) == (
            figures[0],
            figures[2],
        )
    assert "extent" in areas.indicators() and "local_concentration" not in areas.indicators()
    scenario = (
        load_scenario(KRUGER)
        .updated("simulation.paths", 50)
        .updated("recovery_fund.need_indicator", "extent")
    )
    result = run(scenario, areas).recovery.table.set_index("code")
    assert result.loc["E06000009", "need"] == pytest.approx(t.loc["E06000009", "extent"])
    with pytest.raises(FundsimError, match="runs the wrong way"):
        areas.indicator("local_concentration")


def test_a_report_names_the_bundled_data_it_ran_on():
    """The inputs table of a report on the built-in England called it the fictional workshop
    dataset."""
    from simulator.data import BUILTINS
    from simulator.scenario.labels import BUNDLED_DATA, format_setting
    from simulator.scenario.model import DataConfig

    text = format_setting(DataConfig, "source", ENGLAND)
    assert "England" in text and "296" in text and "IoD2025" in text and "ictional" not in text
    assert format_setting(DataConfig, "source", "builtin:workshop").startswith("Fictional")
    assert set(BUNDLED_DATA) == {f"builtin:{name}" for name in BUILTINS}
