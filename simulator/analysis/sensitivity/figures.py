"""Charts of sweeps, tornados and goal seeks, drawn on a matplotlib ``Figure`` (no Qt).

Colours come from the house style (:mod:`simulator.outputs.house`); the heatmap uses cividis,
which reads the same with the common forms of colour blindness and in grey. Legends sit between
the title and the axes. Each function returns a :class:`~simulator.outputs.house.ChartInfo`.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.goalseek import Solution
from simulator.analysis.sensitivity.sweep import SweepResult
from simulator.analysis.sensitivity.tornado import TornadoResult
from simulator.core.money import axis_money, format_money, format_share
from simulator.core.text import plain_text_charts
from simulator.outputs import house
from simulator.outputs.house import ChartInfo, attach
from simulator.scenario.model import field_unit, section_models

plain_text_charts()


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
    note = f"Scenario: {result.scenario}. Seed {result.seed}, {result.paths:,} paths at every point (common random numbers)."
    return note + _failure_note(getattr(result, "failures", list)())


def _failure_note(lines: list[str], shown: int = 3) -> str:
    """The footnote's account of runs that could not run (each reason once, the first few)."""
    if not lines:
        return ""
    reasons = list(dict.fromkeys(line for line in lines))
    text = [
        "\n".join(textwrap.wrap(f"Could not run: {r}", 140, max_lines=2, placeholder="…"))
        for r in reasons[:shown]
    ]
    if len(reasons) > shown:
        text.append(f"and {len(reasons) - shown} more (listed in the JSON and Excel outputs).")
    return "\n" + "\n".join(text)


def _bottom(result, base: float) -> float:
    """Room under the axes for the footnote: a line more per failure shown."""
    return base + 0.05 * min(4, len(getattr(result, "failures", list)()))


def tornado_chart(fig: Figure, result: TornadoResult) -> ChartInfo:
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
        for value, (lo, hi), colour, hatch, label, shift in (
            (
                bar.at_low,
                bar.interval_low,
                house.band(2),
                house.HATCH,
                "Key at its low value",
                0.16,
            ),
            (bar.at_high, bar.interval_high, house.main(), None, "Key at its high value", -0.16),
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
                hatch=hatch,
                edgecolor="white" if hatch else None,
                label=label if i == 0 else None,
            )
            if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
                ax.errorbar(  # the interval as stated: asymmetric for a percentile
                    value,
                    at,
                    xerr=[[max(value - lo, 0.0)], [max(hi - value, 0.0)]],
                    fmt="none",
                    ecolor="#000000",
                    elinewidth=1,
                    capsize=3,
                    label="95% Monte Carlo interval" if i == 0 and hatch is None else None,
                )
    ax.axvline(
        base,
        color=house.current().reference,
        linewidth=1.4,
        linestyle="--",
        label=f"Base {format_metric(result.metric, base)}",
    )
    ax.set_yticks(y, [_bar_label(b) for b in bars], fontsize="small")
    _axis_format(ax.xaxis, result.metric)
    ax.set_xlabel(metric_label(result.metric))
    house.head(
        ax, f"What moves it most: {result.metric}\neach key alone from its low to its high value"
    )
    house.adjust(
        fig, left=0.3, right=0.97, top=0.86 - house.legend_room(ax), bottom=_bottom(result, 0.16)
    )
    _finish(fig, ax, _note(result))
    ax.grid(axis="y", visible=False)
    data = pd.DataFrame(
        {
            "key": [b.key for b in result.bars],
            "low value": [b.low for b in result.bars],
            "high value": [b.high for b in result.bars],
            f"{result.metric} at the low value": [b.at_low for b in result.bars],
            f"{result.metric} at the high value": [b.at_high for b in result.bars],
        }
    )
    if result.bars:
        top = result.bars[0]
        summary = (
            f"From a base of {format_metric(result.metric, base)}, {key_label(top.key)} moves {result.metric} most: "
            f"{format_metric(result.metric, top.at_low)} at its low value and {format_metric(result.metric, top.at_high)} at its high value"
            + (
                f"; {len(result.bars) - 1} other keys move it less."
                if len(result.bars) > 1
                else "."
            )
        )
    else:
        summary = f"No key was varied; {result.metric} is {format_metric(result.metric, base)}."
    return attach(fig, summary, data, "Tornado")


def _bar_label(bar) -> str:
    """A tornado bar's key and range, and which end could not run."""
    text = f"{key_label(bar.key)}\n{format_key_value(bar.key, bar.low)} to {format_key_value(bar.key, bar.high)}"
    ends = [
        format_key_value(bar.key, v)
        for v, why in ((bar.low, bar.failure_low), (bar.high, bar.failure_high))
        if why is not None
    ]
    return text + (f"\n(could not run at {' and '.join(ends)})" if ends else "")


