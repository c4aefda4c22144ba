"""Charts of sweeps, tornados and goal seeks, drawn on a matplotlib ``Figure`` (no Qt).

Colours are the Okabe-Ito palette of :mod:`simulator.outputs.figures`; the heatmap uses
cividis, which reads the same with the common forms of colour blindness and in grey.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.goalseek import Solution
from simulator.analysis.sensitivity.sweep import SweepResult
from simulator.analysis.sensitivity.tornado import TornadoResult
from simulator.core.money import axis_money, format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs.figures import OKABE_ITO
from simulator.scenario.model import field_unit, section_models

plain_text_charts()

Z95 = 1.959963984540054


def key_unit(key: str) -> str:
    section, _, name = key.rpartition(".")
    model = section_models().get(section)
    return field_unit(model, name) if model is not None and name in model.model_fields else "text"


def format_key_value(key: str, value: float, digits: int = 3) -> str:
    """A key's value as a user reads it: 4.5% a year, £2.0bn, 3 rounds (``digits`` significant)."""
    unit = key_unit(key)
    if unit in ("share", "rate"):
        return f"{100 * value:.{digits}g}%"
    if unit in ("£", "£/head"):
        return format_money(value, max(1, digits - 2))
    return f"{value:.{max(digits, 6)}g}"


def format_metric(name: str, value: float) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    if m.is_money(name):
        return format_money(value)
    if m.is_share(name):
        return format_share(value)
    return f"{value:.4g}"


def key_label(key: str) -> str:
    unit = key_unit(key)
    suffix = {
        "share": " (%)",
        "rate": " (% a year)",
        "£": " (£)",
        "£/head": " (£ per head)",
        "years": " (years)",
    }.get(unit, "")
    return key.partition(".")[2].replace("_", " ") + suffix


def metric_label(name: str, width: int = 48) -> str:
    """An axis label for a metric: its meaning where known (wrapped), else its name."""
    import textwrap

    text = m.describe(name) or name
    return textwrap.fill(text[0].upper() + text[1:], width)


def _axis_format(axis, name: str, *, key: bool = False) -> None:
    if key:
        unit = key_unit(name)
        if unit in ("share", "rate"):
            axis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.3g}%"))
        elif unit in ("£", "£/head"):
            axis.set_major_formatter(FuncFormatter(axis_money))
        return
    if m.is_money(name):
        axis.set_major_formatter(FuncFormatter(axis_money))
    elif m.is_share(name):
        axis.set_major_formatter(FuncFormatter(lambda v, _p: f"{100 * v:.0f}%"))


def _finish(fig: Figure, ax, note: str) -> None:
    ax.grid(color="#dddddd")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.01, 0.01, note, fontsize="x-small", color="#444444", ha="left", va="bottom")


def _note(result) -> str:
    return f"Scenario: {result.scenario}. Seed {result.seed}, {result.paths:,} paths at every point (common random numbers)."


def tornado_chart(fig: Figure, result: TornadoResult) -> None:
    """Bars from the base value to the metric at each key's low and high end, largest swing at
    the top, with each end's 95% Monte Carlo interval."""
    fig.clear()
    ax = fig.add_subplot(111)
    bars = result.bars[::-1]
    y = np.arange(len(bars))
    base = result.base_value
    for i, bar in enumerate(bars):
        # both ends on the same side of the base: two half bars, or the longer would hide the shorter
        same_side = (bar.at_low - base) * (bar.at_high - base) > 0
        for value, se, colour, label, shift in (
            (bar.at_low, bar.se_low, OKABE_ITO["sky"], "Key at its low value", 0.16),
            (bar.at_high, bar.se_high, OKABE_ITO["blue"], "Key at its high value", -0.16),
        ):
            if not math.isfinite(value):
                continue
            at, height = (i + shift, 0.3) if same_side else (i, 0.6)
            ax.barh(
                at,
                value - base,
                left=base,
                height=height,
                color=colour,
                label=label if i == 0 else None,
            )
            if math.isfinite(se) and se > 0:
                ax.errorbar(
                    value,
                    at,
                    xerr=Z95 * se,
                    fmt="none",
                    ecolor="#000000",
                    elinewidth=1,
                    capsize=3,
                    label="95% Monte Carlo interval"
                    if i == 0 and colour == OKABE_ITO["blue"]
                    else None,
                )
    ax.axvline(
        base,
        color=OKABE_ITO["vermillion"],
        linewidth=1.4,
        label=f"Base {format_metric(result.metric, base)}",
    )
    ax.set_yticks(
        y,
        [
            f"{key_label(b.key)}\n{format_key_value(b.key, b.low)} to {format_key_value(b.key, b.high)}"
            for b in bars
        ],
        fontsize="small",
    )
    _axis_format(ax.xaxis, result.metric)
    ax.set_xlabel(metric_label(result.metric))
    ax.set_title(
        f"What moves it most: {result.metric}\neach key alone from its low to its high value",
        loc="left",
        fontsize="large",
    )
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    fig.subplots_adjust(left=0.3, right=0.97, top=0.86, bottom=0.16)
    _finish(fig, ax, _note(result))
    ax.grid(axis="y", visible=False)


