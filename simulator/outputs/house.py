"""The house style of every chart fundsim draws: colours by role, legends that never cover data,
and the text summary and data table that go with each chart.

Two palettes, chosen with :func:`use` (``fundsim --chart-style``, or View > Chart colours in
the app):

- ``gaf`` (the default): the Government Analysis Function's colour guidance, in its published
  order. Categorical: dark blue #12436D, turquoise #28A197, dark pink #801650, orange #F46A25
  (then dark grey #3D3D3D, light purple #A285D1); two series: #12436D and #F46A25; sequential:
  #12436D, #2073BC, #6BACE6; highlight: #12436D against grey #BFBFBF.
- ``okabe-ito``: the Okabe & Ito (2008) palette fundsim used before.

Charts ask for colours by role (:func:`main`, :func:`pair`, :func:`options` ...), so switching
the palette needs no change in any drawing function. Colour is never the only cue: losses are
hatched, lines differ in style, and series are named beside the data.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection
from matplotlib.colors import BoundaryNorm, Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter

from simulator.core.text import plain_text_charts
from simulator.outputs.point_labels import keep_labels_apart
from simulator.results import Results

plain_text_charts()


@dataclass(frozen=True)
class Palette:
    """Colours by role; ``categorical`` in the order they are to be used."""

    name: str
    label: str
    categorical: tuple[str, ...]
    #: Two series told apart (gains, losses): the first and the second.
    pair: tuple[str, str]
    #: Dark to light, for one series with bands (median, inner band, outer band).
    sequential: tuple[str, ...]
    #: The one thing picked out, and everything else.
    highlight: tuple[str, str]
    #: Reference lines (a target, an initial value, equal money per head): drawn dashed.
    reference: str
    #: Whiskers, zero lines.
    ink: str
    #: A hex map's colours for amounts, light to dark, and for changes (loss, none, gain).
    map_sequential: tuple[str, ...]
    map_diverging: tuple[str, str, str]


GAF = Palette(
    name="gaf",
    label="Government Analysis Function",
    categorical=("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"),
    pair=("#12436D", "#F46A25"),
    sequential=("#12436D", "#2073BC", "#6BACE6"),
    highlight=("#12436D", "#BFBFBF"),
    reference="#801650",
    ink="#000000",
    # the published sequential blues, extended to a pale end so small values read as light
    map_sequential=("#EAF3FB", "#6BACE6", "#2073BC", "#12436D", "#0A2640"),
    map_diverging=("#F46A25", "#F7F7F7", "#12436D"),
)

OKABE_ITO = Palette(
    name="okabe-ito",
    label="Okabe-Ito",
    categorical=("#0072B2", "#E69F00", "#009E73", "#D55E00", "#000000", "#CC79A7"),
    pair=("#0072B2", "#D55E00"),
    sequential=("#0072B2", "#0072B2", "#56B4E9"),
    highlight=("#D55E00", ""),
    reference="#D55E00",
    ink="#000000",
    map_sequential=("#FDE725", "#5EC962", "#21918C", "#3B528B", "#440154"),
    map_diverging=("#B35806", "#F7F7F7", "#542788"),
)

PALETTES: dict[str, Palette] = {p.name: p for p in (GAF, OKABE_ITO)}
DEFAULT = "gaf"
_current: list[Palette] = [GAF]

#: Losses (and any second series of bars) carry this hatching as well as their colour.
HATCH = "///"
#: Line styles in series order, so lines differ in more than colour.
LINE_STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "D", "^")


def use(name: str) -> Palette:
    """Make ``name`` ("gaf" or "okabe-ito") the palette of every chart drawn from now on."""
    try:
        _current[0] = PALETTES[name]
    except KeyError:
        raise ValueError(
            f"unknown chart style {name!r}; use one of {', '.join(PALETTES)}"
        ) from None
    return _current[0]


@contextlib.contextmanager
def using(name: str) -> Iterator[Palette]:
    """The palette ``name`` for the duration of a ``with`` block."""
    before = _current[0].name
    try:
        yield use(name)
    finally:
        use(before)


def current() -> Palette:
    return _current[0]


def main() -> str:
    """The colour of a chart's one series."""
    return _current[0].categorical[0]


def second() -> str:
    """The colour of the second fund (the endowment's grants) or a second series."""
    return _current[0].categorical[1]


