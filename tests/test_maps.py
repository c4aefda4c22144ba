"""Hex maps: the layouts, the drawing function and the values taken from results."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure

from simulator.core.errors import FundsimError
from simulator.data.hexmap import (
    england_districts,
    layout_for,
    read_hexjson,
    uk_districts,
    workshop_areas,
)
from simulator.outputs.maps import NO_DATA_FACE, draw_hex_map, formatter

REPO = Path(__file__).resolve().parent.parent
LAD_FILE = "lad_imd2019_population_weighted_scores.csv"


def iod_districts() -> pd.DataFrame:
    """The published district scores, read in place (the tests skip without them)."""
    for shared in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        path = shared / "data" / "iod2019" / LAD_FILE
        if path.is_file():
            return pd.read_csv(path, encoding="utf-8-sig")
    pytest.skip("../shared/data/iod2019 is not present")


def draw(layout, values, **kwargs):
    fig = Figure(figsize=(6, 6))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(111)
    hexmap = draw_hex_map(ax, layout, values, **kwargs)
    return fig, ax, hexmap


def test_every_iod2019_district_is_drawn_exactly_once():
    districts = iod_districts()
    layout = england_districts()
    assert len(layout) == 317 == len(set(layout.codes))
    assert set(layout.codes) == set(districts["LAD19CD"])
    values = dict(zip(districts["LAD19CD"], districts["Score"]))
    _fig, ax, hexmap = draw(layout, values)
    coloured = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(coloured) == 1  # no hex without data
    assert len(coloured[0].get_paths()) == 317
    centres = np.array([p.vertices[:6].mean(axis=0) for p in coloured[0].get_paths()])
    assert len(np.unique(np.round(centres, 6), axis=0)) == 317  # no two hexes in one place
    np.testing.assert_allclose(coloured[0].get_array(), [values[c] for c in layout.codes])
    assert hexmap.warnings == []


def test_the_colour_of_a_hex_follows_its_value():
    districts = iod_districts()
    values = dict(zip(districts["LAD19CD"], districts["Score"]))
    fig, ax, hexmap = draw(england_districts(), values, scale="linear")
    fig.canvas.draw()
    lo, hi = districts["Score"].min(), districts["Score"].max()
    faces = ax.collections[0].get_facecolors()
    index = england_districts().index()
    viridis_r = hexmap.cmap  # the house style's light-to-dark scale
    for code in (
        "E06000009",
        "E07000089",
        "E08000003",
        "E09000030",
    ):  # Blackpool, Hart, Manchester, Tower Hamlets
        expected = viridis_r((values[code] - lo) / (hi - lo))
        np.testing.assert_allclose(faces[index[code]], expected, atol=1e-6)
        np.testing.assert_allclose(hexmap.face_colour(code), expected, atol=1e-6)
    # the most deprived (Blackpool) is darker than the least (Hart)
    luminance = lambda c: 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]  # noqa: E731
    assert (
        luminance(hexmap.face_colour("E06000009"))
        < luminance(hexmap.face_colour("E07000089")) - 0.5
    )


def test_a_missing_value_shows_as_no_data_not_zero():
    layout = workshop_areas()
    values = {c: float(i) for i, c in enumerate(layout.codes)}  # one area is exactly zero
    zero_code = layout.codes[0]
    missing = "WS05"
    values[missing] = float("nan")
    _fig, ax, hexmap = draw(layout, values, unit="pounds")
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert len(hatched) == 1 and len(hatched[0].get_paths()) == 1
    np.testing.assert_allclose(hatched[0].get_facecolors()[0], to_rgba(NO_DATA_FACE))
    assert hexmap.face_colour(missing) == to_rgba(NO_DATA_FACE)
    assert hexmap.face_colour(zero_code) == pytest.approx(hexmap.cmap(0.0))
    assert hexmap.describe(missing).splitlines()[1] == "No data"
    assert hexmap.describe(zero_code).splitlines()[1] == "£0"
    assert any("Eastgate" in w and "no data" in w for w in hexmap.warnings)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["No data"]
    # a code the values leave out is "no data" too
    del values[missing]
    _fig, _ax, hexmap = draw(layout, values)
    assert not np.isfinite(hexmap.values[layout.index()[missing]])


def to_rgba(colour):
    from matplotlib.colors import to_rgba as convert

    return convert(colour)


def legend_axes(fig, ax):
    return ax.child_axes[0]


def test_legend_numbers_match_the_data_range():
    layout = workshop_areas()
    values = dict(zip(layout.codes, np.linspace(12.5, 87.25, len(layout))))
    fig, ax, _hexmap = draw(layout, values, unit="per_head", legend_title="£ per head")
    fig.canvas.draw()
    bar = legend_axes(fig, ax)
    labels = [t.get_text() for t in bar.get_yticklabels()]
    assert labels[0] == "£12.50" and labels[-1] == "£87.25"
    assert bar.get_ylim() == pytest.approx((12.5, 87.25))
    ticks = bar.get_yticks()
    assert ticks.min() == pytest.approx(12.5) and ticks.max() == pytest.approx(87.25)
    # a change map runs from the largest loss to the largest gain, through zero
    changes = dict(zip(layout.codes, np.linspace(-2e6, 5e6, len(layout))))
    fig, ax, hexmap = draw(layout, changes, unit="pounds", diverging=True)
    fig.canvas.draw()
    bar = legend_axes(fig, ax)
    labels = [t.get_text() for t in bar.get_yticklabels()]
    assert labels[0] == "-£2m" and labels[-1] == "+£5m" and "£0" in labels
    # the same size of gain and loss has the same depth of colour
    norm = hexmap.norm
    assert norm(1e6) - 0.5 == pytest.approx(0.5 - norm(-1e6))


def test_one_outlier_saturates_the_colours_but_not_the_legend():
    layout = england_districts()
    values = {c: 100.0 + i % 50 for i, c in enumerate(layout.codes)}
    values[layout.codes[0]] = 10_000.0
    fig, ax, hexmap = draw(layout, values, unit="pounds", scale="linear")
    fig.canvas.draw()
    assert hexmap.norm.vmax < 200  # colours spread over the bulk of the areas
    assert legend_axes(fig, ax).get_ylim()[1] == pytest.approx(10_000.0)
    assert hexmap.face_colour(layout.codes[0]) == pytest.approx(hexmap.cmap(1.0))
    assert "beyond" in hexmap.scale_note  # and the map says so


def _position(hexmap, value: float) -> float:
    """Where a value sits on the colour scale, 0 (lightest) to 1 (darkest)."""
    from matplotlib.colors import BoundaryNorm

    norm = hexmap.norm
    if isinstance(norm, BoundaryNorm):
        return float(norm(value)) / (norm.Ncmap - 1)
    return float(norm(value))


def test_a_skewed_measure_spreads_over_the_colours_and_says_how():
    """Allocation per head is skewed: most districts get a few pounds a head, a few get many
    times that. Colouring by quantile spreads the bulk over the whole scale (before, the middle
    80% of districts shared less than half of it), the key's ends are the lowest and highest
    values, and the map says which scale it uses."""
    layout = england_districts()
    rng = np.random.default_rng(3)
    per_head = np.exp(rng.normal(1.5, 0.8, len(layout)))
    per_head[:4] *= 12  # a few far above the rest
    values = dict(zip(layout.codes, per_head))
    fig, ax, hexmap = draw(layout, values, unit="per_head", legend_title="£ per head")
    fig.canvas.draw()
    p10, p90 = np.quantile(per_head, [0.1, 0.9])
    assert _position(hexmap, p90) - _position(hexmap, p10) >= 0.8
    # every colour group holds about a seventh of the areas
    groups = np.array([hexmap.norm(v) for v in per_head])
    counts = np.bincount(groups, minlength=7)
    assert len(counts) == 7 and counts.min() >= len(layout) // 7 - 2
    bar = legend_axes(fig, ax)
    labels = [t.get_text() for t in bar.get_yticklabels()]
    fmt = formatter("per_head")
    assert labels[0] == fmt(per_head.min()) or labels[0].startswith("£")
    assert bar.get_yticks()[0] == pytest.approx(per_head.min())
    assert bar.get_yticks()[-1] == pytest.approx(per_head.max())
    assert "quantiles" in hexmap.scale_note
    # drawn in full under the map, wrapped into lines that fit the figure (maps._wrapped)
    note = " ".join(hexmap.scale_note.split())
    assert any(note in " ".join(t.get_text().split()) for t in ax.texts)


def test_areas_the_layout_lacks_are_listed_in_a_warning():
    layout = workshop_areas()
    values = {c: 1.0 for c in layout.codes}
    values.update({"XX01": 2.0, "XX02": 3.0})
    _fig, ax, hexmap = draw(layout, values, names={"XX01": "Nowhere", "XX02": "Elsewhere"})
    assert hexmap.warnings[0].startswith(
        "2 areas in the data are not on the hex layout: Nowhere (XX01), Elsewhere (XX02)"
    )
    footer = [t for t in ax.texts if "not on the hex layout" in t.get_text()]
    assert footer


def test_workshop_layout_covers_its_twelve_areas():
    workshop = pd.read_csv(REPO / "resources" / "data" / "workshop.csv")
    layout = workshop_areas()
    assert sorted(layout.codes) == sorted(workshop["code"]) and len(layout) == 12
    assert dict(zip(layout.codes, layout.names)) == dict(zip(workshop["code"], workshop["name"]))
    assert layout_for(workshop["code"]) is layout
    # one piece: every hex touches another (centres of neighbours are sqrt(3) apart)
    centres = layout.centres()
    distance = np.linalg.norm(centres[:, None] - centres[None, :], axis=-1)
    assert (np.isclose(distance, np.sqrt(3)).sum(axis=1) >= 1).all()


def test_region_borders_run_between_hexes_of_different_regions():
    layout = workshop_areas()
    regions = {c: ("North" if r >= 2 else "South") for c, r in zip(layout.codes, layout.r)}
    _fig, ax, _hexmap = draw(layout, {c: 1.0 for c in layout.codes}, regions=regions)
    lines = [
        c
        for c in ax.collections
        if isinstance(c, LineCollection) and not isinstance(c, PolyCollection)
    ]
    # independent count: pairs of neighbouring hexes (centres sqrt(3) apart) in different regions
    centres = layout.centres()
    north = np.array([regions[c] == "North" for c in layout.codes])
    distance = np.linalg.norm(centres[:, None] - centres[None, :], axis=-1)
    pairs = np.isclose(distance, np.sqrt(3)) & (north[:, None] != north[None, :])
    assert len(lines) == 1 and len(lines[0].get_segments()) == pairs.sum() // 2 == 5


def test_hover_text_and_finding_a_hex_by_position():
    layout = workshop_areas()
    values = {c: 1000.0 * (i + 1) for i, c in enumerate(layout.codes)}
    low = {c: v * 0.5 for c, v in values.items()}
    high = {c: v * 2 for c, v in values.items()}
    _fig, _ax, hexmap = draw(layout, values, unit="pounds", low=low, high=high)
    for code, (x, y) in zip(layout.codes, layout.centres()):
        assert hexmap.code_at(x + 0.3, y - 0.3) == code
    assert hexmap.code_at(-50, -50) is None
    i = layout.index()["WS05"]
    assert (
        hexmap.describe("WS05")
        == f"Eastgate (WS05)\n{formatter('pounds')(values['WS05'])}\n5th-95th percentile: £{values['WS05'] * 0.5:,.0f} to £{values['WS05'] * 2:,.0f}"
    )
    assert i == layout.codes.index("WS05")


def test_highlight_outlines_one_hex_and_clears():
    layout = workshop_areas()
    _fig, ax, hexmap = draw(layout, {c: 1.0 for c in layout.codes})
    before = len(ax.patches)
    hexmap.highlight("WS03")
    outlined = ax.patches[before:]
    assert len(outlined) == 2
    np.testing.assert_allclose(
        outlined[0].get_xy()[:6].mean(axis=0), layout.centres()[layout.index()["WS03"]], atol=1e-9
    )
    hexmap.highlight(None)
    assert len(ax.patches) == before


def test_layouts_read_as_published():
    uk = uk_districts()
    assert len(uk) == 382
    english = england_districts()
    assert all(c[:3] in ("E06", "E07", "E08", "E09") for c in english.codes)
    hartlepool = english.index()["E06000001"]
    assert (english.q[hartlepool], english.r[hartlepool]) == (8, 19)
    # odd-r: odd rows shift right by half a hex; rows are 1.5 radii apart
    assert english.centres()[hartlepool] == pytest.approx((np.sqrt(3) * 8.5, 28.5))
    assert "W06000001" in layout_for(["W06000001", "E06000001"]).codes


def test_a_bad_layout_file_names_the_file_and_hex(tmp_path):
    bad = tmp_path / "bad.hexjson"
    bad.write_text(
        json.dumps(
            {
                "layout": "odd-r",
                "hexes": {"A": {"n": "A", "q": 0, "r": 0}, "B": {"n": "B", "q": "x", "r": 1}},
            }
        )
    )
    with pytest.raises(FundsimError) as err:
        read_hexjson(bad)
    assert "bad.hexjson" in str(err.value) and "hexes.B" in str(err.value)
    bad.write_text("{not json")
    with pytest.raises(FundsimError, match="bad.hexjson: cannot be read as HexJSON"):
        read_hexjson(bad)
    bad.write_text(json.dumps({"layout": "odd-q", "hexes": {}}))
    with pytest.raises(FundsimError, match="odd-q"):
        read_hexjson(bad)


def test_legend_reads_in_one_precision():
    layout = workshop_areas()
    for values, expected in (
        (np.linspace(88.82, 797.0, len(layout)), ("£89", "£797")),
        (np.linspace(12.5, 87.25, len(layout)), ("£12.50", "£87.25")),
    ):
        fig, ax, _hexmap = draw(
            layout, dict(zip(layout.codes, values)), unit="per_head", legend_title="£ per head"
        )
        fig.canvas.draw()
        labels = [t.get_text() for t in legend_axes(fig, ax).get_yticklabels() if t.get_text()]
        assert (labels[0], labels[-1]) == expected
        assert len({"." in text for text in labels}) == 1, labels


@pytest.mark.parametrize("measure", ["allocation_per_head", "prob_funded"])
def test_titles_placed_where_matplotlib_would_place_them(measure):
    """The map's titles are placed at the top of their axes without matplotlib's search of every
    artist's box (a third of a map's drawing): the picture is the one its search gives."""
    from simulator.data import Areas
    from simulator.data.synthetic import synthetic_areas
    from simulator.engine import run
    from simulator.outputs.map_data import draw_results_map
    from simulator.scenario import Scenario

    synthetic = synthetic_areas(317)
    table = synthetic.table.assign(code=list(england_districts().codes))
    results = run(Scenario().updated("simulation.paths", 100), Areas(table, synthetic.provenance))
    fig = Figure(figsize=(8, 6), dpi=100)
    FigureCanvasAgg(fig)
    draw_results_map(fig, results, measure, highlight=table["code"].iloc[0])
    fig.canvas.draw()
    placed = np.array(fig.canvas.buffer_rgba()).copy()
    titled = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert titled  # the map's title (and a colour key's, when it has one)
    for ax in titled:
        assert not ax._autotitlepos
        ax._autotitlepos = True  # matplotlib's own placement, searched on drawing
    fig.canvas.draw()
    assert np.array_equal(placed, np.array(fig.canvas.buffer_rgba()))


@pytest.mark.parametrize("width", [9.3, 6.0])
def test_the_maps_notes_stay_inside_the_figure(width):
    """The notes under a map began at the map's left edge but were wrapped to the figure's
    width, so in a window as narrow as 1366x768 leaves they ran off its right edge."""
    from simulator.data import Areas
    from simulator.data.synthetic import synthetic_areas
    from simulator.engine import run
    from simulator.outputs.map_data import draw_results_map
    from simulator.scenario import Scenario

    synthetic = synthetic_areas(317)
    table = synthetic.table.assign(code=list(england_districts().codes))
    results = run(Scenario().updated("simulation.paths", 100), Areas(table, synthetic.provenance))
    fig = Figure(figsize=(width, 4.5), dpi=100)
    FigureCanvasAgg(fig)
    draw_results_map(fig, results, "allocation_per_head")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    notes = [t for ax in fig.axes for t in ax.texts if "seed 2020" in t.get_text()]
    assert len(notes) == 1
    box = notes[0].get_window_extent(renderer)
    assert 0 <= box.x0 and box.x1 <= fig.bbox.width