def sweep_chart(fig: Figure, result: SweepResult, metric: str | None = None) -> None:
    """One key: the metric against the key, with its 5th-95th percentile band and 95% Monte Carlo
    interval. Two keys: a heatmap of the metric over the grid."""
    fig.clear()
    metric = metric or result.metrics[0]
    ax = fig.add_subplot(111)
    first = result.axes[0]
    if len(result.axes) == 1:
        x = np.asarray(first.values, dtype=float)
        y = result.grid(metric)
        se = result.grid(metric, "errors")
        if metric in result.bands:
            lo, hi = result.bands[metric]
            ax.fill_between(
                x,
                result.grid(lo),
                result.grid(hi),
                color=OKABE_ITO["sky"],
                alpha=0.3,
                linewidth=0,
                label="5th-95th percentile of draws",
            )
        if np.any(np.isfinite(se)):
            ax.fill_between(
                x,
                y - Z95 * se,
                y + Z95 * se,
                color=OKABE_ITO["blue"],
                alpha=0.35,
                linewidth=0,
                label="95% Monte Carlo interval",
            )
        ax.plot(
            x, y, color=OKABE_ITO["blue"], linewidth=2.2, marker="o", markersize=4, label=metric
        )
        _axis_format(ax.xaxis, first.key, key=True)
        _axis_format(ax.yaxis, metric)
        ax.set_xlabel(key_label(first.key))
        ax.set_ylabel(metric_label(metric))
        ax.legend(loc="best", frameon=False, fontsize="small")
        ax.set_title(f"{metric}\nagainst {first.key}", loc="left", fontsize="large")
        fig.subplots_adjust(left=0.12, right=0.97, top=0.86, bottom=0.18)
    else:
        second = result.axes[1]
        grid = result.grid(metric)
        image = ax.imshow(
            grid.T, origin="lower", aspect="auto", cmap="cividis", interpolation="nearest"
        )
        ax.set_xticks(
            range(len(first.values)),
            [format_key_value(first.key, v) for v in first.values],
            fontsize="small",
        )
        ax.set_yticks(
            range(len(second.values)),
            [format_key_value(second.key, v) for v in second.values],
            fontsize="small",
        )
        if grid.size <= 150:
            lo, hi = np.nanmin(grid), np.nanmax(grid)
            for (i, j), value in np.ndenumerate(grid):
                dark = (value - lo) / (hi - lo) < 0.5 if hi > lo else True
                ax.text(
                    i,
                    j,
                    format_metric(metric, value),
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="white" if dark else "black",
                )
        bar = fig.colorbar(image, ax=ax)
        _axis_format(bar.ax.yaxis, metric)
        bar.set_label(metric_label(metric, 36))
        ax.set_xlabel(key_label(first.key))
        ax.set_ylabel(key_label(second.key))
        ax.set_title(f"{metric}\nover {first.key} and {second.key}", loc="left", fontsize="large")
        fig.subplots_adjust(left=0.14, right=0.95, top=0.86, bottom=0.18)
        ax.spines[["top", "right"]].set_visible(False)
        fig.text(
            0.01, 0.01, _note(result), fontsize="x-small", color="#444444", ha="left", va="bottom"
        )
        return
    _finish(fig, ax, _note(result))


def goal_chart(fig: Figure, result: Solution) -> None:
    """Every goal-seek evaluation, the target line and the answer."""
    fig.clear()
    ax = fig.add_subplot(111)
    xs = np.array([e["value"] for e in result.evaluations], dtype=float)
    ys = np.array(
        [np.nan if e["metric"] is None else e["metric"] for e in result.evaluations], dtype=float
    )
    ax.plot(xs, ys, color=OKABE_ITO["blue"], marker="o", markersize=4, linewidth=1.2, label="Runs")
    ax.axhline(
        result.target,
        color=OKABE_ITO["vermillion"],
        linestyle="--",
        linewidth=1.2,
        label=f"Target {format_metric(result.metric, result.target)}",
    )
    if result.found and result.value is not None:
        ax.axvline(
            result.value,
            color=OKABE_ITO["green"],
            linewidth=1.4,
            label=f"Answer {format_key_value(result.key, result.value, 4)}",
        )
    _axis_format(ax.xaxis, result.key, key=True)
    _axis_format(ax.yaxis, result.metric)
    ax.set_xlabel(key_label(result.key))
    ax.set_ylabel(metric_label(result.metric, 30), fontsize="small")
    ax.set_title(f"Goal seek: {result.metric}", loc="left", fontsize="large")
    ax.legend(loc="best", frameon=False, fontsize="small")
    fig.subplots_adjust(left=0.16, right=0.97, top=0.9, bottom=0.18)
    _finish(fig, ax, _note(result))
