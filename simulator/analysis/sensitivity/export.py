"""Writing sweeps, tornado charts, global sensitivity and goal seek: JSON, CSV and Excel.

JSON holds everything; CSV holds the result's table (one row per point, bar, key or step);
the workbook has a Summary, the table, and native Excel charts drawn from it. Text goes through
:mod:`simulator.outputs.safe`, so nothing in an export is a live formula, and the same result
always gives the same bytes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.goalseek import Solution
from simulator.analysis.sensitivity.sobol import GlobalResult
from simulator.analysis.sensitivity.sweep import SweepResult
from simulator.analysis.sensitivity.tornado import TornadoResult
from simulator.core.fileio import atomic_write, atomic_write_text
from simulator.core.version import __version__
from simulator.outputs import safe
from simulator.outputs.export import check_output_path
from simulator.outputs.release import Release, finish_workbook, stack_charts

BOLD = Font(bold=True)
BLUE, ORANGE, SKY = "0072B2", "E69F00", "56B4E9"
Analysis = SweepResult | TornadoResult | GlobalResult | Solution


def to_json(result: Analysis, record: dict | None = None) -> str:
    """The result's JSON; ``record`` (``scenario_as_run`` and ``data``, see :func:`record_of`)
    says what was run, so that the result can be run again."""
    return (
        json.dumps(
            {"fundsim_version": __version__, **result.to_dict(), **(record or {})},
            indent=2,
            ensure_ascii=False,
            allow_nan=False,
        )
        + "\n"
    )


def table(result: Analysis) -> pd.DataFrame:
    """The result as one table: sweep points, tornado bars, indices per key or goal-seek steps."""
    if isinstance(result, SweepResult):
        rows = []
        for p in result.points:
            row: dict[str, Any] = dict(p.settings)
            for name in result.metrics:
                row[name] = p.values[name]
                row[f"{name} se"] = p.errors[name]
                row[f"{name} 95% low"], row[f"{name} 95% high"] = p.interval(name)
                if name in result.bands:
                    lo, hi = result.bands[name]
                    row[f"{name} p5"], row[f"{name} p95"] = p.values[lo], p.values[hi]
            row["could not run"] = p.failure or ""
            rows.append(row)
        return pd.DataFrame(rows)
    if isinstance(result, TornadoResult):
        rows = []
        for b in result.bars:
            row = b.to_dict()
            for end in ("low", "high"):  # the interval's two ends, each in its own column
                interval = row.pop(f"interval_at_{end}")
                row[f"metric_at_{end}_95_low"], row[f"metric_at_{end}_95_high"] = interval
            rows.append(row)
        frame = pd.DataFrame(rows)
        if len(frame):
            frame["change_at_low"] = frame["metric_at_low"].astype(float) - result.base_value
            frame["change_at_high"] = frame["metric_at_high"].astype(float) - result.base_value
        return frame
    if isinstance(result, GlobalResult):
        frame = pd.DataFrame(result.keys)
        frame.insert(1, "low", [result.ranges[k][0] for k in frame["key"]])
        frame.insert(2, "high", [result.ranges[k][1] for k in frame["key"]])
        return frame
    return pd.DataFrame(result.evaluations).rename(
        columns={"value": result.key, "metric": result.metric}
    )


def _summary(result: Analysis) -> list[tuple[str, object]]:
    d = result.to_dict()
    rows: list[tuple[str, object]] = [
        ("Analysis", d["kind"]),
        ("Scenario", d["scenario"]),
        ("Seed", d["seed"]),
        ("Monte Carlo paths", d["paths"]),
        ("fundsim version", __version__),
    ]
    for key in (
        "metric",
        "metrics",
        "base",
        "base_se",
        "samples",
        "runs",
        "key",
        "target",
        "goal",
        "found",
        "value",
        "value_se",
        "interval",
        "achieved",
        "achieved_se",
        "bracket",
        "tolerance",
        "message",
    ):
        if key in d:
            value = d[key]
            rows.append(
                (key, ", ".join(str(v) for v in value) if isinstance(value, list) else value)
            )
    if isinstance(result, SweepResult):
        for a in result.axes:
            rows.append(
                (f"varied: {a.key}", f"{a.values[0]:g} to {a.values[-1]:g}, {len(a.values)} values")
            )
    for line in getattr(result, "failures", list)():
        rows.append(("could not run", line))
    return rows


def record_of(scenario, areas) -> dict:
    """What an analysis ran on: the scenario as run (every override, files as absolute paths)
    and the data read (files with their paths and SHA-256)."""
    from simulator.scenario.files import as_run

    return {
        "scenario_as_run": as_run(scenario),
        "data": {**areas.provenance.to_dict(), "areas": len(areas)},
    }


def write_analysis(result: Analysis, path: str | Path, record: dict | None = None) -> Path:
    """Write a result in the format given by the file's extension (.json, .csv, .xlsx); the JSON
    carries ``record`` (:func:`record_of`) when given."""
    path = check_output_path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return atomic_write_text(path, to_json(result, record))
    if suffix == ".csv":
        return safe.write_csv(table(result), path)
    return _workbook(result, path)


def _sheet(wb, title: str, frame: pd.DataFrame):
    ws = wb.create_sheet(title)
    safe.append(ws, list(frame.columns))
    for cell in ws[1]:
        cell.font = BOLD
    safe.write_rows(
        ws,
        (
            [None if isinstance(v, float) and not math.isfinite(v) else v for v in row]
            for row in frame.itertuples(index=False)
        ),
    )
    ws.freeze_panes = "A2"
    return ws


_KINDS = {
    SweepResult: "sweep",
    TornadoResult: "tornado (one key at a time)",
    GlobalResult: "global sensitivity",
    Solution: "goal seek",
}


def _release(result: Analysis, sheets: dict[str, str]) -> Release:
    kind = _KINDS.get(type(result), "analysis")
    d = result.to_dict()
    cover: list[tuple[str, object]] = [
        (
            "What this is",
            f"A fundsim {kind}: the scenario run again with some inputs varied, and the results "
            "it gave.",
        ),
        ("Scenario", d["scenario"]),
        ("fundsim version", __version__),
        ("Seed", d["seed"]),
        ("Monte Carlo paths", d["paths"]),
        ("Source", "fundsim, a fund-allocation simulator."),
    ]
    notes = [
        "Every point uses the same random draws, so neighbouring points are directly comparable.",
        "Names of inputs and results are as in scenario files and `fundsim metrics`; "
        '"se" is a Monte Carlo standard error, p5 and p95 the 5th and 95th percentiles.',
    ]
    about = {
        "Notes": "Notes on the analysis, numbered.",
        "Summary": "The analysis's settings and answer.",
        "Charts": "Native Excel charts drawn from the Data sheet.",
        "Data": "The result as one table (one row per point, bar, input or step).",
        **sheets,
    }
    return Release(f"fundsim {kind}: {d['scenario']}", cover, about, notes)


def _workbook(result: Analysis, path: Path) -> Path:
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    safe.append(summary, ["Setting", "Value"])
    for label, value in _summary(result):
        row = safe.append(summary, [label, value])
        summary.cell(row, 1).font = BOLD
    for cell in summary[1]:
        cell.font = BOLD
    frame = table(result)
    data = _sheet(wb, "Data", frame)
    charts = wb.create_sheet("Charts", 1)
    safe.put(
        charts,
        1,
        1,
        "Native Excel charts: click one to restyle it; the numbers are on the Data sheet.",
    ).font = BOLD
    rows = len(frame) + 1
    col = {name: i + 1 for i, name in enumerate(frame.columns)}
    placed: list = []
    grids: dict[str, str] = {}
    if isinstance(result, SweepResult):
        grids = _sweep_charts(result, wb, data, placed, col, rows)
    elif isinstance(result, TornadoResult):
        placed.append(_tornado_chart(result, data, col, rows))
    elif isinstance(result, GlobalResult):
        bar = BarChart()
        bar.type = "bar"
        bar.title = f"{result.method.capitalize()} sensitivity of {result.metric}"
        names = ["S1", "ST"] if result.method == "sobol" else ["mu_star", "sigma"]
        for name, colour in zip(names, (BLUE, ORANGE)):
            bar.add_data(
                Reference(data, min_col=col[name], min_row=1, max_row=rows), titles_from_data=True
            )
            bar.series[-1].graphicalProperties.solidFill = colour
        bar.set_categories(Reference(data, min_col=1, min_row=2, max_row=rows))
        bar.x_axis.scaling.orientation = "maxMin"
        bar.legend.position = "b"
        bar.height = 12
        placed.append(bar)
    else:
        scatter = ScatterChart()
        scatter.title = (
            f"Goal seek: {result.metric} against {result.key} (target {result.target:g})"
        )
        scatter.style = 13
        scatter.x_axis.title = result.key
        scatter.y_axis.title = result.metric
        series = Series(
            Reference(data, min_col=2, min_row=1, max_row=rows),
            Reference(data, min_col=1, min_row=2, max_row=rows),
            title_from_data=True,
        )
        series.marker.symbol = "circle"
        series.graphicalProperties.line.noFill = True
        scatter.series.append(series)
        scatter.legend.position = "b"
        scatter.height = 12
        placed.append(scatter)
    stack_charts(charts, placed, first_row=3)
    finish_workbook(wb, _release(result, grids))
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(safe.workbook_bytes(wb)))


def number_format(metric: str) -> str:
    """The Excel number format of a metric's values: £m, a percentage or general."""
    if m.is_money(metric):
        return '£#,##0,,"m"' if "per_capita" not in metric else "£#,##0.00"
    return "0%" if m.is_share(metric) else "General"


