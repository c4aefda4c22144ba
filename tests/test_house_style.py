"""The house style of every chart: the Government Analysis Function palette in its published
order, colour-blind safe; legends that never cover data; a summary sentence and data table from
every chart function."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from simulator.outputs import house  # noqa: E402

# ------------------------------------------------------------------------------ the palette
FACTS_CATEGORICAL = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]


def test_the_default_palette_is_the_analysis_functions_in_its_published_order():
    p = house.current()
    assert p.name == "gaf" == house.DEFAULT
    assert list(p.categorical) == FACTS_CATEGORICAL
    assert p.pair == ("#12436D", "#F46A25")
    assert p.sequential == ("#12436D", "#2073BC", "#6BACE6")
    assert p.highlight == ("#12436D", "#BFBFBF")
    assert house.options(2) == ["#12436D", "#F46A25"]
    assert house.options(3) == FACTS_CATEGORICAL[:3]
    with house.using("okabe-ito"):
        assert house.main() == "#0072B2"
    assert house.main() == "#12436D"
    with pytest.raises(ValueError, match="okabe-ito"):
        house.use("rainbow")


def _linear(c):
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(rgb_linear):
    """CIE L*a*b* (D65) of linear sRGB."""
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ rgb_linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


#: Machado, Oliveira & Fernandes (2009) matrices for full (severity 1.0) dichromacy, on linear RGB.
CVD = {
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
}


def _seen(colour: str, kind: str | None):
    rgb = _linear(to_rgb(colour))
    if kind is not None:
        rgb = np.clip(CVD[kind] @ rgb, 0, 1)
    return _lab(rgb)


def test_the_matrices_leave_grey_grey_and_merge_red_and_green():
    """The simulation itself: a grey stays that grey; pure red and green, far apart to normal
    vision, come close under deuteranopia (a check that the transform does what it says)."""
    grey = _seen("#808080", None)
    assert np.allclose(_seen("#808080", "deuteranopia"), grey, atol=1.0)
    normal = np.linalg.norm(_seen("#FF0000", None) - _seen("#00A000", None))
    deut = np.linalg.norm(_seen("#FF0000", "deuteranopia") - _seen("#00A000", "deuteranopia"))
    assert deut < 0.5 * normal


@pytest.mark.parametrize("kind", [None, "deuteranopia", "protanopia"])
def test_the_four_categorical_colours_stay_distinguishable(kind):
    """The first four colours (the most a chart uses, as the guidance advises) stay at least
    10 CIELAB units apart (about four just-noticeable differences of 2.3) under simulated
    deuteranopia and protanopia, and the two-series pair at least 30. The closest are dark
    blue and dark pink under protanopia (11.3): distinguishable side by side, which is why the
    charts also name, hatch or dash their series."""
    four = house.GAF.categorical[:4]
    seen = [_seen(c, kind) for c in four]
    gaps = [np.linalg.norm(a - b) for i, a in enumerate(seen) for b in seen[i + 1 :]]
    assert min(gaps) >= 10.0
    a, b = (_seen(c, kind) for c in house.GAF.pair)
    assert np.linalg.norm(a - b) >= 30.0


def _luminance(colour: str) -> float:
    return float(np.dot([0.2126, 0.7152, 0.0722], _linear(to_rgb(colour))))


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_single_series_colours_stand_out_from_white():
    """Bars and lines on a white page: the main colour and the pair have at least 3:1 contrast
    with white (WCAG's minimum for graphical objects)."""
    for colour in (house.GAF.categorical[0], *house.GAF.pair, house.GAF.reference):
        assert _contrast(colour, "#FFFFFF") >= 3.0


# --------------------------------------------------------------------------- the charts
@pytest.fixture(scope="module")
def results():
    from simulator import load_areas, load_scenario
    from simulator.engine import run
    from tests.conftest import PRESET

    s = load_scenario(PRESET).updated("simulation.paths", 200)
    return run(s, load_areas(s))


@pytest.fixture(scope="module")
def competitive():
    from simulator import load_areas, load_scenario
    from simulator.engine import run
    from tests.conftest import PRESET

    s = (
        load_scenario(PRESET)
        .updated("simulation.paths", 100)
        .updated("recovery_fund.mechanism", "competitive")
    )
    return run(s, load_areas(s))


@pytest.fixture(scope="module")
def comparison():
    from simulator import load_areas, load_scenario
    from simulator.analysis.compare import compare
    from tests.conftest import PRESET

    a = load_scenario(PRESET).updated("simulation.paths", 200)
    b = a.updated("recovery_fund.progressivity", 2.0).updated("endowment.spending_rate", 0.05)
    c = a.updated("recovery_fund.floor", 2e7)
    return compare([a, b, c], load_areas(a), names=["As proposed", "Steeper", "With a floor"])


@pytest.fixture(scope="module")
def analyses():
    from simulator import load_scenario
    from simulator.analysis.sensitivity.executor import Runner
    from simulator.analysis.sensitivity.goalseek import solve
    from simulator.analysis.sensitivity.sweep import axis, sweep
    from simulator.analysis.sensitivity.tornado import plausible, tornado
    from simulator.data import load_data_source
    from tests.conftest import PRESET

    metric = "endowment.prob_real_value_preserved"
    s = load_scenario(PRESET).updated("simulation.paths", 100)
    areas = load_data_source("builtin:workshop")
    runner = Runner(s, areas, [metric], workers=1)
    keys = ["endowment.spending_rate", "endowment.real_return_mean"]
    return {
        "tornado": tornado(s, {k: plausible(k) for k in keys}, metric, runner),
        "sweep": sweep(s, [axis("endowment.spending_rate", 0.02, 0.06, 3)], [metric], runner),
        "grid": sweep(
            s,
            [axis("endowment.spending_rate", 0.02, 0.06, 3), axis(keys[1], 0.03, 0.05, 2)],
            [metric],
            runner,
        ),
        "goal": solve(s, keys[0], 0.0, 0.08, metric, 0.5, runner, tolerance=0.005),
    }


def _charts(results, competitive, comparison, analyses):
    """Every chart function fundsim has, with a name and a call on a fresh figure."""
    from simulator.analysis import compare_figures as cf
    from simulator.analysis.sensitivity import figures as sf
    from simulator.outputs import figures as f
    from simulator.outputs.area_context import found_area_chart
    from simulator.outputs.competition_figures import competition_chart

    return {
        "allocation": lambda fig: f.allocation_chart(fig, results),
        "per_capita": lambda fig: f.per_capita_chart(fig, results),
        "deciles": lambda fig: f.decile_chart(fig, results),
        "concentration": lambda fig: f.concentration_chart(fig, results),
        "winners_losers": lambda fig: f.winners_losers_chart(fig, results),
        "endowment_value": lambda fig: f.endowment_fan_chart(fig, results),
        "endowment_nominal": lambda fig: f.endowment_fan_chart(fig, results, real=False),
        "grants": lambda fig: f.grants_fan_chart(fig, results),
        "preservation": lambda fig: f.probability_chart(fig, results),
        "area_grants": lambda fig: f.area_grants_chart(fig, results),
        "found_area": lambda fig: found_area_chart(fig, results, "Saltmouth"),
        "competition": lambda fig: competition_chart(fig, competitive),
        "compare_change": lambda fig: cf.change_chart(fig, comparison, 1),
        "compare_change_one_area": lambda fig: cf.change_chart(fig, comparison, 2, "Saltmouth"),
        "compare_headline": lambda fig: cf.headline_chart(fig, comparison),
        "compare_fans": lambda fig: cf.fan_overlay_chart(fig, comparison),
        "compare_winners": lambda fig: cf.winners_chart(fig, comparison),
        "tornado": lambda fig: sf.tornado_chart(fig, analyses["tornado"]),
        "sweep": lambda fig: sf.sweep_chart(fig, analyses["sweep"]),
        "sweep_grid": lambda fig: sf.sweep_chart(fig, analyses["grid"]),
        "goal_seek": lambda fig: sf.goal_chart(fig, analyses["goal"]),
        "map": lambda fig: _map(fig, results),
    }


def _map(fig, results):
    from simulator.outputs.map_data import draw_results_map

    return draw_results_map(fig, results, "allocation_per_head").info


CHART_NAMES = [
    "allocation",
    "per_capita",
    "deciles",
    "concentration",
    "winners_losers",
    "endowment_value",
    "endowment_nominal",
    "grants",
    "preservation",
    "area_grants",
    "found_area",
    "competition",
    "compare_change",
    "compare_change_one_area",
    "compare_headline",
    "compare_fans",
    "compare_winners",
    "tornado",
    "sweep",
    "sweep_grid",
    "goal_seek",
    "map",
]

#: Every chart at the sizes it is drawn: the app's window, a Word page, and a narrow panel.
SIZES = [(9, 6), (6.3, 3.9), (4.5, 6)]


def _figure(size):
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _data_boxes(fig, renderer):
    """Display-space boxes of every data artist: each bar, each polygon of a collection (a
    band, a hex), each point of a line, clipped to its axes as drawn."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    boxes = []
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            continue
        clip = ax.bbox
        for artist in [*ax.patches, *ax.collections, *ax.lines]:
            if not artist.get_visible():
                continue
            if isinstance(artist, Line2D):
                xy = artist.get_transform().transform(artist.get_xydata())
                xy = xy[np.isfinite(xy).all(axis=1)]
                found = [Bbox.from_extents(x - 1, y - 1, x + 1, y + 1) for x, y in xy]
            elif isinstance(artist, Collection):
                transform = artist.get_transform()
                offsets = artist.get_offsets()
                found = []
                if len(artist.get_paths()) and len(offsets) > 1:  # a scatter: one marker a point
                    xy = artist.get_offset_transform().transform(offsets)
                    found = [Bbox.from_extents(x - 3, y - 3, x + 3, y + 3) for x, y in xy]
                else:
                    found = [p.get_extents(transform) for p in artist.get_paths()]
            elif isinstance(artist, Patch):
                if artist.get_width() == 0 if hasattr(artist, "get_width") else False:
                    continue
                found = [artist.get_window_extent(renderer)]
            else:
                continue
            for box in found:
                if not np.all(np.isfinite(box.extents)):
                    continue
                if artist.get_clip_on():
                    box = Bbox.intersection(box, clip)
                if box is not None and box.width > 0.5 and box.height > 0.5:
                    boxes.append(box)
    return boxes


def _legend_boxes(fig, renderer):
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    legends += list(fig.legends)
    boxes = [leg.get_window_extent(renderer) for leg in legends if leg.get_visible()]
    for ax in fig.axes:  # a colour key inside a map counts as a legend
        boxes += [child.get_window_extent(renderer) for child in ax.child_axes]
    return boxes


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(w, 0) * max(h, 0)


def assert_no_legend_covers_data(fig):
    from simulator.outputs.figures import fit_to_page

    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    legends = _legend_boxes(fig, renderer)
    data = _data_boxes(fig, renderer)
    for legend in legends:
        covered = [box for box in data if _overlap(legend, box) > 1.0]
        assert not covered, f"a legend at {legend.extents} covers data at {covered[0].extents}"
        for ax in fig.axes:  # and no legend covers a title
            for title in (ax.title, ax._left_title):
                if title.get_text():
                    assert _overlap(legend, title.get_window_extent(renderer)) <= 1.0
    del fit_to_page


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_returns_a_summary_and_its_data(
    name, results, competitive, comparison, analyses
):
    fig = _figure(SIZES[0])
    info = _charts(results, competitive, comparison, analyses)[name](fig)
    assert isinstance(info, house.ChartInfo) and house.chart_info(fig) is info
    assert info.summary.endswith(".") and len(info.summary) > 40
    assert info.summary.count(". ") == 0 or name in ("found_area",)  # one sentence
    assert isinstance(info.data, pd.DataFrame) and len(info.data) > 0
    # the summary is computed from the numbers in the table: one of them appears in it
    assert any(ch.isdigit() for ch in info.summary)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", CHART_NAMES)
def test_no_legend_covers_data(name, size, results, competitive, comparison, analyses):
    fig = _figure(size)
    _charts(results, competitive, comparison, analyses)[name](fig)
    assert_no_legend_covers_data(fig)


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_draws_on_a_figure_too_small_for_its_margins(
    name, results, competitive, comparison, analyses
):
    """A chart panel not yet laid out (or hidden) can be a fraction of an inch tall: a legend's
    rows and a footnote's lines, sized in points, then take more than the figure, and the top
    asked for fell below the bottom ("bottom cannot be >= top"), so a palette switch that
    redrew such a panel failed before it reached the charts on screen."""
    fig = _figure((1.0, 0.3))
    _charts(results, competitive, comparison, analyses)[name](fig)
    pars = fig.subplotpars
    assert 0 <= pars.bottom < pars.top <= 1 and 0 <= pars.left < pars.right <= 1


@pytest.mark.parametrize("name", CHART_NAMES)
def test_no_legend_covers_data_on_a_page(name, results, competitive, comparison, analyses):
    """Saved, copied and report charts are laid out again for the page (fit_to_page)."""
    from simulator.outputs.figures import fit_to_page

    if name == "map":
        pytest.skip("maps are sized for their page by map_data")
    fig = _figure((6.5, 4.0))
    _charts(results, competitive, comparison, analyses)[name](fig)
    fit_to_page(fig, 6.5)
    assert_no_legend_covers_data(fig)


def test_no_legend_covers_data_in_the_report_figures(results, competitive):
    """Every report chart as the report draws it (the print size, the report's own charts)."""
    from simulator.outputs.figures import fit_to_page
    from simulator.report.charts import CHARTS, WIDTH
    from simulator.report.sections import competition as comp_section

    for r in (results, competitive):
        for spec in CHARTS:
            if not spec.applies(r):
                continue
            if spec.make is not None:
                fig = spec.make(r)
            else:
                fig = _figure((WIDTH, spec.height(r)))
                spec.draw(fig, r)
                fit_to_page(fig, WIDTH)
            assert_no_legend_covers_data(fig)
    fig = _figure((WIDTH, 3.6))
    comp_section._chart(fig, competitive)
    fit_to_page(fig, WIDTH)
    assert_no_legend_covers_data(fig)


def test_an_england_map_keeps_its_key_clear_of_the_hexes():
    """The district map: the colour key and the "No data" key sit in a corner with no hex."""
    from simulator.data.hexmap import england_districts
    from simulator.outputs.maps import draw_hex_map

    layout = england_districts()
    values = {c: float(i % 37) for i, c in enumerate(layout.codes)}
    values[layout.codes[5]] = float("nan")
    for size in ((8, 9), (6.5, 7.5)):
        fig = _figure(size)
        ax = fig.add_axes((0.02, 0.16, 0.96, 0.74))
        draw_hex_map(ax, layout, values, unit="per_head", legend_title="£ per head")
        assert ax.get_legend() is not None
        assert_no_legend_covers_data(fig)


def test_the_old_compare_legend_would_fail_the_check(comparison):
    """The check finds a legend inside the axes over bars (as Compare › Change by area had)."""
    from simulator.analysis import compare_figures as cf

    fig = _figure((9, 6))
    cf.change_chart(fig, comparison, 1)
    ax = fig.axes[0]
    ax.legend(loc="upper right")  # inside the axes, over the largest gains
    with pytest.raises(AssertionError, match="covers data"):
        assert_no_legend_covers_data(fig)


def test_losses_are_told_apart_without_colour(results, comparison):
    """Gains and losses differ in hatching as well as colour, and the legend's swatches match
    the bars (the loss swatch was blue while loss bars were orange)."""
    from simulator.analysis import compare_figures as cf
    from simulator.outputs import figures as f

    for draw in (
        lambda fig: f.winners_losers_chart(fig, results),
        lambda fig: cf.change_chart(fig, comparison, 1),
    ):
        fig = _figure((9, 6))
        draw(fig)
        ax = fig.axes[0]
        bars = [p for p in ax.patches if p.get_width() != 0]
        losses = [p for p in bars if p.get_width() < 0]
        gains = [p for p in bars if p.get_width() > 0]
        assert losses and gains
        assert all(p.get_hatch() for p in losses) and not any(p.get_hatch() for p in gains)
        legend = ax.get_legend()
        by_label = {t.get_text(): h for t, h in zip(legend.get_texts(), legend.legend_handles)}
        loss_key = next(h for label, h in by_label.items() if label.lower().startswith("loss"))
        gain_key = next(h for label, h in by_label.items() if label.lower().startswith("gain"))
        assert loss_key.get_facecolor() == pytest.approx(losses[0].get_facecolor())
        assert gain_key.get_facecolor() == pytest.approx(gains[0].get_facecolor())
        assert loss_key.get_hatch()


def test_a_single_area_view_labels_the_number_on_its_bar(comparison):
    from simulator.analysis import compare_figures as cf
    from simulator.core.money import format_money

    fig = _figure((9, 6))
    info = cf.change_chart(fig, comparison, 1, "Saltmouth")
    value = info.data.iloc[0, 2]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert format_money(value) in texts


def test_the_style_switch_recolours_every_chart(results):
    from simulator.outputs import figures as f

    fig = _figure((9, 6))
    f.allocation_chart(fig, results)
    gaf = fig.axes[0].patches[0].get_facecolor()
    with house.using("okabe-ito"):
        fig = _figure((9, 6))
        f.allocation_chart(fig, results)
        okabe = fig.axes[0].patches[0].get_facecolor()
    assert gaf == pytest.approx((*to_rgb("#12436D"), 1.0))
    assert okabe == pytest.approx((*to_rgb("#0072B2"), 1.0))


def test_the_command_line_chooses_the_style(tmp_path):
    from simulator.cli import main

    out = tmp_path / "map.png"
    assert (
        main(
            [
                "map",
                "kruger-as-proposed",
                "--paths",
                "100",
                "--out",
                str(out),
                "--chart-style",
                "okabe-ito",
            ]
        )
        == 0
    )
    assert out.stat().st_size > 10_000
    assert house.current().name == "gaf"  # only for that command
