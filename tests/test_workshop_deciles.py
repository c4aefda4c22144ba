"""Workshop mode's need-decile chart (more areas than a room can read as bars) follows a slider
by moving its bars in place: the picture is the one a fresh drawing gives, and nothing is
created. The old code cleared the figure and drew every artist again on each edit (about
165 ms a drawing on 317 districts)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from types import SimpleNamespace  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from simulator.core.quantiles import need_deciles  # noqa: E402
from simulator.engine import run  # noqa: E402
from simulator.outputs.area_context import READABLE_BARS, decile_summary_chart  # noqa: E402
from ui.workshop.charts import name_size  # noqa: E402

#: The workshop's chart panel at 1920x1080 (half the screen wide), at the figure's 100 dpi.
SIZE = (9.46, 7.72)


@pytest.fixture(scope="module")
def two_results():
    """Two runs of 120 invented areas (deciles, not bars) whose money per head differs."""
    from simulator.data.synthetic import synthetic_areas
    from simulator.scenario import Scenario

    areas = synthetic_areas(120, seed=3)
    base = Scenario().updated("simulation.paths", 200)
    first = run(base, areas)
    second = run(base.updated("recovery_fund.progressivity", 2.5), areas)
    assert len(first.recovery.table) > READABLE_BARS
    a = [d["mean"] / d["population"] for d in first.recovery.measures["by_decile"]]
    b = [d["mean"] / d["population"] for d in second.recovery.measures["by_decile"]]
    assert not np.allclose(a, b, rtol=0.01)  # bars that visibly move
    return first, second


def _in_decile(results, decile: int) -> str:
    table = results.recovery.table
    at = need_deciles(table["need"].to_numpy(dtype=float)) + 1 == decile
    return str(table["name"][at].iloc[0])


def _highlights(results, case: str) -> tuple[str, str]:
    """The area picked before and after the edit: none; the same one; one in another decile
    (the picked-out bar, name and marker move); one in the least deprived decile (the key's
    swatch of the bars takes its colour)."""
    return {
        "none": ("", ""),
        "same": (_in_decile(results, 3),) * 2,
        "moved": (_in_decile(results, 3), _in_decile(results, 8)),
        "last": (_in_decile(results, 1), _in_decile(results, 10)),
    }[case]


def _figure() -> Figure:
    fig = Figure(figsize=SIZE, dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _pixels(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def _same_picture(a: np.ndarray, b: np.ndarray) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a, b), f"{(a != b).any(axis=2).sum()} pixels differ"


@pytest.mark.parametrize("case", ["none", "same", "moved", "last"])
def test_the_decile_chart_updated_in_place_matches_a_fresh_drawing(two_results, case):
    first, second = two_results
    before, after = _highlights(first, case)
    kept = _figure()
    decile_summary_chart(kept, first, before)
    ax, bars, texts = kept.axes[0], list(kept.axes[0].patches), list(kept.texts)
    old = _pixels(kept)
    info = decile_summary_chart(kept, second, after)
    assert kept.axes == [ax] and list(ax.patches) == bars and kept.texts == texts  # moved
    fresh = _figure()
    expected = decile_summary_chart(fresh, second, after)
    new = _pixels(kept)
    assert not np.array_equal(old, new)  # the picture did change
    _same_picture(new, _pixels(fresh))
    assert info.summary == expected.summary
    assert info.data.equals(expected.data)


def _artists(fig) -> list:
    """Every artist on ``fig`` but the axes' ticks, which matplotlib itself makes when a wider
    range needs one more (a fresh drawing would make it too) and keeps from then on."""
    ticks = [
        part
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in axis.majorTicks + axis.minorTicks
        for part in tick.findobj()
    ]
    return [a for a in fig.findobj() if not any(a is t for t in ticks)]


def test_the_update_creates_no_artist(two_results):
    first, second = two_results
    fig = _figure()
    decile_summary_chart(fig, first, _in_decile(first, 3))
    _pixels(fig)
    artists = _artists(fig)  # kept alive, so no new artist can take an old one's id
    names = list(fig.axes[0].yaxis.majorTicks)
    decile_summary_chart(fig, second, _in_decile(second, 8))
    _pixels(fig)
    assert {id(a) for a in _artists(fig)} == {id(a) for a in artists}
    assert fig.axes[0].yaxis.majorTicks == names  # the names too: the same ten
    assert len(artists) > 50  # bars, whiskers, key, texts, spines: not an empty figure


def test_another_layout_is_drawn_afresh(two_results):
    """A marker shown or not (an area picked or not), or a panel so narrow that the key takes
    another number of columns, is a different layout: drawn afresh. Either way the picture is a
    fresh drawing's (a narrower panel whose key keeps its columns is moved in place)."""
    first, second = two_results
    pick = _in_decile(first, 3)
    for before, after, width, afresh in (
        ("", pick, SIZE[0], True),
        (pick, "", SIZE[0], True),
        (pick, pick, 3.0, True),  # the key in one column instead of two
        (pick, pick, 7.0, False),
    ):
        fig = _figure()
        decile_summary_chart(fig, first, before)
        ax = fig.axes[0]
        fig.set_size_inches(width, SIZE[1])
        decile_summary_chart(fig, second, after)
        assert (fig.axes[0] is not ax) == afresh
        fresh = _figure()
        fresh.set_size_inches(width, SIZE[1])
        decile_summary_chart(fresh, second, after)
        _same_picture(_pixels(fig), _pixels(fresh))


