"""Every chart draws from real results under the Agg backend, with titles, £ axes and the source."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from simulator.engine import run  # noqa: E402
from simulator.outputs import figures  # noqa: E402

CHARTS = [
    figures.allocation_chart,
    figures.per_capita_chart,
    figures.decile_chart,
    figures.concentration_chart,
    figures.winners_losers_chart,
    figures.endowment_fan_chart,
    figures.grants_fan_chart,
    figures.probability_chart,
    figures.area_grants_chart,
]


@pytest.fixture(scope="module")
def results():
    from simulator import load_areas, load_scenario
    from tests.conftest import PRESET

    s = load_scenario(PRESET).updated("simulation.paths", 200)
    return run(s, load_areas(s))


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: c.__name__)
def test_chart_is_titled_labelled_and_sourced(chart, results, tmp_path):
    fig = Figure(figsize=(9, 6))
    chart(fig, results)
    ax = fig.axes[0]
    assert ax.get_title(loc="left")
    assert ax.get_xlabel() and (
        ax.get_ylabel()
        or chart
        in (figures.allocation_chart, figures.winners_losers_chart, figures.area_grants_chart)
    )
    assert "FICTIONAL" in fig.texts[-1].get_text()
    labels = " ".join(t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels())
    fig.canvas.draw() if hasattr(fig.canvas, "draw") else None
    fig.savefig(tmp_path / "c.png")
    assert (tmp_path / "c.png").stat().st_size > 10_000
    if chart in (
        figures.allocation_chart,
        figures.decile_chart,
        figures.endowment_fan_chart,
        figures.grants_fan_chart,
    ):
        fig.canvas.draw()
        labels = " ".join(t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels())
        assert "£" in labels


def test_search_filters_the_allocation_chart(results):
    fig = Figure()
    figures.allocation_chart(fig, results, search="mouth")
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert names == ["Saltmouth"]


def _pixels(fig):
    import numpy as np

    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize(
    ("top_n", "key", "value"),
    [
        (30, "recovery_fund.progressivity", 2.5),
        (5, "recovery_fund.progressivity", 2.5),
        (30, "recovery_fund.total", 1_200_000_000.0),  # a longer money axis
        (5, "recovery_fund.cap_share", 0.5),
    ],
)
def test_allocation_chart_updated_in_place_matches_a_fresh_drawing(results, top_n, key, value):
    """Live mode moves the bars, whiskers, names and title of the drawn chart instead of drawing
    it again: the picture must be the one a fresh drawing of the new results gives, also when
    the money axis changes its range."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from simulator import load_areas, load_scenario
    from tests.conftest import PRESET

    s = load_scenario(PRESET).updated("simulation.paths", 200).updated(key, value)
    other = run(s, load_areas(s))
    assert not np.allclose(other.recovery.table["mean"], results.recovery.table["mean"])
    kept = Figure(figsize=(9, 6))
    FigureCanvasAgg(kept)
    figures.allocation_chart(kept, results, top_n=top_n)
    ax, bars = kept.axes[0], list(kept.axes[0].patches)
    _pixels(kept)
    old_xlim = ax.get_xlim()
    figures.allocation_chart(kept, other, top_n=top_n)
    assert kept.axes == [ax] and list(ax.patches) == bars  # the same artists, moved
    fresh = Figure(figsize=(9, 6))
    FigureCanvasAgg(fresh)
    figures.allocation_chart(fresh, other, top_n=top_n)
    if key != "recovery_fund.progressivity":
        assert fresh.axes[0].get_xlim() != old_xlim  # the case moves the money axis
    a, b = _pixels(kept), _pixels(fresh)
    assert a.shape == b.shape
    assert np.array_equal(a, b), f"{(a != b).any(axis=2).sum()} pixels differ"


