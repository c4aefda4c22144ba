"""The endowment's charts as plain functions of results on a matplotlib ``Figure`` (no Qt):
its value and grants over time with percentile bands, the chances of keeping real value and of
running out, and grants to each eligible area. :mod:`simulator.outputs.figures` offers them
too, with the recovery fund's charts; each returns a :class:`~simulator.outputs.house.ChartInfo`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simulator.core.money import format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.outputs.house import (
    ChartInfo,
    MoneyAxis,
    _bars_with_whiskers,
    _finish,
    attach,
)
from simulator.results import Results

plain_text_charts()


def _band_table(x, bands: dict, x_name: str, unit: str) -> pd.DataFrame:
    data = {x_name: np.asarray(x)}
    for key, label in (
        ("p5", "5th percentile"),
        ("p25", "25th percentile"),
        ("p50", "median"),
        ("p75", "75th percentile"),
        ("p95", "95th percentile"),
    ):
        if key in bands:
            data[f"{label} ({unit})"] = np.asarray(bands[key], dtype=float)
    return pd.DataFrame(data)


def endowment_fan_chart(fig: Figure, results: Results, real: bool = True) -> ChartInfo:
    """The endowment's value over time: median line inside a 5th-95th percentile band."""
    fig.clear()
    end = results.endowment
    values = end.value_real if real else end.value_nominal
    ax = fig.add_subplot(111)
    years = end.years
    _bands(ax, years, values, house.main(), "Median")
    ax.axhline(
        end.initial,
        color=house.current().reference,
        linestyle="--",
        linewidth=1.2,
        label=f"Initial value {format_money(end.initial)}",
    )
    ax.yaxis.set_major_formatter(MoneyAxis())
    ax.set_xlabel("Year")
    ax.set_ylabel("Value (£, pounds of year 0)" if real else "Value (£, nominal)")
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    kind = "real" if real else "nominal"
    house.head(
        ax,
        f"Levelling Up Communities Fund: endowment value ({kind})\n"
        f"Real value kept after {int(years[-1])} years in {format_share(end.prob_real_value_preserved, 0)} of futures; "
        f"depleted in {format_share(end.prob_depleted, 0)}",
    )
    _finish(fig, results, ax, top=0.86, bottom=0.2)
    unit = "£, pounds of year 0" if real else "£, nominal"
    median = np.asarray(values["p50"], dtype=float)
    summary = (
        f"The endowment's {kind} value starts at {format_money(end.initial)} and after {int(years[-1])} years "
        f"has a median of {format_money(median[-1])} (90% of futures between {format_money(values['p5'][-1])} "
        f"and {format_money(values['p95'][-1])}); it keeps its real value in {format_share(end.prob_real_value_preserved, 0)} of futures."
    )
    return attach(fig, summary, _band_table(years, values, "year", unit), "Endowment value")


def _bands(ax, x, bands: dict, color: str, label: str) -> None:
    """Median line inside 5-95 (light) and, when present, 25-75 (darker) percentile bands; the
    main series takes the house style's sequential shades, so the median stands out."""
    outer, inner = (house.band(2), house.band(1)) if color == house.main() else (color, color)
    ax.fill_between(
        x,
        bands["p5"],
        bands["p95"],
        color=outer,
        alpha=0.25 if outer == color else 0.35,
        linewidth=0,
        label="5th-95th percentile",
    )
    if "p25" in bands and "p75" in bands:
        ax.fill_between(
            x,
            bands["p25"],
            bands["p75"],
            color=inner,
            alpha=0.45,
            linewidth=0,
            label="25th-75th percentile",
        )
    ax.plot(x, bands["p50"], color=color, linewidth=2.2, label=label)


def grants_fan_chart(fig: Figure, results: Results, real: bool = True) -> ChartInfo:
    """Grants paid each year: median inside percentile bands."""
    fig.clear()
    end = results.endowment
    grants = end.grants_real if real else end.grants_nominal
    years = end.years[1:]
    ax = fig.add_subplot(111)
    _bands(ax, years, grants, house.second(), "Median")
    ax.yaxis.set_major_formatter(MoneyAxis())
    ax.set_xlabel("Year")
    ax.set_ylabel(
        "Grants in the year (£, pounds of year 0)" if real else "Grants in the year (£, nominal)"
    )
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    p = end.prob_final_grants_at_least_first
    house.head(
        ax,
        f"Levelling Up Communities Fund: grants per year ({'real' if real else 'nominal'})\n"
        f"The last year's real grants are at least the first year's in {format_share(p or 0, 0)} of futures",
    )
    _finish(fig, results, ax, top=0.86, bottom=0.2)
    median = np.asarray(grants["p50"], dtype=float)
    summary = (
        f"Median {'real' if real else 'nominal'} grants are {format_money(median[0])} in year {int(years[0])} "
        f"and {format_money(median[-1])} in year {int(years[-1])}; the last year's real grants are at least "
        f"the first year's in {format_share(p or 0, 0)} of futures."
    )
    unit = "£, pounds of year 0" if real else "£, nominal"
    return attach(fig, summary, _band_table(years, grants, "year", unit), "Grants per year")