def _workshop(kept: Figure | None, results, highlight: str, type_pt: float = 18.0):
    """The chart as workshop mode draws it: large type, margins in pixels, title across."""
    from ui.workshop.charts import MARGINS, _large, workshop_bars

    fig = kept if kept is not None else _figure()
    pick = lambda: highlight  # noqa: E731
    _large(workshop_bars(pick), MARGINS["allocation"], pick, lambda: type_pt)(fig, results)
    return fig


@pytest.mark.parametrize("type_pt", [18.0, 13.0])
def test_the_workshop_pair_moved_in_place_matches_a_fresh_pair(two_results, type_pt):
    """Before and now as the workshop shows them (large type, the same x range, titles as deep
    and names as large as each other's): 'now' moved in place to the second results is the
    'now' drawn afresh for them, and so is 'before', which did not change."""
    from ui.workshop.charts import match_pair, same_scales

    first, second = two_results
    pick = _in_decile(first, 3)

    def pair(before: Figure, now: Figure) -> tuple[np.ndarray, np.ndarray]:
        left, right = (SimpleNamespace(figure=f, canvas=f.canvas) for f in (before, now))
        same_scales((left, right, "x"))
        match_pair(left, right)
        return _pixels(before), _pixels(now)

    before = _workshop(None, first, pick, type_pt)
    now = _workshop(None, first, pick, type_pt)
    pair(before, now)
    ax, title = now.axes[0], now.fundsim_title
    _workshop(now, second, pick, type_pt)
    assert now.axes == [ax] and now.fundsim_title is title  # moved, not drawn again
    moved = pair(before, now)
    fresh = pair(_workshop(None, first, pick, type_pt), _workshop(None, second, pick, type_pt))
    _same_picture(moved[0], fresh[0])
    _same_picture(moved[1], fresh[1])


def test_a_new_type_size_draws_the_chart_as_a_fresh_drawing_in_that_size(two_results):
    """The window moved to a smaller screen: the key's spacing was laid out for the old type,
    so the chart is drawn afresh in the new one (same picture as a fresh drawing)."""
    first, second = two_results
    pick = _in_decile(first, 3)
    kept = _workshop(None, first, pick, 18.0)
    _workshop(kept, second, pick, 13.0)
    _same_picture(_pixels(kept), _pixels(_workshop(None, second, pick, 13.0)))


def _pair(before: Figure, now: Figure) -> tuple[np.ndarray, np.ndarray]:
    """What workshop mode does after each edit: the same x range, titles as deep and names as
    large as each other's; then both as drawn."""
    from ui.workshop.charts import match_pair, same_scales

    left, right = (SimpleNamespace(figure=f, canvas=f.canvas) for f in (before, now))
    same_scales((left, right, "x"))
    match_pair(left, right)
    return _pixels(before), _pixels(now)


