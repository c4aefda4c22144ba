"""Charts of a comparison as plain functions on a matplotlib ``Figure`` (no Qt).

The app's Compare view embeds them; a script can draw them under Agg. Colours are the
Okabe-Ito palette, one per option, in the same order everywhere.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from simulator.analysis.compare import Comparison
from simulator.core.money import axis_money, format_money
from simulator.core.text import plain_text_charts
from simulator.outputs.figures import OKABE_ITO

plain_text_charts()

OPTION_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["green"],
    OKABE_ITO["vermillion"],
]
#: At most this many areas in a change chart: the largest gains and the largest losses.
CHANGE_AREAS = 30


def source_note(c: Comparison) -> str:
    """The small print under every comparison chart."""
    label = (
        c.data["label"]
        if not c.data.get("fictional")
        else "FICTIONAL workshop data (invented areas)"
    )
    text = f"Data: {label}. fundsim {c.version}, seed {c.seed}, {c.paths:,} paths, every option on the same draws."
    if c.data.get("attribution"):
        text += f"\n{c.data['attribution']}."
    return text


def _finish(
    fig: Figure, c: Comparison, ax, *, left: float = 0.12, bottom: float = 0.16, grid: str = "x"
) -> None:
    ax.grid(axis=grid, color="#dddddd")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(left=left, right=0.97, top=0.88, bottom=bottom)
    fig.text(
        0.01, 0.01, source_note(c), fontsize="x-small", color="#444444", ha="left", va="bottom"
    )


def change_chart(fig: Figure, c: Comparison, option: int = 1, search: str = "") -> None:
    """Each area's change from the baseline under ``option`` (pounds), sorted, with the paired
    5th-95th percentile band of the change as whiskers. Beyond :data:`CHANGE_AREAS` areas, the
    largest gains and losses are shown."""
    fig.clear()
    L = c.letters[option]
    table = c.areas.sort_values(f"{L}_change", ascending=False, kind="stable")
    if search:
        text = search.lower()
        table = table[
            table["name"].str.lower().str.contains(text, regex=False)
            | table["code"].str.lower().str.contains(text, regex=False)
        ]
    shown = ""
    if len(table) > CHANGE_AREAS:
        half = CHANGE_AREAS // 2
        table = table.iloc[list(range(half)) + list(range(len(table) - half, len(table)))]
        shown = f" (the {half} largest gains and losses of {len(c.areas)} areas)"
    table = table.iloc[::-1]
    ax = fig.add_subplot(111)
    y = np.arange(len(table))
    mean = table[f"{L}_change"].to_numpy()
    err = np.vstack(
        [mean - table[f"{L}_change_p5"].to_numpy(), table[f"{L}_change_p95"].to_numpy() - mean]
    ).clip(min=0)
    colours = [OKABE_ITO["blue"] if m >= 0 else OKABE_ITO["vermillion"] for m in mean]
    ax.barh(y, mean, color=colours, height=0.7)
    ax.barh([], [], color=OKABE_ITO["blue"], label="gains")
    ax.barh([], [], color=OKABE_ITO["vermillion"], label="losses")
    ax.errorbar(
        mean,
        y,
        xerr=err,
        fmt="none",
        ecolor=OKABE_ITO["black"],
        elinewidth=1.1,
        capsize=3,
        label="paired 5th-95th percentile",
    )
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_yticks(y, list(table["name"]))
    ax.xaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.xaxis.set_major_locator(MaxNLocator(6))
    ax.set_xlabel(f"Change in allocation, option {L} minus option A (£)")
    ax.set_title(
        f"Who gains and who loses: {c.options[option]['name']} against {c.options[0]['name']}{shown}\n"
        "Bars: mean change; whiskers: 5th-95th percentile of the change on the same draws",
        loc="left",
        fontsize="medium",
    )
    if len(table):
        ax.legend(loc="lower right", fontsize="small", frameon=False)
    _finish(fig, c, ax, left=0.24)


def headline_chart(
    fig: Figure, c: Comparison, name: str = "recovery_fund.share_to_most_deprived.population_10"
) -> None:
    """One headline measure per option, with each option's paired difference band from A."""
    fig.clear()
    m = next(x for x in c.metrics if x["name"] == name)
    ax = fig.add_subplot(111)
    x = np.arange(len(c.letters))
    ax.bar(x, m["values"], color=OPTION_COLOURS[: len(x)], width=0.6)
    base = m["values"][0]
    low = base + np.asarray(m["difference_p5"])
    high = base + np.asarray(m["difference_p95"])
    mid = base + np.asarray(m["difference_mean"])
    ax.errorbar(
        x[1:],
        mid[1:],
        yerr=np.vstack([mid - low, high - mid])[:, 1:].clip(min=0),
        fmt="none",
        ecolor=OKABE_ITO["black"],
        capsize=4,
        label="A plus the paired 5th-95th percentile difference",
    )
    ax.set_xticks(
        x,
        [f"{L}: {o['name'][:28]}" for L, o in zip(c.letters, c.options)],
        rotation=0,
        fontsize="small",
    )
    if m["unit"] in ("share", "probability"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))
    elif m["unit"] == "pounds":
        ax.yaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.set_title(f"{m['label']}, by option", loc="left", fontsize="medium")
    ax.legend(loc="upper right", fontsize="small", frameon=False)
    _finish(fig, c, ax, grid="y")