def probability_chart(fig: Figure, results: Results) -> ChartInfo:
    """Chance the endowment has kept its real value, and chance it has run out, by year."""
    fig.clear()
    end = results.endowment
    ax = fig.add_subplot(111)
    first, second = house.current().pair
    ax.plot(
        end.years,
        end.prob_preserved_by_year,
        color=first,
        linewidth=2.2,
        marker="o",
        markevery=max(1, len(end.years) // 10),
        label="Real value at least the initial value",
    )
    ax.plot(
        end.years,
        end.prob_depleted_by_year,
        color=second,
        linewidth=2.2,
        linestyle="--",
        marker="s",
        markevery=max(1, len(end.years) // 10),
        label="Fund run out",
    )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(end.years[0], end.years[-1])
    ax.set_xlabel("Year")
    ax.set_ylabel("Share of simulated futures")
    median = end.depletion_year.get("median")
    tail = f"; median year of running out {median:.0f}" if median else ""
    house.head(
        ax,
        f"Levelling Up Communities Fund: preservation and depletion over time\n"
        f"Real value kept at the horizon in {format_share(end.prob_real_value_preserved, 0)} of futures{tail}",
    )
    _finish(fig, results, ax, top=0.86, bottom=0.2)
    data = pd.DataFrame(
        {
            "year": np.asarray(end.years),
            "share of futures with real value kept": np.asarray(end.prob_preserved_by_year),
            "share of futures with the fund run out": np.asarray(end.prob_depleted_by_year),
        }
    )
    summary = (
        f"By year {int(end.years[-1])} the endowment keeps its real value in "
        f"{format_share(end.prob_real_value_preserved, 0)} of futures and has run out in "
        f"{format_share(end.prob_depleted, 0)}{tail}."
    )
    return attach(fig, summary, data, "Preservation and depletion")


def area_grants_chart(fig: Figure, results: Results, top_n: int = 30) -> ChartInfo:
    """Cumulative real grants from the endowment to each eligible area, with bands."""
    fig.clear()
    ax = fig.add_subplot(111)
    table = results.endowment.area_grants
    if table is None or table.empty:
        ax.text(
            0.5,
            0.5,
            "No areas receive endowment grants",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        _finish(fig, results)
        return attach(fig, "No areas receive endowment grants.", pd.DataFrame())
    table = table.sort_values("cumulative_real_mean", ascending=False).head(top_n).iloc[::-1]
    _bars_with_whiskers(
        ax,
        table["name"],
        table["cumulative_real_mean"],
        table["cumulative_real_p5"],
        table["cumulative_real_p95"],
        house.second(),
        "Mean",
    )
    years = int(results.endowment.years[-1])
    ax.set_xlabel(f"Grants over {years} years (£, pounds of year 0)")
    house.head(
        ax,
        f"Levelling Up Communities Fund: grants to the {len(results.endowment.area_grants):,} eligible areas over {years} years",
    )
    _finish(fig, results, ax, left=0.26, bottom=0.16)
    rows = table.iloc[::-1]
    data = pd.DataFrame(
        {
            "area": rows["name"].astype(str),
            "mean grants (£, pounds of year 0)": rows["cumulative_real_mean"].astype(float),
            "5th percentile (£)": rows["cumulative_real_p5"].astype(float),
            "95th percentile (£)": rows["cumulative_real_p95"].astype(float),
        }
    )
    summary = (
        f"Over {years} years {len(results.endowment.area_grants):,} eligible areas receive endowment grants; "
        f"{rows.iloc[0]['name']} receives the most, {format_money(rows.iloc[0]['cumulative_real_mean'])} in pounds of year 0."
    )
    return attach(fig, summary, data, "Grants to areas")