def test_before_takes_back_its_own_name_size_when_now_no_longer_needs_a_smaller_one(two_results):
    """'Now' in a shorter panel has smaller names, which 'before' takes too; as tall again (and
    redrawn in place, as a resize does), 'now' has names as large as 'before's own, and
    'before' must get its own size back though nothing else of it changed (its title is as
    deep): the pair is the pair drawn afresh. (Only a chart the match changes is laid out
    again.)"""

    first, second = two_results
    pick = _in_decile(first, 3)
    before = _workshop(None, first, pick)
    now = _figure()
    now.set_size_inches(SIZE[0], 6.0)
    _workshop(now, first, pick)
    _pair(before, now)
    assert name_size(before) == name_size(now) < before.fundsim_names_pt  # took the smaller
    assert before.fundsim_title.get_text() == before.fundsim_title_text  # as deep as now's
    now.set_size_inches(*SIZE)
    _workshop(now, second, pick)
    moved = _pair(before, now)
    fresh = _pair(_workshop(None, first, pick), _workshop(None, second, pick))
    _same_picture(moved[0], fresh[0])
    _same_picture(moved[1], fresh[1])


def test_an_edit_draws_again_only_the_chart_it_changed(two_results):
    """A slider moves 'now'; 'before' is as it was, so matching the pair must not lay it out
    and draw it again (the old code drew both halves, and the other fund's hidden pair, on
    every edit: three Agg drawings, about 170 ms, before 'now' reached the screen). A hidden
    pair is left until it is shown."""
    from ui.workshop.charts import match_pair

    first, second = two_results
    pick = _in_decile(first, 3)
    drawn: list[str] = []

    def chart(fig: Figure, name: str, hidden: bool = False) -> SimpleNamespace:
        return SimpleNamespace(
            figure=fig,
            canvas=SimpleNamespace(draw_idle=lambda: drawn.append(name)),
            isHidden=lambda: hidden,
        )

    before, now = _workshop(None, first, pick), _workshop(None, first, pick)
    _pair(before, now)
    _workshop(now, second, pick)
    match_pair(chart(before, "before"), chart(now, "now"))
    assert drawn == []  # 'now' is drawn by its own redraw; 'before' did not change
    now.set_size_inches(SIZE[0], 6.0)  # smaller names in 'now': 'before' takes them
    _workshop(now, second, pick)
    match_pair(chart(before, "before"), chart(now, "now"))
    assert drawn == ["before"]
    drawn.clear()
    names = name_size(before)
    now.set_size_inches(*SIZE)
    _workshop(now, second, pick)
    match_pair(chart(before, "before", hidden=True), chart(now, "now"))
    assert drawn == [] and name_size(before) == names  # hidden: left as it is


def test_moved_in_place_on_a_dark_window_it_is_the_fresh_dark_picture(qtbot, two_results):
    """On a dark window the drawn chart is recoloured (light ink, lightened bars, dark grey grid
    lines): the chart moved in place and recoloured again is the one drawn once and recoloured
    once. (Recolouring twice had turned the dark grey grid lines into light ink.)"""
    from PySide6.QtWidgets import QApplication

    from ui.charts.base import ChartWidget
    from ui.theme import apply_theme
    from ui.workshop.charts import MARGINS, _large, workshop_bars

    first, second = two_results
    pick = _in_decile(first, 3)
    draw = _large(workshop_bars(lambda: pick), MARGINS["allocation"], lambda: pick)
    charts = [ChartWidget(draw, name=f"deciles-{i}") for i in range(2)]
    for chart in charts:
        qtbot.addWidget(chart)
        chart.resize(946, 800)
        chart.show()
        qtbot.waitExposed(chart)
    apply_theme(QApplication.instance(), "dark")
    try:
        moved, fresh = charts
        qtbot.waitUntil(
            lambda: all(c.palette().color(c.backgroundRole()).lightness() < 128 for c in charts)
        )
        for chart in charts:  # the canvas shown with the first drawing: sized for its panel
            chart.set_results(first)
            qtbot.waitUntil(
                lambda c=chart: abs(c.figure.get_figwidth() * c.figure.dpi - c.canvas.width()) <= 1
            )
        moved.set_results(first)
        ax = moved.figure.axes[0]
        moved.set_results(second)
        assert moved.figure.axes == [ax]  # moved, not drawn again
        fresh.set_results(second)
        assert moved.figure.get_size_inches() == pytest.approx(fresh.figure.get_size_inches())
        a, b = (np.asarray(_pixels(c.figure)) for c in charts)
    finally:
        apply_theme(QApplication.instance(), "light")
    assert a[5, 5, 0] < 100  # a dark background
    _same_picture(a, b)
