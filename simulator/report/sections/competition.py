"""Results of a competition by organisation size: who bids, who wins, what bidding costs.

Shown when the run had the organisation-level competition (its results carry a ``competition``
block); otherwise this section adds nothing.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simulator.core.money import axis_money, format_in_unit, format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.measures.competition import BY_NAME as COMPETITION_MEASURES
from simulator.outputs import house
from simulator.report.alt_text import competition_alt
from simulator.report.charts import WIDTH, render_png, source_line
from simulator.report.context import ReportContext
from simulator.report.model import Document
from simulator.results import Results

plain_text_charts()

BAND_NAMES = {
    "micro": "Micro (under £10k)",
    "small": "Small (£10k–£100k)",
    "medium": "Medium (£100k–£1m)",
    "large": "Large (£1m–£10m)",
    "major": "Major (over £10m)",
}


def band_rows(results: Results) -> list[list[str]]:
    """One row per size band, from the results' ``competition.by_band``."""
    rows = []
    for b in results.recovery.measures["competition"]["by_band"]:
        rate = b.get("success_rate")
        rows.append(
            [
                BAND_NAMES.get(b["band"], b["band"]),
                f"{b.get('organisations', 0):,.0f}",
                f"{b['bids']:,.1f}".removesuffix(".0"),  # counts: "12", or a mean "11.6"
                f"{b['funded']:,.1f}".removesuffix(".0"),
                "–" if rate is None else format_share(rate, 0),
                format_money(b["money"]["mean"]),
                "–" if b.get("share_of_money") is None else format_share(b["share_of_money"]),
                format_money(b["bid_cost"]),
                format_money(b["net_of_bid_cost"]["mean"]),
            ]
        )
    return rows


def _percentile(band, q: int, unit: str) -> str:
    """A percentile and its 95% interval (a percentile has no "±")."""
    text = format_in_unit(band[f"p{q}"], unit)
    low, high = (format_in_unit(band.get(f"p{q}_{end}"), unit) for end in ("low", "high"))
    return text if low == high or "–" in (low, high) else f"{text} ({low} to {high})"


def overall_rows(comp: dict) -> list[list[str]]:
    """One row per overall measure of the competition, labelled and formatted by the measures
    registry: the mean ± its standard error, the 5th and 95th percentiles with their intervals."""
    rows = []
    for name, measure in COMPETITION_MEASURES.items():
        band, unit = comp[name], measure.unit
        mean = format_in_unit(band["mean"], unit)
        se = format_in_unit(band.get("mean_se"), unit)
        shown = mean if se in ("–", format_in_unit(0.0, unit)) else f"{mean} ± {se}"
        rows.append([measure.label, shown, _percentile(band, 5, unit), _percentile(band, 95, unit)])
    return rows


def _chart(fig: Figure, results: Results) -> None:
    fig.clear()
    bands = results.recovery.measures["competition"]["by_band"]
    ax = fig.add_subplot(111)
    y = np.arange(len(bands))
    money = np.array([b["money"]["mean"] for b in bands])
    cost = np.array([b["bid_cost"] for b in bands])
    ax.barh(y - 0.2, money, height=0.38, color=house.main(), label="Money won (mean)")
    ax.barh(
        y + 0.2,
        cost,
        height=0.38,
        color=house.current().pair[1],
        hatch=house.HATCH,
        edgecolor="white",
        label="Cost of bidding, won or lost (mean)",
    )
    ax.set_yticks(y, [BAND_NAMES.get(b["band"], b["band"]) for b in bands])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.set_xlabel("£ over the whole competition")
    small = results.recovery.measures["competition"]["share_to_small"]["mean"]
    house.head(
        ax,
        f"Competition by organisation size: money won and cost of bidding\n{format_share(small)} of the competitive money goes to micro and small organisations",
    )
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)


def competition_by_size(doc: Document, ctx: ReportContext) -> None:
    results = ctx.runs[0]
    comp = results.recovery.measures.get("competition")
    if not comp or not comp.get("by_band"):
        return
    doc.heading("Competition by organisation size")
    doc.para(
        f"{comp['organisations']:,.0f} organisations could bid. On average {comp['bids']['mean']:,.0f} bids are made and "
        f"{comp['funded_bids']['mean']:,.0f} funded (a success rate of {format_share(comp['success_rate'] or 0, 0)}). Preparing bids "
        f"costs bidders {format_money(comp['bid_cost']['mean'])}, of which {format_money(comp['deadweight']['mean'])} is spent "
        f"on bids that fail; {format_share(comp['share_to_small']['mean'])} of the competitive money goes to micro and small organisations."
    )
    doc.table(
        "Competition by organisation size (bands by annual income, NCVO): bids and funded bids per run, money won, and the cost of bidding.",
        [
            "Size band",
            "Organisations",
            "Bids",
            "Funded",
            "Success",
            "Money won",
            "Share",
            "Bid costs",
            "Net of costs",
        ],
        band_rows(results),
        [1.9, 1.1, 0.8, 0.8, 0.8, 1.0, 0.7, 1.0, 1.0],
        [False] + [True] * 8,
        source_line(results),
        small=True,
    )
    doc.table(
        "The competition's overall measures over draws: the mean with its Monte Carlo standard "
        "error, and the 5th and 95th percentiles, each with its distribution-free 95% interval.",
        ["Measure", "Mean", "5th percentile (95% interval)", "95th percentile (95% interval)"],
        overall_rows(comp),
        [2.6, 1.6, 2.1, 2.1],
        [False, True, True, True],
        source_line(results),
        small=True,
    )
    png = render_png(_chart, results, 3.6)
    doc.figure(
        "Competition by organisation size: money won and the cost of bidding, by size band.",
        png,
        WIDTH,
        3.6,
        source_line(results),
        competition_alt(results),
    )