def sweep_chart(fig: Figure, result: SweepResult, metric: str | None = None) -> ChartInfo:
    """One key: the metric against the key, with its 5th-95th percentile band and 95% Monte Carlo
    interval. Two keys: a heatmap of the metric over the grid."""
    fig.clear()
    metric = metric or result.metrics[0]
    ax = fig.add_subplot(111)
    first = result.axes[0]
    if len(result.axes) == 1:
        x = np.asarray(first.values, dtype=float)
        y = result.grid(metric)
        if metric in result.bands:
            lo, hi = result.bands[metric]
            ax.fill_between(
                x,
                result.grid(lo),
                result.grid(hi),
                color=house.band(2),
                alpha=0.3,
                linewidth=0,
                label="5th-95th percentile of draws",
            )
        low, high = result.grid(metric, "low"), result.grid(metric, "high")
        if np.any(np.isfinite(low) & np.isfinite(high)):
            ax.fill_between(  # the interval as stated: asymmetric for a percentile
                x,
                low,
                high,
                color=house.band(1),
                alpha=0.35,
                linewidth=0,
                label="95% Monte Carlo interval",
            )
        ax.plot(x, y, color=house.main(), linewidth=2.2, marker="o", markersize=4, label=metric)
        failed = [p.failure is not None for p in result.points]
        if any(failed):  # a gap in the line, and a cross on the axis where a point could not run
            ax.plot(
                x[failed],
                np.zeros(sum(failed)),
                linestyle="none",
                marker="x",
                markersize=8,
                color=house.current().reference,
                transform=ax.get_xaxis_transform(),
                clip_on=False,
                label="Could not run (see note)",
            )
        _axis_format(ax.xaxis, first.key, key=True)
        _axis_format(ax.yaxis, metric)
        ax.set_xlabel(key_label(first.key))
        ax.set_ylabel(metric_label(metric))
        house.head(ax, f"{metric}\nagainst {first.key}")
        house.adjust(
            fig,
            left=0.12,
            right=0.97,
            top=0.86 - house.legend_room(ax),
            bottom=_bottom(result, 0.18),
        )
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
                    format_metric(metric, value) if math.isfinite(value) else "could not run",
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
        house.adjust(fig, left=0.14, right=0.95, top=0.86, bottom=_bottom(result, 0.18))
        ax.spines[["top", "right"]].set_visible(False)
        fig.text(
            0.01, 0.01, _note(result), fontsize="x-small", color="#444444", ha="left", va="bottom"
        )
        a, b = np.meshgrid(first.values, second.values, indexing="ij")
        data = pd.DataFrame({first.key: a.ravel(), second.key: b.ravel(), metric: grid.ravel()})
        best = int(np.nanargmax(grid)) if np.isfinite(grid).any() else None
        summary = (
            f"{metric} over {len(first.values)} values of {first.key} and {len(second.values)} of {second.key} "
            f"ranges from {format_metric(metric, float(np.nanmin(grid)))} to {format_metric(metric, float(np.nanmax(grid)))}"
            + (
                f", highest at {format_key_value(first.key, a.ravel()[best])} and {format_key_value(second.key, b.ravel()[best])}."
                if best is not None
                else "."
            )
        )
        return attach(fig, summary, data, "Sweep heatmap")
    _finish(fig, ax, _note(result))
    data = pd.DataFrame(
        {
            first.key: x,
            metric: y,
            "95% interval, low": result.grid(metric, "low"),
            "95% interval, high": result.grid(metric, "high"),
        }
    )
    finite = np.isfinite(y)
    if finite.any():
        summary = (
            f"As {first.key} goes from {format_key_value(first.key, x[0])} to {format_key_value(first.key, x[-1])}, "
            f"{metric} goes from {format_metric(metric, float(y[0]))} to {format_metric(metric, float(y[-1]))} "
            f"(lowest {format_metric(metric, float(np.nanmin(y)))}, highest {format_metric(metric, float(np.nanmax(y)))})."
        )
    else:
        summary = f"{metric} could not be computed at any value of {first.key}."
    return attach(fig, summary, data, "Sweep")


def goal_chart(fig: Figure, result: Solution) -> ChartInfo:
    """Every goal-seek evaluation, the target line and the answer."""
    fig.clear()
    ax = fig.add_subplot(111)
    xs = np.array([e["value"] for e in result.evaluations], dtype=float)
    ys = np.array(
        [np.nan if e["metric"] is None else e["metric"] for e in result.evaluations], dtype=float
    )
    ax.plot(xs, ys, color=house.main(), marker="o", markersize=4, linewidth=1.2, label="Runs")
    ax.axhline(
        result.target,
        color=house.current().reference,
        linestyle="--",
        linewidth=1.2,
        label=f"Target {format_metric(result.metric, result.target)}",
    )
    if result.found and result.interval is not None:
        lo, hi = result.interval
        ax.axvspan(
            lo,
            hi,
            color=house.band(1),
            alpha=0.2,
            linewidth=0,
            label=f"95% interval {format_key_value(result.key, lo, 4)} to "
            f"{format_key_value(result.key, hi, 4)}",
        )
    if result.found and result.value is not None:
        ax.axvline(
            result.value,
            color=house.second(),
            linestyle=":",
            linewidth=1.8,
            label=f"Answer {format_key_value(result.key, result.value, 4)}",
        )
    _axis_format(ax.xaxis, result.key, key=True)
    _axis_format(ax.yaxis, result.metric)
    ax.set_xlabel(key_label(result.key))
    ax.set_ylabel(metric_label(result.metric, 30), fontsize="small")
    house.head(ax, f"Goal seek: {result.metric}")
    house.adjust(fig, left=0.16, right=0.97, top=0.9 - house.legend_room(ax), bottom=0.18)
    _finish(fig, ax, _note(result))
    data = pd.DataFrame({result.key: xs, result.metric: ys})
    if result.found and result.value is not None:
        summary = (
            f"{key_label(result.key)} of {format_key_value(result.key, result.value, 4)} brings {result.metric} "
            f"to the target of {format_metric(result.metric, result.target)}, found in {len(xs)} runs."
        )
    else:
        summary = (
            f"No value of {key_label(result.key)} tried ({len(xs)} runs) brings {result.metric} to the target "
            f"of {format_metric(result.metric, result.target)}."
        )
    return attach(fig, summary, data, "Goal seek")