def options(n: int) -> list[str]:
    """Colours of ``n`` options in the published order (two options: the two-series pair)."""
    p = _current[0]
    return list(p.pair) if n == 2 else list(p.categorical[:n])


def band(level: int = 1) -> str:
    """Lighter shades of the main colour for percentile bands (1: inner, 2: outer)."""
    return _current[0].sequential[min(level, len(_current[0].sequential) - 1)]


# ---------------------------------------------------------------------------------- legends
#: Legend text size in points at matplotlib's default 10 pt ("small").
LEGEND_SIZE = "small"


def _text_pt(size) -> float:
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=size).get_size_in_points()


def _legend_columns(labels: Sequence[str], width_pt: float, size_pt: float) -> int:
    """How many entries fit side by side in ``width_pt`` (the longest first, to be safe)."""
    widths = sorted(((2.6 + 0.52 * len(s)) * size_pt for s in labels), reverse=True)
    total, n = 0.0, 0
    for w in widths:
        total += w + 1.2 * size_pt
        if total > width_pt and n:
            break
        n += 1
    return max(1, n)


def legend_columns(fig: Figure, labels: Sequence[str]) -> int:
    """The columns of the key :func:`head` puts above a chart on ``fig`` for ``labels``."""
    width_pt = fig.get_figwidth() * 72 * 0.8
    return min(len(labels), _legend_columns(labels, width_pt, _text_pt(LEGEND_SIZE)))


def head(
    ax,
    title: str,
    *,
    fontsize="large",
    legend: bool = True,
    handles=None,
    labels=None,
    y: float | None = None,
):
    """Title a chart (left-aligned) with its legend in rows between the title and the axes,
    where it can never cover data. Returns the legend (None when there is nothing to key)."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    leg = None
    rows = 0
    if legend and handles:
        ncol = legend_columns(ax.figure, labels)
        rows = math.ceil(len(handles) / ncol)
        leg = ax.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=ncol,
            frameon=False,
            fontsize=LEGEND_SIZE,
            borderaxespad=0.2,
            handlelength=1.8,
            columnspacing=1.2,
        )
    elif ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.fundsim_legend_rows = rows
    ax.fundsim_title_pad = pad = _legend_height(rows) + 4.0
    kwargs = {"loc": "left", "fontsize": fontsize, "pad": pad}
    if y is not None:
        kwargs["y"] = y
    ax.set_title(title, **kwargs)
    return leg


def legend_room(ax) -> float:
    """The height a legend placed by :func:`head` takes above ``ax``, as a figure fraction."""
    rows = getattr(ax, "fundsim_legend_rows", 0)
    if not rows:
        return 0.0
    return _legend_height(rows) / (ax.figure.get_figheight() * 72)


#: The least fraction of a figure's width and of its height its axes keep, whatever the margins.
MIN_AXES = 0.1


def adjust(
    fig: Figure,
    *,
    left: float | None = None,
    right: float | None = None,
    top: float | None = None,
    bottom: float | None = None,
    **spacing,
) -> None:
    """``fig.subplots_adjust`` with margins that always leave the axes some room.

    Margins sized in points (a legend's rows, a footnote's lines) are larger fractions of a small
    figure: a chart panel not yet laid out, or hidden, can be a fraction of an inch tall, and
    there the top asked for falls below the bottom, which matplotlib refuses with "bottom cannot
    be >= top". The bottom and left give way first, then the top and right."""
    pars = fig.subplotpars
    left, right = _span(pars.left if left is None else left, pars.right if right is None else right)
    bottom, top = _span(pars.bottom if bottom is None else bottom, pars.top if top is None else top)
    fig.subplots_adjust(left=left, right=right, top=top, bottom=bottom, **spacing)


def _span(low: float, high: float) -> tuple[float, float]:
    """``low`` and ``high`` within 0..1 and at least :data:`MIN_AXES` apart."""
    high = min(max(high, MIN_AXES), 1.0)
    low = min(max(low, 0.0), high - MIN_AXES)
    return low, high


def _legend_height(rows: int) -> float:
    """Points a legend of ``rows`` rows takes (text, spacing and border), 0 for none."""
    return _text_pt(LEGEND_SIZE) * (1.0 + 1.5 * rows) if rows else 0.0


