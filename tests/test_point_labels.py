"""The names on a scatter never overlap, at any size or resolution the chart is drawn at."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Annotation, Text  # noqa: E402

from simulator.data import load_builtin  # noqa: E402
from simulator.engine import run  # noqa: E402
from simulator.outputs import figures  # noqa: E402
from simulator.scenario import Scenario  # noqa: E402


@pytest.fixture(scope="module")
def england():
    areas = load_builtin("england-districts-2025")
    assert len(areas.table) == 296
    return run(Scenario().updated("simulation.paths", 100), areas)


def point_labels(ax) -> list[Annotation]:
    """The names of points: annotations of a data point, offset from it in points."""
    return [t for t in ax.texts if isinstance(t, Annotation) and t.anncoords == "offset points"]


def _boxes(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {t.get_text(): Text.get_window_extent(t, renderer) for t in point_labels(fig.axes[0])}


@pytest.mark.parametrize("size,dpi", [((9, 6), 100), ((6.3, 3.9), 100), ((6.3, 3.9), 300)])
def test_the_named_areas_of_englands_per_head_scatter_do_not_overlap(england, size, dpi):
    """On England's 296 districts Birmingham, Burnley and Middlesbrough were drawn on top of one
    another (and Manchester on Hartlepool); every pair of names is now apart."""
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    figures.per_capita_chart(fig, england)
    put = {t.get_text(): tuple(t.xyann) for t in point_labels(fig.axes[0])}
    boxes = _boxes(fig)
    assert {"Birmingham", "Burnley", "Middlesbrough", "Blackpool"} <= set(boxes)
    clashes = [
        (a, b) for (a, p), (b, q) in itertools.combinations(boxes.items(), 2) if p.overlaps(q)
    ]
    assert clashes == []
    axes = fig.axes[0].get_window_extent()
    moved = [t.get_text() for t in point_labels(fig.axes[0]) if tuple(t.xyann) != put[t.get_text()]]
    assert moved  # and a name moved to make room stays inside the axes
    assert all(axes.y0 <= boxes[n].y0 and boxes[n].y1 <= axes.y1 for n in moved)


def test_names_stay_apart_after_a_resize_and_a_name_in_the_clear_is_not_moved(england):
    """The names are placed when drawn, so a window made smaller keeps them apart; redrawing
    never drifts; the highest name, clear of every other, stays where the chart put it."""
    fig = Figure(figsize=(9, 6), dpi=100)
    FigureCanvasAgg(fig)
    figures.per_capita_chart(fig, england)
    by_name = {t.get_text(): t for t in point_labels(fig.axes[0])}
    put = {name: tuple(t.xyann) for name, t in by_name.items()}
    first = _boxes(fig)
    assert tuple(by_name["Blackpool"].xyann) == put["Blackpool"]
    moved = {n for n, t in by_name.items() if tuple(t.xyann) != put[n]}
    assert moved and moved < set(put)  # some moved, not all
    again = _boxes(fig)
    assert {n: tuple(b.extents) for n, b in again.items()} == {
        n: tuple(b.extents) for n, b in first.items()
    }
    fig.set_size_inches(5, 3.5)
    small = _boxes(fig)
    assert not [a for a, b in itertools.combinations(small.values(), 2) if a.overlaps(b)]