def _line(title: str, x_title: str, y_title: str) -> LineChart:
    line = LineChart()
    line.title, line.x_axis.title, line.y_axis.title = title, x_title, y_title
    line.y_axis.numFmt = number_format(y_title)
    line.legend.position = "b"
    line.height = 11
    return line


def _sweep_charts(result: SweepResult, wb, data, placed: list, col, rows) -> dict[str, str]:
    """The sweep's charts (added to ``placed``); returns the grid sheets written, with what
    each holds."""
    first = result.axes[0]
    if len(result.axes) == 1:
        for name in result.metrics:
            line = _line(f"{name} against {first.key}", first.key, name)
            names = [name] + ([f"{name} p5", f"{name} p95"] if name in result.bands else [])
            for series_name, colour in zip(names, (BLUE, SKY, SKY)):
                line.add_data(
                    Reference(data, min_col=col[series_name], min_row=1, max_row=rows),
                    titles_from_data=True,
                )
                line.series[-1].graphicalProperties.line.solidFill = colour
            line.set_categories(Reference(data, min_col=1, min_row=2, max_row=rows))
            placed.append(line)
        return {}
    second = result.axes[1]
    grids = {}
    for name in result.metrics:
        title = f"Grid {result.metrics.index(name) + 1}"
        grids[title] = f"{name}: one row per {first.key}, one column per {second.key}."
        grid = wb.create_sheet(title)
        safe.append(grid, [f"{first.key} (rows) / {second.key} (columns)", *second.values])
        for cell in grid[1]:
            cell.font = BOLD
        values = result.grid(name)
        for i, v in enumerate(first.values):
            safe.append(grid, [v, *[None if not math.isfinite(x) else float(x) for x in values[i]]])
        grid.freeze_panes = "B2"
        last = grid.cell(1 + len(first.values), 1 + len(second.values)).coordinate
        grid.conditional_formatting.add(
            f"B2:{last}",
            ColorScaleRule(
                start_type="min", start_color="F7FBFF", end_type="max", end_color="08519C"
            ),
        )
        line = _line(f"{name} against {first.key}, one line per {second.key}", first.key, name)
        line.add_data(
            Reference(
                grid,
                min_col=2,
                max_col=1 + len(second.values),
                min_row=1,
                max_row=1 + len(first.values),
            ),
            titles_from_data=True,
        )
        line.set_categories(Reference(grid, min_col=1, min_row=2, max_row=1 + len(first.values)))
        placed.append(line)
    return grids


def _tornado_chart(result: TornadoResult, data, col, rows) -> BarChart:
    bar = BarChart()
    bar.type = "bar"
    bar.grouping = "clustered"
    bar.overlap = 0  # low and high side by side: where both move the result the same way, neither hides the other
    bar.gapWidth = 60
    bar.title = f"Change in {result.metric} from {result.base_value:.4g}"
    for name, colour in (("change_at_low", SKY), ("change_at_high", BLUE)):
        bar.add_data(
            Reference(data, min_col=col[name], min_row=1, max_row=rows), titles_from_data=True
        )
        bar.series[-1].graphicalProperties.solidFill = colour
    bar.set_categories(Reference(data, min_col=col["key"], min_row=2, max_row=rows))
    bar.x_axis.scaling.orientation = "maxMin"  # largest swing at the top
    bar.y_axis.title = f"change in {result.metric}, each key at its low and high value"
    bar.y_axis.numFmt = number_format(result.metric)
    bar.x_axis.tickLblPos = "low"  # key names at the left edge, clear of the bars
    bar.legend.position = "b"
    bar.height = 12
    return bar
