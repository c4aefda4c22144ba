"""Charts of a comparison as plain functions on a matplotlib ``Figure`` (no Qt).

The app's Compare view embeds them; a script can draw them under Agg. Colours come from the
house style (:mod:`simulator.outputs.house`), one per option in the same order everywhere, and
options are also named on the chart (tick labels, line ends), never by colour alone. Each
function returns a :class:`~simulator.outputs.house.ChartInfo` (summary sentence and data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from simulator.analysis.compare import Comparison
from simulator.core.money import axis_money, format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.outputs.house import ChartInfo, attach

plain_text_charts()

#: At most this many bars carry their value as a label (the single-area view among them).
LABELLED_BARS = 12
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
    house.adjust(fig, left=left, right=0.97, top=0.88 - house.legend_room(ax), bottom=bottom)
    fig.text(
        0.01, 0.01, source_note(c), fontsize="x-small", color="#444444", ha="left", va="bottom"
    )


def change_chart(fig: Figure, c: Comparison, option: int = 1, search: str = "") -> ChartInfo:
    """Each area's change from the baseline under ``option`` (pounds), sorted, with the paired
    5th-95th percentile band of the change as whiskers. Beyond :data:`CHANGE_AREAS` areas, the
    largest gains and losses are shown. Losses are hatched; a few bars carry their value."""
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
    mean = table[f"{L}_change"].to_numpy(dtype=float)
    low, high = table[f"{L}_change_p5"].to_numpy(), table[f"{L}_change_p95"].to_numpy()
    err = np.vstack([mean - low, high - mean]).clip(min=0)
    from simulator.outputs.figures import _gains_and_losses

    handles = _gains_and_losses(ax, y, mean)
    bars = ax.errorbar(
        mean,
        y,
        xerr=err,
        fmt="none",
        ecolor=house.current().ink,
        elinewidth=1.1,
        capsize=3,
        label="paired 5th-95th percentile",
    )
    handles.append(bars)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_yticks(y, list(table["name"]))
    ax.xaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.xaxis.set_major_locator(MaxNLocator(6))
    if 0 < len(table) <= LABELLED_BARS:  # few bars: each carries its number, beyond its whisker
        for yi, m, lo, hi in zip(y, mean, low, high):
            end = max(m, hi) if m >= 0 else min(m, lo)
            ax.annotate(
                format_money(m),
                (end, yi),
                xytext=(5 if m >= 0 else -5, 0),
                textcoords="offset points",
                ha="left" if m >= 0 else "right",
                va="center",
                fontsize="small",
            )
        reach = max(np.abs(np.concatenate([low, high, mean])).max(), 1.0)
        left, right = ax.get_xlim()
        ax.set_xlim(min(left, -0.05 * reach) * 1.35, max(right, 0.05 * reach) * 1.35)
    ax.set_xlabel(f"Change in allocation, option {L} minus option A (£)")
    house.head(
        ax,
        f"Who gains and who loses: {c.options[option]['name']} against {c.options[0]['name']}{shown}\n"
        "Bars: mean change; whiskers: 5th-95th percentile of the change on the same draws",
        fontsize="medium",
        legend=bool(len(table)),
        handles=handles,
        labels=["gains", "losses (hatched)", "paired 5th-95th percentile"],
    )
    _finish(fig, c, ax, left=0.24)
    rows = table.iloc[::-1]
    data = pd.DataFrame(
        {
            "area": rows["name"].astype(str),
            "code": rows["code"].astype(str),
            f"change, {L} minus A (£)": rows[f"{L}_change"].astype(float),
            "5th percentile of the change (£)": rows[f"{L}_change_p5"].astype(float),
            "95th percentile of the change (£)": rows[f"{L}_change_p95"].astype(float),
        }
    )
    every = c.areas[f"{L}_change"].to_numpy(dtype=float)
    if data.empty:
        summary = f"No area matches “{search}”."
    elif len(data) == 1:
        row = data.iloc[0]
        summary = (
            f"Under option {L}, {row['area']} {'gains' if row.iloc[2] >= 0 else 'loses'} "
            f"{format_money(abs(row.iloc[2]))} against option A (90% range {format_money(row.iloc[3])} to {format_money(row.iloc[4])})."
        )
    else:
        top, bottom = data.iloc[0], data.iloc[-1]
        summary = (
            f"Under option {L}, {int((every > 0).sum())} of {len(every)} areas gain and {int((every < 0).sum())} lose "
            f"against option A; {top['area']} gains most ({format_money(top.iloc[2])}) and {bottom['area']} "
            f"{'loses most' if bottom.iloc[2] < 0 else 'gains least'} ({format_money(bottom.iloc[2])})."
        )
    return attach(fig, summary, data, "Change by area")


def _format(unit: str):
    if unit in ("share", "probability"):
        return lambda v: format_share(v, 1)
    if unit == "pounds":
        return format_money
    return lambda v: f"{v:,.3g}"


def headline_chart(
    fig: Figure, c: Comparison, name: str = "recovery_fund.share_to_most_deprived.population_10"
) -> ChartInfo:
    """One headline measure per option, with each option's paired difference band from A;
    every bar is named under it and carries its value."""
    fig.clear()
    m = next(x for x in c.metrics if x["name"] == name)
    ax = fig.add_subplot(111)
    x = np.arange(len(c.letters))
    colours = house.options(len(x))
    bars = ax.bar(x, m["values"], color=colours, width=0.6)
    for bar, k in zip(bars, x):
        if k % 2:  # every other option hatched too: bars told apart without colour
            bar.set_hatch(house.HATCH)
            bar.set_edgecolor("white")
    fmt = _format(m["unit"])
    base = m["values"][0]
    low = base + np.asarray(m["difference_p5"])
    high = base + np.asarray(m["difference_p95"])
    mid = base + np.asarray(m["difference_mean"])
    whiskers = ax.errorbar(
        x[1:],
        mid[1:],
        yerr=np.vstack([mid - low, high - mid])[:, 1:].clip(min=0),
        fmt="none",
        ecolor=house.current().ink,
        capsize=4,
        label="A plus the paired 5th-95th percentile difference",
    )
    top = np.maximum(np.asarray(m["values"], dtype=float), np.where(x > 0, high, -np.inf))
    for k, value in zip(x, m["values"]):
        ax.annotate(
            fmt(value),
            (k, top[k]),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.margins(y=0.12)
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
    house.head(
        ax,
        f"{m['label']}, by option",
        fontsize="medium",
        legend=len(x) > 1,
        handles=[whiskers],
        labels=[whiskers.get_label()],
    )
    _finish(fig, c, ax, grid="y")
    data = pd.DataFrame(
        {
            "option": [f"{L}: {o['name']}" for L, o in zip(c.letters, c.options)],
            m["label"]: np.asarray(m["values"], dtype=float),
            "difference from A (mean)": np.asarray(m["difference_mean"], dtype=float),
            "difference from A, 5th percentile": np.asarray(m["difference_p5"], dtype=float),
            "difference from A, 95th percentile": np.asarray(m["difference_p95"], dtype=float),
        }
    )
    parts = [f"option {L} {fmt(v)}" for L, v in zip(c.letters, m["values"])]
    summary = f"{m['label']}: " + ", ".join(parts) + "."
    return attach(fig, summary, data, m["label"])


def fan_overlay_chart(fig: Figure, c: Comparison) -> ChartInfo:
    """The endowment's real value by option: medians and 5th-95th percentile bands, overlaid.
    Each option's median has its own line style and its letter at the line's end."""
    fig.clear()
    ax = fig.add_subplot(111)
    colours = house.options(len(c.fans))
    handles, labels, rows = [], [], []
    for i, fan in enumerate(c.fans):
        band = fan["value_real"]
        colour = colours[i]
        style = house.LINE_STYLES[i % len(house.LINE_STYLES)]
        years = np.asarray(fan["years"])
        ax.fill_between(years, band["p5"], band["p95"], color=colour, alpha=0.12, linewidth=0)
        ax.plot(years, band["p5"], color=colour, linewidth=0.8, linestyle=":")
        ax.plot(years, band["p95"], color=colour, linewidth=0.8, linestyle=":")
        (line,) = ax.plot(
            years,
            band["p50"],
            color=colour,
            linestyle=style,
            linewidth=2.2 - 0.3 * i,
            label=f"{c.letters[i]}: {c.options[i]['name'][:40]} (median)",
        )
        ax.annotate(
            c.letters[i],
            (years[-1], band["p50"][-1]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
            fontweight="bold",
            color=colour,
            annotation_clip=False,
        )
        handles.append(line)
        labels.append(line.get_label())
        rows.append(
            pd.DataFrame(
                {
                    "option": c.letters[i],
                    "year": years,
                    "5th percentile (£, pounds of year 0)": np.asarray(band["p5"], dtype=float),
                    "median (£, pounds of year 0)": np.asarray(band["p50"], dtype=float),
                    "95th percentile (£, pounds of year 0)": np.asarray(band["p95"], dtype=float),
                }
            )
        )
    initial = c.fans[0]["value_real"]["p50"][0]
    ax.axhline(initial, color="#444444", linewidth=0.8, linestyle="--")
    ax.yaxis.set_major_formatter(FuncFormatter(axis_money))
    ax.set_xlabel("Year")
    ax.set_ylabel("Real value (£, pounds of year 0)")
    house.head(
        ax,
        f"Endowment: real value by option (median, 5th-95th percentile shaded); dashed: the {format_money(initial)} start",
        fontsize="medium",
        handles=handles,
        labels=labels,
    )
    _finish(fig, c, ax, grid="both")
    fig.subplots_adjust(right=0.94)  # room for the letters at the lines' ends
    ends = [
        f"{c.letters[i]} {format_money(fan['value_real']['p50'][-1])}"
        for i, fan in enumerate(c.fans)
    ]
    years = int(np.asarray(c.fans[0]["years"])[-1]) if c.fans else 0
    summary = (
        f"The endowment starts at {format_money(initial)} in real terms; its median real value after "
        f"{years} years is " + ", ".join(ends) + "."
    )
    return attach(fig, summary, pd.concat(rows, ignore_index=True), "Endowment by option")


def winners_chart(fig: Figure, c: Comparison) -> ChartInfo:
    """Areas gaining and losing more than the threshold per head, per option against A, with
    the 5th-95th percentile of the count over draws; losing bars hatched, each bar labelled."""
    fig.clear()
    ax = fig.add_subplot(111)
    gain, lose = c.winners_losers[0], c.winners_losers[1]
    k = len(c.letters)
    x = np.arange(1, k)
    first, second = house.current().pair
    handles = []
    for offset, w, colour, hatch, label in (
        (-0.2, gain, first, None, "gaining"),
        (0.2, lose, second, house.HATCH, "losing"),
    ):
        mean = np.asarray(w["mean"][1:])
        err = np.vstack([mean - np.asarray(w["p5"][1:]), np.asarray(w["p95"][1:]) - mean]).clip(
            min=0
        )
        bars = ax.bar(
            x + offset,
            mean,
            width=0.4,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            label=f"areas {label}",
        )
        handles.append(bars)
        ax.errorbar(x + offset, mean, yerr=err, fmt="none", ecolor=house.current().ink, capsize=4)
        for xi, value, hi in zip(x + offset, mean, np.asarray(w["p95"][1:])):
            ax.annotate(
                f"{value:,.0f}",
                (xi, max(value, hi)),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="small",
            )
    ax.margins(y=0.12)
    ax.set_xticks(x, [f"{c.letters[i]} vs A" for i in range(1, k)])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Areas")
    house.head(
        ax,
        f"Winners and losers: areas gaining or losing more than £{c.threshold:,.2f} per head\n"
        "Bars: mean over draws; whiskers: 5th-95th percentile",
        fontsize="medium",
        handles=handles,
        labels=["areas gaining", "areas losing (hatched)"],
    )
    _finish(fig, c, ax, grid="y")
    data = pd.DataFrame(
        {
            "option": [f"{c.letters[i]} vs A" for i in range(1, k)],
            "areas gaining (mean)": np.asarray(gain["mean"][1:], dtype=float),
            "areas gaining, 5th percentile": np.asarray(gain["p5"][1:], dtype=float),
            "areas gaining, 95th percentile": np.asarray(gain["p95"][1:], dtype=float),
            "areas losing (mean)": np.asarray(lose["mean"][1:], dtype=float),
            "areas losing, 5th percentile": np.asarray(lose["p5"][1:], dtype=float),
            "areas losing, 95th percentile": np.asarray(lose["p95"][1:], dtype=float),
        }
    )
    parts = [
        f"option {c.letters[i]} {gain['mean'][i]:,.0f} gain and {lose['mean'][i]:,.0f} lose"
        for i in range(1, k)
    ]
    summary = (
        f"Areas gaining or losing more than £{c.threshold:,.2f} per head against option A: "
        + "; ".join(parts)
        + "."
    )
    return attach(fig, summary, data, "Winners and losers by option")