def test_a_scatter_of_many_areas_names_only_the_extremes_and_a_pick_names_its_point():
    """317 names on one scatter overlap into a smudge (and took a third of a second to draw):
    beyond LABEL_ALL areas only the most and least money per head are named, and a picked area
    is ringed and named wherever it is."""
    from simulator.data.synthetic import synthetic_areas
    from simulator.scenario import Scenario

    pytest.importorskip("PySide6")
    from ui.maps.selection import GID, MARK, mark_area

    areas = synthetic_areas(120, seed=3)
    s = Scenario().updated("simulation.paths", 100)
    r = run(s, areas)
    fig = Figure(figsize=(9, 6))
    figures.per_capita_chart(fig, r)
    ax = fig.axes[0]
    table = r.recovery.table.sort_values("per_capita", kind="stable")
    assert sorted(t.get_text() for t in ax.texts) == sorted(
        [*table["name"].head(3), *table["name"].tail(6)]
    )
    quiet = table.iloc[len(table) // 2]
    assert quiet["name"] not in {t.get_text() for t in ax.texts}
    assert (
        mark_area(fig, str(quiet["name"]), (float(quiet["need"]), float(quiet["per_capita"]))) == 1
    )
    ring = [line for line in ax.lines if line.get_gid() == GID]
    assert len(ring) == 1 and tuple(ring[0].get_xydata()[0]) == pytest.approx(
        (quiet["need"], quiet["per_capita"])
    )
    named = [t for t in ax.texts if t.get_gid() == GID]
    assert [t.get_text() for t in named] == [quiet["name"]] and named[0].get_color() == MARK
    assert mark_area(fig, None) == 0 and not [a for a in ax.get_children() if a.get_gid() == GID]


def test_a_chart_fitted_to_the_page_keeps_every_word_on_it():
    """Saved or copied for Word (16 cm wide), the 30-bar chart grows tall enough for its names, and
    its title and source line are wrapped so that no text runs off the page or over another."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from simulator.data.synthetic import synthetic_areas
    from simulator.scenario import Scenario

    r = run(Scenario().updated("simulation.paths", 100), synthetic_areas(120, seed=5))
    fig = Figure(figsize=(6.3, 3.9), dpi=100)
    FigureCanvasAgg(fig)
    figures.allocation_chart(fig, r, top_n=30)
    figures.fit_to_page(fig, 6.3)
    assert fig.get_figheight() >= 1.5 + 0.2 * 30
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    ax = fig.axes[0]
    texts = [*fig.texts, ax._left_title, *ax.get_yticklabels(), ax.xaxis.label]
    for t in texts:
        box = t.get_window_extent(renderer)
        assert (
            page.x0 - 1 <= box.x0
            and box.x1 <= page.x1 + 1
            and page.y0 - 1 <= box.y0
            and box.y1 <= page.y1 + 1
        ), t.get_text()[:40]
    note = fig.texts[0].get_window_extent(renderer)
    assert (
        note.y1 < ax.xaxis.label.get_window_extent(renderer).y0
    )  # the source line under the axis title
    names = sorted(
        (t.get_window_extent(renderer) for t in ax.get_yticklabels()), key=lambda b: b.y0
    )
    assert all(a.y1 <= b.y0 + 0.5 for a, b in zip(names, names[1:]))  # names do not overlap


@pytest.mark.parametrize("height", [3.2, 4.2])
def test_the_areas_names_never_overlap_in_a_short_chart(height):
    """30 names in a short window (1366x768) overlapped; their type now stays within a bar's
    row, and a chart with room keeps the house size."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from simulator.data.synthetic import synthetic_areas
    from simulator.scenario import Scenario

    many = run(Scenario().updated("simulation.paths", 100), synthetic_areas(317, seed=1))
    fig = Figure(figsize=(9, height), dpi=100)
    FigureCanvasAgg(fig)
    figures.allocation_chart(fig, many, top_n=30)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = fig.axes[0].get_yticklabels()
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
    assert len(boxes) == 30
    # a line's box includes room for descenders, which the name below may share; never more
    overlaps = [max(0.0, a.y1 - b.y0) / a.height for a, b in zip(boxes, boxes[1:])]
    assert max(overlaps) < 0.25, max(overlaps)
    sizes = {t.get_fontsize() for t in labels}
    assert len(sizes) == 1 and 4.0 <= sizes.pop() < 10.0  # smaller than the house's 10 pt


def test_a_chart_with_room_keeps_the_house_size_for_names(results):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(9, 6), dpi=100)
    FigureCanvasAgg(fig)
    figures.allocation_chart(fig, results, top_n=30)
    fig.canvas.draw()
    assert {t.get_fontsize() for t in fig.axes[0].get_yticklabels()} == {10.0}
