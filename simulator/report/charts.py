"""The charts a report carries, drawn by :mod:`simulator.outputs.figures` at print resolution.

Each chart is a :class:`ChartSpec`: the figures function, its size on the page, a caption and a
test of whether it applies to the run. A later chart (a map, results by organisation size) is one
more entry in :data:`CHARTS`, or an extra spec passed to :func:`add_charts`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulator.core.text import plain_text_charts
from simulator.outputs import figures
from simulator.outputs.house import ChartInfo, chart_info
from simulator.report.alt_text import alt_text
from simulator.report.model import Document
from simulator.results import Results

plain_text_charts()

#: Print resolution of every chart (dots per inch).
DPI = 200
#: Width of a chart on the page, inches (an A4 page with 2 cm margins has 6.7 in).
WIDTH = 6.5
#: Tallest a chart is shown on the page, inches (room is left for its caption and source line).
MAX_HEIGHT = 8.4


def _bars_height(results: Results, n: int) -> float:
    return max(3.6, 1.5 + 0.2 * n)


@dataclass(frozen=True)
class ChartSpec:
    """One chart: ``draw(fig, results)``, ``height(results)`` in inches, caption, ``applies(results)``."""

    key: str
    caption: str
    draw: Callable[[Figure, Results], None]
    height: Callable[[Results], float]
    applies: Callable[[Results], bool] = lambda r: True
    #: For a chart that sizes its own figure (a map): ``make(results) -> Figure``.
    make: Callable[[Results], Figure] | None = None


def _eligible_areas(results: Results) -> int:
    table = results.endowment.area_grants
    return 0 if table is None else min(len(table), 30)


#: A scatter names its points only when there are at most this many (more are unreadable in print).
MAX_POINT_LABELS = 40


def _few_labels(fig: Figure, results: Results, draw: Callable[[Figure, Results], None]):
    """Draw a scatter and drop its point labels when there are too many to read on a page."""
    info = draw(fig, results)
    if len(results.recovery.table) > MAX_POINT_LABELS:
        for ax in fig.axes:
            for text in list(ax.texts):
                text.remove()
    return info


CHARTS: list[ChartSpec] = [
    ChartSpec(
        "allocation",
        "Community Recovery Fund: mean allocation per area with the 5th–95th percentile range (the 30 largest).",
        lambda fig, r: figures.allocation_chart(fig, r, top_n=30),
        lambda r: _bars_height(r, min(len(r.recovery.table), 30)),
    ),
    ChartSpec(
        "map",
        "Community Recovery Fund: mean allocation per head on a hex map (each area one hex of equal size).",
        lambda fig, r: None,
        lambda r: 0.0,
        lambda r: map_credit(r) is not None,
        lambda r: _map_figure(r),
    ),
    ChartSpec(
        "deciles",
        "Community Recovery Fund: money by need decile, with the share of the money each decile receives.",
        figures.decile_chart,
        lambda r: 4.0,
    ),
    ChartSpec(
        "concentration",
        "Community Recovery Fund: concentration curve, most deprived areas first.",
        figures.concentration_chart,
        lambda r: 4.4,
    ),
    ChartSpec(
        "per_capita",
        "Community Recovery Fund: mean allocation per head against need.",
        lambda fig, r: _few_labels(fig, r, figures.per_capita_chart),
        lambda r: 4.2,
    ),
    ChartSpec(
        "winners_losers",
        "Community Recovery Fund: areas gaining and losing most against equal money per head.",
        figures.winners_losers_chart,
        lambda r: _bars_height(r, min(len(r.recovery.table), 30)),
    ),
    ChartSpec(
        "endowment_value",
        "Levelling Up Communities Fund: the endowment's real value over time (median and percentile bands).",
        figures.endowment_fan_chart,
        lambda r: 4.0,
    ),
    ChartSpec(
        "endowment_grants",
        "Levelling Up Communities Fund: real grants paid each year (median and percentile bands).",
        figures.grants_fan_chart,
        lambda r: 4.0,
    ),
    ChartSpec(
        "preservation",
        "Levelling Up Communities Fund: chance of keeping the real value, and of running out, by year.",
        figures.probability_chart,
        lambda r: 4.0,
    ),
    ChartSpec(
        "area_grants",
        "Levelling Up Communities Fund: cumulative real grants to the eligible areas (mean with the 5th–95th percentile range).",
        figures.area_grants_chart,
        lambda r: _bars_height(r, _eligible_areas(r)),
        lambda r: _eligible_areas(r) > 0,
    ),
]


#: The measure a report maps.
MAP_MEASURE = "allocation_per_head"


def _map_figure(results: Results) -> Figure:
    from simulator.outputs.map_data import results_map_figure

    fig, _hexmap = results_map_figure(results, MAP_MEASURE, width=WIDTH)
    return fig


def map_credit(results: Results) -> str | None:
    """The credit of the hex map the areas are drawn on, or None when they are on no hex map."""
    from simulator.core.errors import FundsimError
    from simulator.data.hexmap import layout_for

    codes = list(results.recovery.table.get("lad_code", results.recovery.table["code"]))
    try:
        layout = layout_for(codes)
    except FundsimError:
        return None
    if not set(map(str, codes)) & set(layout.codes):
        return None
    return layout.credit or ""


def source_line(results: Results) -> str:
    """The source line printed under every chart and table of one run."""
    return "Source: " + figures.source_note(results).replace("\n", " ")


def render_png(
    draw: Callable[[Figure, Results], None], results: Results, height: float, width: float = WIDTH
) -> bytes:
    """Draw a chart on a fresh Agg figure and return it as PNG bytes.

    The chart's own small-print source note is removed: the report prints it as text under the
    caption, where a reader can select and edit it.
    """
    return render_chart(draw, results, height, width)[0]


def render_chart(
    draw: Callable[[Figure, Results], None], results: Results, height: float, width: float = WIDTH
) -> tuple[bytes, ChartInfo | None]:
    """:func:`render_png`, with the chart's :class:`ChartInfo`: ``info.summary`` is the one
    sentence computed from the numbers that serves as the figure's alt text, ``info.data`` the
    table behind it (None for a drawing that records none)."""
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    draw(fig, results)
    info = chart_info(fig)
    note = figures.source_note(results)
    for text in list(fig.texts):
        if text.get_text() == note:
            text.remove()
    figures.fit_to_page(fig, width)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue(), info


def chart_alt_text(spec: ChartSpec, results: Results) -> str:
    """The alt text of a report chart: its summary sentence (the caption when it has none)."""
    fig = spec.make(results) if spec.make is not None else Figure(figsize=(WIDTH, 4))
    if spec.make is None:
        FigureCanvasAgg(fig)
        spec.draw(fig, results)
    info = chart_info(fig)
    return info.summary if info is not None and info.summary else spec.caption


def add_charts(
    doc: Document, results: Results, extra: Sequence[ChartSpec] = (), prefix: str = ""
) -> list[str]:
    """Add every chart that applies to ``results``; returns the keys of the charts added."""
    added = []
    for spec in [*CHARTS, *extra]:
        if not spec.applies(results):
            continue
        if spec.make is not None:
            fig = spec.make(results)
            width, height = (float(x) for x in fig.get_size_inches())
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
            png = buffer.getvalue()
        else:
            width, height = WIDTH, spec.height(results)
            png = render_png(spec.draw, results, height)
        if height > MAX_HEIGHT:  # a tall map: shown smaller, at the same resolution
            width, height = width * MAX_HEIGHT / height, MAX_HEIGHT
        doc.figure(
            prefix + spec.caption,
            png,
            width,
            height,
            source_line(results),
            alt_text(spec.key, results),
        )
        added.append(spec.key)
    return added
