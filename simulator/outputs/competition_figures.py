"""Charts of the organisation-level competition: who wins, and what bidding costs.

Plain functions of results on a matplotlib ``Figure`` (no Qt), in the palette of
:mod:`simulator.outputs.figures`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from simulator.core.money import axis_money, format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.outputs.figures import _finish
from simulator.outputs.house import ChartInfo, attach
from simulator.results import Results

plain_text_charts()

BAND_LABELS = {
    "micro": "Micro\n<£10k",
    "small": "Small\n£10k+",
    "medium": "Medium\n£100k+",
    "large": "Large\n£1m+",
    "major": "Major\n£10m+",
}
NO_COMPETITION = "No organisation-level competition in this scenario (mechanism 'competitive' or 'hybrid' shows it)."


def competition(results: Results) -> dict | None:
    """The results' competition block, or None."""
    return results.recovery.measures.get("competition")


def _panel(ax, labels, rows, title: str) -> None:
    """Bars of money (5th-95th whiskers) and bid costs, with the success rate on a second axis."""
    x = np.arange(len(rows))
    money = np.array([r["money"]["mean"] for r in rows])
    err = np.vstack(
        [
            money - [r["money"]["p5"] for r in rows],
            np.array([r["money"]["p95"] for r in rows]) - money,
        ]
    ).clip(min=0)
    cost = np.array([r["bid_cost"] for r in rows])
    ax.bar(x - 0.2, money, width=0.4, color=house.main(), label="Money won (mean)")
    ax.errorbar(
        x - 0.2,
        money,
        yerr=err,
        fmt="none",
        ecolor="black",
        capsize=3,
        elinewidth=1,
        label="5th-95th percentile",
    )
    ax.bar(
        x + 0.2,
        cost,
        width=0.4,
        color=house.current().pair[1],
        hatch="//",
        edgecolor="white",
        label="Spent preparing bids",
    )
    ax.set_xticks(x, labels, fontsize="small")
    ax.set_ylabel("Pounds (£)", labelpad=2)
    ax.yaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.set_title(title, loc="left", fontsize="medium")
    ax.grid(axis="y", color="#dddddd")
    ax.set_axisbelow(True)
    ax.spines[["top"]].set_visible(False)
    rate = ax.twinx()
    success = [np.nan if r["success_rate"] is None else r["success_rate"] for r in rows]
    rate.plot(
        x,
        success,
        color=house.current().reference,
        linestyle="--",
        marker="D",
        linewidth=1.5,
        label="Success rate (right axis)",
    )
    rate.set_ylim(0, max(0.05, np.nanmax(success) * 1.25) if np.isfinite(np.nanmax(success)) else 1)
    rate.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    rate.set_ylabel("Share of bids funded")
    rate.spines[["top"]].set_visible(False)
    return rate


def competition_chart(fig: Figure, results: Results) -> ChartInfo:
    """Money won, bid costs and success rates by organisation size and by need decile."""
    fig.clear()
    c = competition(results)
    if c is None:
        ax = fig.add_subplot(111)
        ax.set_title("Competition: who wins and what bidding costs", loc="left", fontsize="large")
        ax.text(
            0.5, 0.5, NO_COMPETITION, ha="center", va="center", wrap=True, transform=ax.transAxes
        )
        ax.set_axis_off()
        return attach(fig, NO_COMPETITION, pd.DataFrame(), "Competition")
    left = fig.add_subplot(1, 2, 1)
    rate = _panel(
        left,
        [BAND_LABELS.get(r["band"], r["band"]) for r in c["by_band"]],
        c["by_band"],
        "By organisation size (annual income)",
    )
    left.set_xlabel("Size band by annual income", fontsize="small")
    right = fig.add_subplot(1, 2, 2)
    _panel(
        right,
        [str(r["decile"]) for r in c["by_decile"]],
        c["by_decile"],
        "By need decile of the area (1 = most deprived)",
    )
    handles, labels = left.get_legend_handles_labels()
    more, more_labels = rate.get_legend_handles_labels()
    fig.suptitle(
        f"Competition: who wins and what bidding costs\nSmall and micro organisations win {format_share(c['share_to_small']['mean'])} "
        f"of the money; bids cost {format_money(c['bid_cost']['mean'])}, {format_money(c['deadweight']['mean'])} of it on bids that lost",
        x=0.01,
        y=0.98,
        ha="left",
        va="top",
        fontsize="large",
    )
    # from the top down, in points: the title, the key in rows, the panels' titles
    height = fig.get_figheight() * 72
    title_pt = 2 * 1.3 * house._text_pt("large") + 0.02 * height
    ncol = min(
        4,
        house._legend_columns(
            labels + more_labels, fig.get_figwidth() * 72 * 0.9, house._text_pt("small")
        ),
    )
    rows = -(-len(handles + more) // ncol)
    fig.legend(
        handles + more,
        labels + more_labels,
        loc="upper left",
        ncol=ncol,
        frameon=False,
        fontsize="small",
        bbox_to_anchor=(0.01, 1 - title_pt / height),
    )
    panel_pt = 1.3 * house._text_pt("medium") + 10
    top = 1 - (title_pt + house._legend_height(rows) + 6 + panel_pt) / height
    _finish(fig, results, None, left=0.09, top=max(0.3, top), bottom=0.2)
    fig.subplots_adjust(wspace=0.45, right=0.93)
    rows = []
    for kind, key, label in (
        ("size band", "by_band", "band"),
        ("need decile", "by_decile", "decile"),
    ):
        for r in c[key]:
            rows.append(
                {
                    "group": kind,
                    "value": str(r[label]),
                    "money won, mean (£)": r["money"]["mean"],
                    "money won, 5th percentile (£)": r["money"]["p5"],
                    "money won, 95th percentile (£)": r["money"]["p95"],
                    "spent preparing bids (£)": r["bid_cost"],
                    "share of bids funded": r["success_rate"],
                }
            )
    summary = (
        f"Small and micro organisations win {format_share(c['share_to_small']['mean'])} of the money; "
        f"bids cost {format_money(c['bid_cost']['mean'])} to prepare, {format_money(c['deadweight']['mean'])} "
        f"of it on bids that lost; the most deprived tenth of areas wins {format_money(c['by_decile'][0]['money']['mean'])}."
    )
    return attach(fig, summary, pd.DataFrame(rows), "Competition")


def who_wins_lines(results: Results) -> list[str]:
    """A few plain sentences on the competition for side-by-side views (empty without one)."""
    c = competition(results)
    if c is None:
        return []
    rate = c["success_rate"]
    first = c["by_decile"][0]
    return [
        f"{c['bids']['mean']:,.0f} bids, "
        + (
            "all funded (money left over)"
            if c.get("every_bid_funded")
            else f"{format_share(rate) if rate is not None else 'none'} funded"
        ),
        f"Small and micro organisations: {format_share(c['share_to_small']['mean'])} of the money",
        f"Most deprived tenth of areas: {format_money(first['money']['mean'])}, "
        f"{format_share(first['success_rate']) if first['success_rate'] is not None else '–'} of its bids funded",
        f"Spent bidding: {format_money(c['bid_cost']['mean'])} ({format_money(c['deadweight']['mean'])} on bids that lost)",
    ]
