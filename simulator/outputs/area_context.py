"""A found area in context: where it ranks among all areas, its money per head and its band.

"Find an area" in the app draws this instead of a bar chart of the matches alone, so one match is
not a single huge bar: the curve of every area's mean allocation (largest first) with its
5th-95th percentile band, and the found areas marked on it with their own bands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.ticker import AutoLocator

from simulator.core.money import format_money, format_per_head
from simulator.core.quantiles import need_deciles
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.outputs.figures import _finish
from simulator.outputs.house import ChartInfo, MoneyAxis, attach, source_note
from simulator.results import Results

plain_text_charts()

#: At most this many found areas are marked (and named).
MARKED = 8


def matches(results: Results, search: str) -> np.ndarray:
    """Positions, in order of mean allocation (largest first), of areas whose name or code contains ``search``."""
    table = results.recovery.table.sort_values("mean", ascending=False, kind="stable").reset_index(
        drop=True
    )
    text = search.strip().lower()
    hit = table["name"].str.lower().str.contains(text, regex=False) | table[
        "code"
    ].str.lower().str.contains(text, regex=False)
    return np.flatnonzero(hit.to_numpy())


def describe(row, rank: int, n: int) -> str:
    return (
        f"{row['name']}: rank {rank:,} of {n:,}, {format_money(row['mean'])} "
        f"(90%: {format_money(row['p5'])}–{format_money(row['p95'])}), {format_per_head(row['per_capita'])}"
    )


def found_area_chart(fig: Figure, results: Results, search: str) -> ChartInfo:
    """The areas matching ``search`` on the curve of all areas; a plain message if none match."""
    fig.clear()
    table = results.recovery.table.sort_values("mean", ascending=False, kind="stable").reset_index(
        drop=True
    )
    found = matches(results, search)
    n = len(table)
    if found.size == 0:
        fig.text(
            0.5,
            0.56,
            f"No area matches “{search.strip()}”",
            ha="center",
            va="center",
            fontsize="x-large",
        )
        fig.text(
            0.5,
            0.46,
            f"Search by name or code among {n:,} areas; clear the box to see them all.",
            ha="center",
            va="center",
            color="#444444",
        )
        return attach(fig, f"No area matches “{search.strip()}”.", pd.DataFrame(), "Find an area")
    ax = fig.add_subplot(111)
    rank = np.arange(1, n + 1)
    ax.fill_between(
        rank,
        table["p5"],
        table["p95"],
        color=house.band(2),
        alpha=0.35,
        linewidth=0,
        label="5th-95th percentile, all areas",
    )
    ax.plot(
        rank,
        table["mean"],
        color=house.main(),
        linewidth=1.8,
        label="Mean allocation, all areas",
    )
    shown = table.iloc[found[:MARKED]]
    err = np.vstack([shown["mean"] - shown["p5"], shown["p95"] - shown["mean"]]).clip(min=0)
    ax.errorbar(
        found[:MARKED] + 1,
        shown["mean"],
        yerr=err,
        fmt="o",
        color=house.current().reference,
        ecolor=house.current().reference,
        markersize=8,
        capsize=5,
        elinewidth=2,
        label="Found: mean and 5th-95th percentile",
    )
    for position, (_i, row) in zip(found[:MARKED], shown.iterrows()):
        left = position > n / 2
        ax.annotate(
            f"{row['name']}: {format_money(row['mean'])}",
            (position + 1, row["mean"]),
            xytext=(-14 if left else 14, 14),
            textcoords="offset points",
            ha="right" if left else "left",
            fontsize="medium",
            fontweight="bold",
            color=house.current().reference,
        )
    ax.set_xlim(0.5, n + 0.5)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(MoneyAxis())
    ax.set_xlabel(f"Areas ranked by mean allocation (1 = largest of {n:,})")
    ax.set_ylabel("Allocation")
    if found.size == 1:
        headline = describe(table.iloc[found[0]], int(found[0]) + 1, n)
    else:
        more = f" ({MARKED} marked)" if found.size > MARKED else ""
        headline = f"{found.size:,} areas match “{search.strip()}”{more}; best ranked: " + describe(
            table.iloc[found[0]], int(found[0]) + 1, n
        )
    house.head(ax, f"Community Recovery Fund: found area in context\n{headline}")
    _finish(fig, results, ax, left=0.12, top=0.86, bottom=0.16, grid="y")
    data = pd.DataFrame(
        {
            "rank (1 = largest)": found[:MARKED] + 1,
            "area": shown["name"].astype(str).to_numpy(),
            "code": shown["code"].astype(str).to_numpy(),
            "mean allocation (£)": shown["mean"].astype(float).to_numpy(),
            "5th percentile (£)": shown["p5"].astype(float).to_numpy(),
            "95th percentile (£)": shown["p95"].astype(float).to_numpy(),
            "mean allocation per head (£)": shown["per_capita"].astype(float).to_numpy(),
        }
    )
    return attach(fig, headline + ".", data, "Find an area")


#: More areas than this are too many bars to read from the back of a room: they are summed
#: into the ten deciles of need instead (:func:`decile_summary_chart`).
READABLE_BARS = 20


@dataclass
class _Deciles:
    """What the decile chart shows for one set of results and highlighted area."""

    n: int
    rows: list
    per_head: np.ndarray
    low: np.ndarray
    high: np.ndarray
    names: list[str]
    position: int | None
    own: float
    where: str
    marker_label: str

    def title(self) -> str:
        return (
            "Community Recovery Fund: money per head by need decile\n"
            f"{self.n:,} areas shown as ten deciles of need{self.where}"
        )


def _deciles(results: Results, highlight: str) -> _Deciles:
    deciles = results.recovery.measures.get("by_decile", [])
    table = results.recovery.table
    rows = [d for d in deciles if d.get("population")]
    per_head = np.array([d["mean"] / d["population"] for d in rows], dtype=float)
    low = np.array([d["p5"] / d["population"] for d in rows], dtype=float)
    high = np.array([d["p95"] / d["population"] for d in rows], dtype=float)
    names = [
        f"{d['decile']}"
        + (" (most deprived)" if d["decile"] == 1 else " (least)" if d["decile"] == 10 else "")
        for d in rows
    ]
    found = np.flatnonzero((table["name"].astype(str) == highlight).to_numpy()) if highlight else []
    where, position, own = "", None, float("nan")
    if len(found):
        own = float(table["per_capita"].iloc[found[0]])
        decile = int(need_deciles(table["need"].to_numpy(dtype=float))[found[0]]) + 1
        position = next((i for i, d in enumerate(rows) if d["decile"] == decile), None)
        if position is not None:
            names[position] = f"{decile}: {highlight}"
            where = f"; {highlight} is in decile {decile}"
    label = f"{highlight}: {format_per_head(own)}" if position is not None else ""
    return _Deciles(len(table), rows, per_head, low, high, names, position, own, where, label)


_XLABEL = "Mean money per head, 5-95% (£)"


def _bar_colours(d: _Deciles) -> list[str]:
    """Each bar's colour, most deprived first: the highlighted decile's picked out."""
    chosen, muted = house.current().highlight
    return [
        house.main() if d.position is None else chosen if i == d.position else muted or house.main()
        for i in range(len(d.rows))
    ]


class _DecileArtists:
    """The decile chart's artists, kept on the figure (``fig.fundsim_deciles``) so the next
    results move them instead of drawing the chart again (what workshop mode needs to follow a
    slider on hundreds of areas): bar lengths and colours, whiskers, names, the highlighted
    decile and its marker, the key's words, the x range, the title and the source line change;
    nothing is created. A different layout (another number of deciles, a marker shown or not,
    another number of key columns, palette or type size) is drawn afresh."""

    def __init__(self, fig: Figure, ax, note, d: _Deciles) -> None:
        self.fig, self.ax, self.note = fig, ax, note
        self.legend = ax.get_legend()
        texts = self.legend.get_texts() if self.legend is not None else []
        handles = self.legend.legend_handles if self.legend is not None else []
        #: the key's swatch of the bars, which takes the first bar's colour
        self.bar_key = next(
            (h for h, t in zip(handles, texts) if t.get_text() == "Mean per head"), None
        )
        marked = d.position is not None
        self.marker = ax.lines[-1] if marked else None  # drawn last
        self.marker_text = next(
            (t for t in texts if marked and t.get_text() == d.marker_label), None
        )
        #: the names' colour and weight as a fresh drawing makes them, before one is picked out
        colour = rcParams["ytick.labelcolor"]
        self.plain = (
            rcParams["ytick.color"] if colour == "inherit" else colour,
            rcParams["font.weight"],
        )
        self.layout = self._layout(fig, d)
        self.names = d.names

    def _layout(self, fig: Figure, d: _Deciles) -> tuple:
        texts = self.legend.get_texts() if self.legend is not None else []
        labels = [d.marker_label if t is self.marker_text else t.get_text() for t in texts]
        return (
            len(d.rows),
            d.position is not None,
            house.legend_columns(fig, labels) if labels else 0,
            house._text_pt(house.LEGEND_SIZE),  # noqa: SLF001 (the key's spacing is kept in it)
            house.current().name,
        )

    def fits(self, fig: Figure, d: _Deciles) -> bool:
        return (
            fig.axes == [self.ax]
            and self.note in fig.texts
            and self.ax.get_legend() is self.legend
            and (d.position is None or (self.marker is not None and self.marker_text is not None))
            and self._layout(fig, d) == self.layout
        )

    def update(self, results: Results, d: _Deciles) -> None:
        ax, palette = self.ax, house.current()
        ends = house._move_bars_with_whiskers(  # noqa: SLF001 (the house's own bars)
            ax, d.per_head[::-1], d.low[::-1], d.high[::-1]
        )
        if d.names != self.names:  # another area picked: the names change
            ax.set_yticks(np.arange(len(d.names)), d.names[::-1])
            self.names = d.names
        bars = ax.containers[0].patches
        for patch, colour in zip(bars, _bar_colours(d)[::-1]):
            patch.set_facecolor(colour)
        if self.bar_key is not None and bars:
            self.bar_key.set_facecolor(bars[0].get_facecolor())
        ax.tick_params(axis="x", labelsize=rcParams["xtick.labelsize"])
        ax.tick_params(axis="y", labelsize=rcParams["ytick.labelsize"])
        labels = ax.get_yticklabels()
        for label in labels:
            label.set_color(self.plain[0])
            label.set_fontweight(self.plain[1])
        if d.position is not None:
            label = labels[len(d.rows) - 1 - d.position]
            label.set_fontweight("bold")
            label.set_color(palette.highlight[0])
            self.marker.set_data([d.own], [len(d.rows) - 1 - d.position])
            self.marker.set_label(d.marker_label)
            self.marker_text.set_text(d.marker_label)
        if self.legend is not None:
            self.legend.set_visible(True)
            self.legend.set_bbox_to_anchor((0.0, 1.0))
            for text in self.legend.get_texts():
                text.set_fontsize(house.LEGEND_SIZE)
        if not isinstance(ax.xaxis.get_major_locator(), AutoLocator):
            ax.xaxis.set_major_locator(AutoLocator())
        ax.set_xlabel(_XLABEL, fontsize=rcParams["axes.labelsize"])
        # the x extent relim() would find (bars from 0, whisker caps, the marker), without
        # asking every patch for its path (half of the update's time)
        if d.position is not None:
            ends = np.append(ends, d.own)
        ax.dataLim.intervalx = (float(np.nanmin(ends)), float(np.nanmax(ends)))
        ax.ignore_existing_data_limits = False
        ax.set_autoscalex_on(True)
        ax.autoscale_view(scaley=False)
        ax.set_title(
            d.title(),
            loc="left",
            fontsize="large",
            y=1.0,
            pad=getattr(ax, "fundsim_title_pad", 6.0),
        )
        house.adjust(self.fig, left=0.3, right=0.97, top=0.86 - house.legend_room(ax), bottom=0.16)
        self.note.set_text(source_note(results))
        self.note.set_fontsize("x-small")


def decile_summary_chart(fig: Figure, results: Results, highlight: str = "") -> ChartInfo:
    """Money per head in each tenth of areas by need (1 = the most deprived at the top), with
    5th-95th percentile whiskers: ten bars that stay readable however many areas there are. The
    ``highlight`` area's decile is coloured and named, and its own money per head is marked.
    Drawn again on the same figure with the same layout, the chart is updated in place (the
    same picture as a fresh drawing, nothing created)."""
    d = _deciles(results, highlight)
    kept = getattr(fig, "fundsim_deciles", None)
    if kept is not None and kept.fits(fig, d):
        kept.update(results, d)
    else:
        _draw_deciles(fig, results, d)
    return _decile_info(fig, d)


def _draw_deciles(fig: Figure, results: Results, d: _Deciles) -> None:
    fig.clear()
    ax = fig.add_subplot(111)
    house._bars_with_whiskers(  # noqa: SLF001 (the house's own bars)
        ax,
        d.names[::-1],
        d.per_head[::-1],
        d.low[::-1],
        d.high[::-1],
        house.main(),
        "Mean per head",
    )
    palette = house.current()
    for patch, colour in zip(ax.patches, _bar_colours(d)[::-1]):  # drawn least deprived first
        patch.set_facecolor(colour)
    if d.position is not None:
        label = ax.get_yticklabels()[len(d.rows) - 1 - d.position]
        label.set_fontweight("bold")
        label.set_color(palette.highlight[0])
        ax.plot(
            [d.own],
            [len(d.rows) - 1 - d.position],
            marker="D",
            markersize=11,
            color=palette.reference,
            markeredgecolor="white",
            linestyle="none",
            label=d.marker_label,
            zorder=5,
        )
    ax.set_xlabel(_XLABEL)
    house.head(ax, d.title(), y=1.0)
    _finish(fig, results, ax, left=0.3, top=0.86, bottom=0.16, grid="x")
    fig.fundsim_deciles = _DecileArtists(fig, ax, fig.texts[-1], d)


def _decile_info(fig: Figure, d: _Deciles) -> ChartInfo:
    rows, per_head = d.rows, d.per_head
    data = pd.DataFrame(
        {
            "need decile (1 = most deprived)": [r["decile"] for r in rows],
            "areas": [r["areas"] for r in rows],
            "mean money per head (£)": per_head,
            "5th percentile per head (£)": d.low,
            "95th percentile per head (£)": d.high,
            "mean money (£)": [r["mean"] for r in rows],
        }
    )
    summary = (
        f"{d.n:,} areas in ten deciles of need: the most deprived tenth gets "
        f"{format_per_head(per_head[0])} and the least deprived {format_per_head(per_head[-1])}"
        f"{d.where}."
        if rows
        else "No money by decile in these results."
    )
    return attach(fig, summary, data, "Money per head by need decile")