def label_bars(ax, bars, texts: Sequence[str], *, horizontal: bool = True, inside: bool = False):
    """Write each bar's value at its end (outside, or inside a long bar in white), so a bar's
    number is read, not estimated. Returns the text artists."""
    out = []
    for bar, text in zip(bars, texts):
        if horizontal:
            x, y = bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2
            sign = 1 if bar.get_width() >= 0 else -1
            out.append(
                ax.annotate(
                    text,
                    (x, y),
                    xytext=(-4 * sign if inside else 4 * sign, 0),
                    textcoords="offset points",
                    ha=("right" if sign > 0 else "left")
                    if inside
                    else ("left" if sign > 0 else "right"),
                    va="center",
                    fontsize="small",
                    color="white" if inside else "#222222",
                )
            )
        else:
            x, y = bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()
            out.append(
                ax.annotate(
                    text,
                    (x, y),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize="small",
                )
            )
    return out


# ------------------------------------------------------------------------ summary and table
@dataclass
class ChartInfo:
    """What a chart shows, for readers who cannot see it: one sentence computed from the
    numbers (alt text) and the table behind the chart (for "Show the data" and screen readers)."""

    summary: str
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    title: str = ""


def attach(fig, summary: str, data: pd.DataFrame | None = None, title: str = "") -> ChartInfo:
    """Record a chart's summary and data on its figure (``fig.fundsim_info``) and return them."""
    info = ChartInfo(
        summary, pd.DataFrame() if data is None else data.reset_index(drop=True), title
    )
    fig.fundsim_info = info
    return info


def chart_info(fig) -> ChartInfo | None:
    """The :class:`ChartInfo` of the chart last drawn on ``fig``, or None."""
    return getattr(fig, "fundsim_info", None)


# ------------------------------------------------------------------------- money on axes
# Money on chart axes in one unit per axis: £0, £0.5bn, £1bn, £1.5bn (never "£4,000m" beside
# "£4bn"). The unit (bn, m, k) is chosen from the largest tick, and the decimals are the fewest
# that show every tick exactly, so a column of ticks reads with the same precision.
UNITS = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))


class MoneyAxis(Formatter):
    """Tick labels in £ with one unit and one precision per axis."""

    def __init__(self) -> None:
        self.unit, self.suffix, self.decimals = 1.0, "", 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        values = np.asarray([v for v in locs if np.isfinite(v)], dtype=float)
        top = float(np.abs(values).max()) if values.size else 0.0
        self.unit, self.suffix = next(((u, s) for u, s in UNITS if top >= u), (1.0, ""))
        scaled = values / self.unit
        self.decimals = next(
            (d for d in (0, 1, 2) if np.allclose(scaled, np.round(scaled, d), rtol=0, atol=1e-6)), 2
        )

    def __call__(self, x: float, pos=None) -> str:
        shown = round(abs(x) / self.unit, self.decimals)
        if shown == 0:
            return "£0"
        return f"{'-' if x < 0 else ''}£{shown:,.{self.decimals}f}{self.suffix}"


# ------------------------------------------------------------- the frame of a chart of a run
def source_note(results: Results) -> str:
    """The small print under every chart: data, seed, paths, version."""
    data = results.data
    label = data.label if not data.fictional else "FICTIONAL workshop data (invented areas)"
    population = next((f.name for f in data.files if f.role == "population"), None)
    label += f"; population: {population}" if population else ""
    text = (
        f"Data: {label}. fundsim {results.version}, seed {results.seed}, {results.paths:,} paths."
    )
    if data.attribution:
        text += f"\n{data.attribution}."
    return text


def _finish(
    fig: Figure,
    results: Results,
    ax=None,
    *,
    left: float = 0.12,
    top: float = 0.9,
    bottom: float = 0.18,
    grid: str = "both",
) -> None:
    """Common ending: light grid and open frame on ``ax``, margins, and the source line; on a
    scatter, the names of its points are kept from overlapping (:func:`keep_labels_apart`)."""
    if ax is not None:
        ax.grid(axis=grid, color="#dddddd")
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        top -= legend_room(ax)
        if any(isinstance(c, PathCollection) for c in ax.collections):
            keep_labels_apart(ax)
    adjust(fig, left=left, right=0.97, top=top, bottom=bottom)
    fig.text(
        0.01,
        0.01,
        source_note(results),
        fontsize="x-small",
        color="#444444",
        ha="left",
        va="bottom",
    )


