"""What the maps show, taken from results: per area, and neighbourhoods added up to districts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulator.core.money import format_money
from simulator.data import load_data_source
from simulator.data.hexmap import layout_for, workshop_areas
from simulator.engine import run
from simulator.outputs.map_data import (
    MEASURES,
    available,
    comparison_map,
    draw_results_map,
    map_data,
)


@pytest.fixture(scope="module")
def workshop_results():
    from simulator import load_scenario
    from tests.conftest import PRESET

    scenario = load_scenario(PRESET).updated("simulation.paths", 400)
    return run(scenario, load_data_source("builtin:workshop"))


def test_allocation_per_head_is_the_table_per_head_with_its_band(workshop_results):
    table = workshop_results.recovery.table
    data = map_data(workshop_results, "allocation_per_head")
    for row in table.itertuples():
        assert data.values[row.code] == pytest.approx(row.mean / row.population)
        assert data.low[row.code] == pytest.approx(row.p5 / row.population)
        assert data.high[row.code] == pytest.approx(row.p95 / row.population)
    assert data.unit == "per_head" and data.legend == "£ per head" and not data.diverging
    assert "FICTIONAL" in data.source


def test_endowment_grants_are_zero_for_areas_it_does_not_fund(workshop_results):
    grants = workshop_results.endowment.area_grants.set_index("code")["cumulative_real_mean"]
    data = map_data(workshop_results, "endowment_grants")
    assert len(data.values) == 12
    for code, value in data.values.items():
        assert value == pytest.approx(grants.get(code, 0.0))
    assert sum(v == 0 for v in data.values.values()) == 12 - len(grants)
    assert any("£0" in n for n in data.notes)


def test_every_offered_measure_draws_on_the_workshop_layout(workshop_results):
    keys = [m.key for m in available(workshop_results)]
    assert keys[:4] == ["allocation_per_head", "allocation", "need", "prob_funded"]
    assert "bid_costs" not in keys  # the run has no bid costs
    for key in keys:
        fig = Figure(figsize=(6, 6))
        FigureCanvasAgg(fig)
        hexmap = draw_results_map(fig, workshop_results, key, highlight="WS05")
        assert hexmap.layout is workshop_areas()
        assert np.isfinite(hexmap.values).all(), key
        assert hexmap.warnings == []
        fig.canvas.draw()
    with pytest.raises(KeyError, match="unknown map measure"):
        map_data(workshop_results, "nonsense")


def test_neighbourhoods_are_added_up_to_districts(tmp_path):
    from simulator import load_scenario
    from simulator.bench import write_iod_like_files
    from tests.conftest import PRESET

    f1, f6 = write_iod_like_files(tmp_path, n=3000, seed=4)
    areas = load_data_source(f1, population=f6, level="lsoa")
    scenario = (
        load_scenario(PRESET)
        .updated("simulation.paths", 200)
        .updated("recovery_fund.need_indicator", "rank_exponential")
    )
    results = run(scenario, areas)
    table = results.recovery.table
    assert len(table) == 3000
    per_head = map_data(results, "allocation_per_head")
    money = map_data(results, "allocation")
    chance = map_data(results, "prob_funded")
    by_district = table.groupby("lad_code")
    for code, group in list(by_district)[:25]:
        assert money.values[code] == pytest.approx(group["mean"].sum())
        assert per_head.values[code] == pytest.approx(
            group["mean"].sum() / group["population"].sum()
        )
        assert chance.values[code] == pytest.approx(
            (group["prob_funded"] * group["population"]).sum() / group["population"].sum()
        )
    assert len(per_head.values) == table["lad_code"].nunique()
    assert per_head.low is None  # percentile bands do not add up
    assert per_head.notes[0].startswith(
        f"3,000 neighbourhoods added up to {table['lad_code'].nunique()} districts (money and population summed, per head recomputed)"
    )
    # the synthetic district codes are partly not real ones: those are listed, never dropped
    fig = Figure(figsize=(6, 6))
    FigureCanvasAgg(fig)
    hexmap = draw_results_map(fig, results, "allocation_per_head")
    # synthetic codes fit the 2024 districts (E06000060-66) better than 2019's: that layout is used
    assert hexmap.layout.codes == layout_for(per_head.values).codes
    off = [c for c in per_head.values if c not in set(hexmap.layout.codes)]
    assert off and hexmap.warnings[0].startswith(
        f"{len(off)} areas in the data are not on the hex layout"
    )
    drawn = [c for c in per_head.values if c in set(hexmap.layout.codes)]
    assert np.isfinite(hexmap.values).sum() == len(drawn)
    text = "\n".join(t.get_text() for t in hexmap.ax.texts)
    assert "neighbourhoods added up to" in text


def test_a_comparison_map_takes_plain_values():
    layout = workshop_areas()
    codes = list(layout.codes)
    change = np.linspace(-1e6, 3e6, 12)
    data = comparison_map(
        codes, change, names=layout.names, option="Floor £250k", baseline="As proposed"
    )
    assert (
        data.diverging
        and data.unit == "pounds"
        and data.title.splitlines()
        == [
            "Change in allocation (mean over paired simulations)",
            "Floor £250k",
            "against As proposed",
        ]
    )
    fig = Figure(figsize=(6, 6))
    FigureCanvasAgg(fig)
    hexmap = data.draw(fig.add_subplot(111))
    np.testing.assert_allclose(hexmap.values, change)
    gain = comparison_map(codes, np.linspace(0, 1, 12), measure="prob_gain")
    assert gain.unit == "share" and not gain.diverging and MEASURES["prob_gain"].unit == "share"


def test_regions_in_the_data_draw_borders(workshop_results):
    table = workshop_results.recovery.table
    regional = workshop_results.recovery.table.assign(
        region=np.where(table["code"] < "WS07", "North", "South")
    )
    workshop_results.recovery.table = regional
    try:
        data = map_data(workshop_results, "need")
    finally:
        workshop_results.recovery.table = table
    assert set(data.regions.values()) == {"North", "South"}
    assert "borders between regions" in " ".join(data.notes)
    assert data.values == pytest.approx(dict(zip(table["code"], table["need"])))
    assert isinstance(data.values, dict) and not isinstance(data.values, pd.Series)


def test_a_comparison_maps_its_paired_change_and_chance_of_gaining():
    from simulator import load_scenario
    from simulator.analysis.compare import compare
    from simulator.analysis.compare_map import comparison_map_data
    from tests.conftest import REPO

    base = load_scenario(REPO / "scenarios" / "kruger-as-proposed.toml").updated(
        "simulation.paths", 300
    )
    option = load_scenario(REPO / "scenarios" / "targeted-most-deprived.toml").updated(
        "simulation.paths", 300
    )
    areas = load_data_source("builtin:workshop")
    comparison = compare([base, option, base], areas)
    table = comparison.areas.set_index("code")
    change = comparison_map_data(comparison, "B", "change")
    assert change.diverging and change.values == pytest.approx(table["B_change"].to_dict())
    assert change.low == pytest.approx(
        table["B_change_p5"].to_dict()
    ) and change.high == pytest.approx(table["B_change_p95"].to_dict())
    assert min(change.values.values()) < 0 < max(change.values.values())
    gain = comparison_map_data(comparison, "B", "prob_gain")
    assert gain.unit == "share" and gain.values == pytest.approx(table["B_prob_gain"].to_dict())
    # the baseline against itself: every change exactly zero, drawn as one swatch
    same = comparison_map_data(comparison, "C", "change")
    assert set(same.values.values()) == {0.0}
    fig = Figure(figsize=(6, 6))
    FigureCanvasAgg(fig)
    hexmap = same.draw(fig.add_subplot(111))
    assert [t.get_text() for t in hexmap.ax.get_legend().get_texts()] == ["Every area: £0"]
    from simulator.core.errors import FundsimError

    with pytest.raises(FundsimError, match="options against the baseline are B, C"):
        comparison_map_data(comparison, "A")


def test_money_lost_to_bid_costs_maps_the_competition_column():
    from simulator import load_scenario
    from tests.conftest import REPO

    scenario = load_scenario(REPO / "scenarios" / "levelling-up-fund-round-1.toml").updated(
        "simulation.paths", 200
    )
    results = run(scenario, load_data_source("builtin:workshop"))
    assert "bid_costs" in [m.key for m in available(results)]
    data = map_data(results, "bid_costs")
    table = results.recovery.table
    assert data.values == pytest.approx(dict(zip(table["code"], table["bid_cost"])))
    assert (
        data.title.splitlines()[1]
        == f"{format_money(table['bid_cost'].sum())} spent on bids in all (mean)"
    )
