"""Charts as plain functions of results, drawn on a matplotlib ``Figure``.

They import no Qt: the desktop app embeds them in a canvas, and a script or notebook can draw
them under the Agg backend and save them. Colours are the Okabe-Ito palette, which stays
distinguishable with the common forms of colour blindness.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from simulator.money import axis_money, format_money, format_share
from simulator.results import Results

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}


def source_note(results: Results) -> str:
    """The small print under every chart: data, seed, paths, version."""
    data = results.data
    label = data.label if not data.fictional else "FICTIONAL workshop data (invented areas)"
    text = f"Data: {label}. fundsim {results.version}, seed {results.seed}, {results.paths:,} paths."
    if data.attribution:
        text += f"\n{data.attribution}."
    return text


def _finish(fig: Figure, results: Results) -> None:
    fig.text(0.01, 0.01, source_note(results), fontsize=8, color="#444444", ha="left", va="bottom")


def allocation_chart(fig: Figure, results: Results, top_n: int | None = 30) -> None:
    """Horizontal bars of each area's mean allocation with p5-p95 whiskers, largest first."""
    fig.clear()
    table = results.recovery.table.sort_values("mean", ascending=False)
    if top_n is not None and len(table) > top_n:
        table = table.head(top_n)
    table = table.iloc[::-1]  # largest at the top
    ax = fig.add_subplot(111)
    y = np.arange(len(table))
    mean = table["mean"].to_numpy()
    err = np.vstack([mean - table["p5"].to_numpy(), table["p95"].to_numpy() - mean]).clip(min=0)
    ax.barh(y, mean, color=OKABE_ITO["blue"], height=0.7, label="Mean allocation")
    ax.errorbar(mean, y, xerr=err, fmt="none", ecolor=OKABE_ITO["black"], elinewidth=1.2, capsize=3, label="5th-95th percentile")
    ax.set_yticks(y, table["name"].tolist())
    ax.xaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.set_xlabel("Allocation (£)")
    shown = f" (top {len(table)} of {len(results.recovery.table)})" if len(table) < len(results.recovery.table) else ""
    ax.set_title(
        f"Community Recovery Fund: allocation per area{shown}\n"
        f"{format_money(results.recovery.distributed)} distributed; "
        f"{format_share(results.recovery.share_to_most_deprived_decile)} to the most deprived 10% of areas",
        fontsize=11,
        loc="left",
    )
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    fig.subplots_adjust(left=0.26, right=0.97, top=0.88, bottom=0.16)
    _finish(fig, results)


def endowment_fan_chart(fig: Figure, results: Results, real: bool = True) -> None:
    """The endowment's value over time: median line inside a 5th-95th percentile band."""
    fig.clear()
    end = results.endowment
    values = end.value_real if real else end.value_nominal
    ax = fig.add_subplot(111)
    years = end.years
    ax.fill_between(years, values["p5"], values["p95"], color=OKABE_ITO["sky"], alpha=0.45, linewidth=0, label="5th-95th percentile")
    ax.plot(years, values["p50"], color=OKABE_ITO["blue"], linewidth=2.2, label="Median")
    ax.axhline(end.initial, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.2, label=f"Initial value {format_money(end.initial)}")
    ax.yaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.set_xlabel("Year")
    ax.set_ylabel("Value (£, pounds of year 0)" if real else "Value (£, nominal)")
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    kind = "real" if real else "nominal"
    ax.set_title(
        f"Levelling Up Communities Fund: endowment value ({kind})\n"
        f"Real value kept after {int(years[-1])} years in {format_share(end.prob_real_value_preserved, 0)} of futures; "
        f"depleted in {format_share(end.prob_depleted, 0)}",
        fontsize=11,
        loc="left",
    )
    ax.grid(color="#dddddd")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    fig.subplots_adjust(left=0.12, right=0.97, top=0.86, bottom=0.2)
    _finish(fig, results)