def _bars_with_whiskers(ax, names, mean, low, high, color: str, label: str) -> None:
    """Horizontal bars of ``mean`` with 5th-95th percentile whiskers and a £ axis."""
    y = np.arange(len(names))
    mean = np.asarray(mean, dtype=float)
    err = np.vstack([mean - np.asarray(low), np.asarray(high) - mean]).clip(min=0)
    ax.barh(y, mean, color=color, height=0.7, label=label)
    ax.errorbar(
        mean,
        y,
        xerr=err,
        fmt="none",
        ecolor=current().ink,
        elinewidth=1.2,
        capsize=3,
        label="5th-95th percentile",
    )
    ax.set_yticks(y, list(names))
    ax.xaxis.set_major_formatter(MoneyAxis())


def _move_bars_with_whiskers(ax, mean, low, high) -> np.ndarray:
    """Move the bars and whiskers :func:`_bars_with_whiskers` drew on ``ax`` (as many of them)
    to new values, creating nothing: the same picture as drawing them afresh (the names are
    the caller's to change). Returns the x values drawn: zero, bar ends and whisker ends."""
    bars, whiskers = ax.containers[0], ax.containers[1]
    y = np.arange(len(mean))
    mean = np.asarray(mean, dtype=float)
    err = np.vstack([mean - np.asarray(low), np.asarray(high) - mean]).clip(min=0)
    for patch, width in zip(bars.patches, mean):
        patch.set_width(width)
    _line, (cap_low, cap_high), (segments,) = whiskers.lines
    low, high = mean - err[0], mean + err[1]  # as errorbar computes its ends
    cap_low.set_data(low, y)
    cap_high.set_data(high, y)
    segments.set_segments(np.stack([np.column_stack([low, y]), np.column_stack([high, y])], axis=1))
    return np.concatenate([[0.0], mean, low, high])


# ----------------------------------------------------------- map colour scales

#: Colour groups of a map coloured by quantile (about equal numbers of areas in each).
MAP_QUANTILES = 7


def legend_ticks(lo: float, hi: float, must: Sequence[float] = ()) -> np.ndarray:
    """The legend's ticks: the data's minimum and maximum, round numbers between them (and ``must``)."""
    from matplotlib.ticker import MaxNLocator

    span = hi - lo
    inner = [
        t for t in MaxNLocator(4).tick_values(lo, hi) if lo + 0.16 * span < t < hi - 0.16 * span
    ]
    inner = [t for t in inner if all(abs(t - m) > 0.16 * span for m in must)]
    return np.array(sorted({lo, hi, *must, *inner}))


def saturation(magnitudes: np.ndarray, low: float) -> float:
    """Where colours stop changing: the largest value, unless a few outliers lie far beyond the
    rest (then the 98th percentile), so one very large area does not wash out every other."""
    top = float(magnitudes.max())
    cap = float(np.quantile(magnitudes, 0.98))
    return cap if cap > low and top - cap > 0.5 * (cap - low) else top


def colour_norm(
    finite: np.ndarray, diverging: bool
) -> tuple[Normalize, np.ndarray, tuple[float, float]]:
    """A colour scale, the legend's ticks, and the range the legend spans: the data's (and zero,
    for changes). Changes use the same colour for the same size of gain or loss. Colours
    saturate beyond :func:`saturation`; the legend still runs to the data's extremes."""
    lo, hi = float(finite.min()), float(finite.max())
    if diverging:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        reach = saturation(np.abs(finite), 0.0) or 1.0
        must = [0.0] + [v for v in (-reach, reach) if lo < v < hi]
        return (
            Normalize(-reach, reach, clip=True),
            (legend_ticks(lo, hi, must) if hi > lo else np.array([0.0])),
            (lo, hi),
        )
    if hi <= lo:
        pad = abs(lo) * 0.05 or 1.0
        return Normalize(lo - pad, hi + pad), np.array([lo]), (lo - pad, hi + pad)
    top = saturation(finite, lo)
    return Normalize(lo, top, clip=True), legend_ticks(lo, hi, [top] if top < hi else []), (lo, hi)


def quantile_norm(finite: np.ndarray) -> tuple[BoundaryNorm, np.ndarray] | None:
    """Seven colour groups with about equal numbers of areas; None when the values have too few
    distinct levels for that."""
    edges = np.unique(np.quantile(finite, np.linspace(0, 1, MAP_QUANTILES + 1)))
    if len(edges) < 4:
        return None
    return BoundaryNorm(edges, len(edges) - 1, clip=True), edges
