"""A found area in context: where it ranks among all areas, its money per head and its band.

"Find an area" in the app draws this instead of a bar chart of the matches alone, so one match is
not a single huge bar: the curve of every area's mean allocation (largest first) with its
5th-95th percentile band, and the found areas marked on it with their own bands.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulator.core.money import format_money, format_per_head
from simulator.core.quantiles import need_deciles
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.outputs.figures import _finish
from simulator.outputs.house import ChartInfo, MoneyAxis, attach
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


def decile_summary_chart(fig: Figure, results: Results, highlight: str = "") -> ChartInfo:
    """Money per head in each tenth of areas by need (1 = the most deprived at the top), with
    5th-95th percentile whiskers: ten bars that stay readable however many areas there are. The
    ``highlight`` area's decile is coloured and named, and its own money per head is marked."""
    fig.clear()
    deciles = results.recovery.measures.get("by_decile", [])
    table = results.recovery.table
    n = len(table)
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
    where = ""
    position = None
    if len(found):
        own = float(table["per_capita"].iloc[found[0]])
        decile = int(need_deciles(table["need"].to_numpy(dtype=float))[found[0]]) + 1
        position = next((i for i, d in enumerate(rows) if d["decile"] == decile), None)
        if position is not None:
            names[position] = f"{decile}: {highlight}"
            where = f"; {highlight} is in decile {decile}"
    ax = fig.add_subplot(111)
    house._bars_with_whiskers(  # noqa: SLF001 (the house's own bars)
        ax, names[::-1], per_head[::-1], low[::-1], high[::-1], house.main(), "Mean per head"
    )
    palette = house.current()
    if position is not None:
        chosen, muted = palette.highlight
        bars = ax.patches[::-1]  # drawn least deprived first
        for i, bar in enumerate(bars):
            if i == position:
                bar.set_facecolor(chosen)
            elif muted:
                bar.set_facecolor(muted)
        label = ax.get_yticklabels()[len(rows) - 1 - position]
        label.set_fontweight("bold")
        label.set_color(chosen)
        ax.plot(
            [own],
            [len(rows) - 1 - position],
            marker="D",
            markersize=11,
            color=palette.reference,
            markeredgecolor="white",
            linestyle="none",
            label=f"{highlight}: {format_per_head(own)}",
            zorder=5,
        )
    ax.set_xlabel("Mean money per head, 5-95% (£)")
    house.head(
        ax,
        "Community Recovery Fund: money per head by need decile\n"
        f"{n:,} areas shown as ten deciles of need{where}",
        y=1.0,
    )
    _finish(fig, results, ax, left=0.3, top=0.86, bottom=0.16, grid="x")
    data = pd.DataFrame(
        {
            "need decile (1 = most deprived)": [d["decile"] for d in rows],
            "areas": [d["areas"] for d in rows],
            "mean money per head (£)": per_head,
            "5th percentile per head (£)": low,
            "95th percentile per head (£)": high,
            "mean money (£)": [d["mean"] for d in rows],
        }
    )
    summary = (
        f"{n:,} areas in ten deciles of need: the most deprived tenth gets "
        f"{format_per_head(per_head[0])} and the least deprived {format_per_head(per_head[-1])}"
        f"{where}."
        if rows
        else "No money by decile in these results."
    )
    return attach(fig, summary, data, "Money per head by need decile")