def fan_overlay_chart(fig: Figure, c: Comparison) -> None:
    """The endowment's real value by option: medians and 5th-95th percentile bands, overlaid."""
    fig.clear()
    ax = fig.add_subplot(111)
    for i, fan in enumerate(c.fans):
        band = fan["value_real"]
        colour = OPTION_COLOURS[i]
        years = np.asarray(fan["years"])
        ax.fill_between(years, band["p5"], band["p95"], color=colour, alpha=0.12, linewidth=0)
        ax.plot(years, band["p5"], color=colour, linewidth=0.8, linestyle=":")
        ax.plot(years, band["p95"], color=colour, linewidth=0.8, linestyle=":")
        ax.plot(
            years,
            band["p50"],
            color=colour,
            linewidth=2.2 - 0.3 * i,
            label=f"{c.letters[i]}: {c.options[i]['name'][:40]} (median)",
        )
    initial = c.fans[0]["value_real"]["p50"][0]
    ax.axhline(initial, color="#444444", linewidth=0.8, linestyle="--")
    ax.yaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.set_xlabel("Year")
    ax.set_ylabel("Real value (£, pounds of year 0)")
    ax.set_title(
        f"Endowment: real value by option (median, 5th-95th percentile shaded); dashed: the {format_money(initial)} start",
        loc="left",
        fontsize="medium",
    )
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    _finish(fig, c, ax, grid="both")


def winners_chart(fig: Figure, c: Comparison) -> None:
    """Areas gaining and losing more than the threshold per head, per option against A, with
    the 5th-95th percentile of the count over draws."""
    fig.clear()
    ax = fig.add_subplot(111)
    gain, lose = c.winners_losers[0], c.winners_losers[1]
    k = len(c.letters)
    x = np.arange(1, k)
    for offset, w, colour, label in (
        (-0.2, gain, OKABE_ITO["blue"], "gaining"),
        (0.2, lose, OKABE_ITO["vermillion"], "losing"),
    ):
        mean = np.asarray(w["mean"][1:])
        err = np.vstack([mean - np.asarray(w["p5"][1:]), np.asarray(w["p95"][1:]) - mean]).clip(
            min=0
        )
        ax.bar(x + offset, mean, width=0.4, color=colour, label=f"areas {label}")
        ax.errorbar(x + offset, mean, yerr=err, fmt="none", ecolor=OKABE_ITO["black"], capsize=4)
    ax.set_xticks(x, [f"{c.letters[i]} vs A" for i in range(1, k)])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Areas")
    ax.set_title(
        f"Winners and losers: areas gaining or losing more than £{c.threshold:,.2f} per head\n"
        "Bars: mean over draws; whiskers: 5th-95th percentile",
        loc="left",
        fontsize="medium",
    )
    ax.legend(loc="upper right", fontsize="small", frameon=False)
    _finish(fig, c, ax, grid="y")
