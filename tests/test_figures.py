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
