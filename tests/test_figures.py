"""Every chart draws from real results under the Agg backend, with titles, £ axes and the source."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from simulator.outputs import figures  # noqa: E402
from simulator.engine import run  # noqa: E402

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
    assert ax.get_xlabel() and (ax.get_ylabel() or chart in (figures.allocation_chart, figures.winners_losers_chart, figures.area_grants_chart))
    assert "FICTIONAL" in fig.texts[-1].get_text()
    labels = " ".join(t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels())
    fig.canvas.draw() if hasattr(fig.canvas, "draw") else None
    fig.savefig(tmp_path / "c.png")
    assert (tmp_path / "c.png").stat().st_size > 10_000
    if chart in (figures.allocation_chart, figures.decile_chart, figures.endowment_fan_chart, figures.grants_fan_chart):
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


@pytest.mark.parametrize("top_n", [30, 5])
def test_allocation_chart_updated_in_place_matches_a_fresh_drawing(results, top_n):
    """Live mode moves the bars, whiskers, names and title of the drawn chart instead of drawing
    it again: the picture must be the one a fresh drawing of the new results gives."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from simulator import load_areas, load_scenario
    from tests.conftest import PRESET

    s = load_scenario(PRESET).updated("simulation.paths", 200).updated("recovery_fund.progressivity", 2.5)
    other = run(s, load_areas(s))
    assert not np.allclose(other.recovery.table["mean"], results.recovery.table["mean"])
    kept = Figure(figsize=(9, 6))
    FigureCanvasAgg(kept)
    figures.allocation_chart(kept, results, top_n=top_n)
    ax, bars = kept.axes[0], list(kept.axes[0].patches)
    _pixels(kept)
    figures.allocation_chart(kept, other, top_n=top_n)
    assert kept.axes == [ax] and list(ax.patches) == bars  # the same artists, moved
    fresh = Figure(figsize=(9, 6))
    FigureCanvasAgg(fresh)
    figures.allocation_chart(fresh, other, top_n=top_n)
    a, b = _pixels(kept), _pixels(fresh)
    assert a.shape == b.shape
    assert np.array_equal(a, b), f"{(a != b).any(axis=2).sum()} pixels differ"
