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
from openpyxl.styles import Alignment, Font

from simulator.analysis import metrics as m
from simulator.analysis.sensitivity.goalseek import Solution
from simulator.analysis.sensitivity.sobol import GlobalResult
from simulator.analysis.sensitivity.sweep import SweepResult
from simulator.analysis.sensitivity.tornado import TornadoResult
from simulator.core.fileio import atomic_write, atomic_write_text
from simulator.core.version import __version__
from simulator.outputs import safe
from simulator.outputs.export import check_output_path

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
                if name in result.bands:
                    lo, hi = result.bands[name]
                    row[f"{name} p5"], row[f"{name} p95"] = p.values[lo], p.values[hi]
            rows.append(row)
        return pd.DataFrame(rows)
    if isinstance(result, TornadoResult):
        frame = pd.DataFrame([b.to_dict() for b in result.bars])
        if len(frame):
            frame["change_at_low"] = frame["metric_at_low"] - result.base_value
            frame["change_at_high"] = frame["metric_at_high"] - result.base_value
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
    for j, name in enumerate(frame.columns, start=1):
        texts = (
            frame[name].map(str) if frame[name].dtype == object else []
        )  # names of keys: wide enough to read
        widest = max([len(str(name)), *(len(t) for t in texts)])
        ws.column_dimensions[ws.cell(1, j).column_letter].width = max(12, min(48, widest + 2))
    ws.freeze_panes = "A2"
    return ws


def _workbook(result: Analysis, path: Path) -> Path:
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    for label, value in _summary(result):
        row = safe.append(summary, [label, value])
        summary.cell(row, 1).font = BOLD
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 90
    for cell in summary["B"]:
        cell.alignment = Alignment(horizontal="left")
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
    if isinstance(result, SweepResult):
        _sweep_charts(result, wb, data, charts, col, rows)
    elif isinstance(result, TornadoResult):
        _tornado_chart(result, data, charts, col, rows)
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
        bar.height, bar.width = 12, 22
        charts.add_chart(bar, "A3")
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
        scatter.height, scatter.width = 12, 22
        charts.add_chart(scatter, "A3")
    for (
        sheet
    ) in wb.worksheets:  # each sheet prints one page wide: a 22 cm chart or a wide table is not cut
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
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
    line.height, line.width = 11, 22
    return line


def _sweep_charts(result: SweepResult, wb, data, charts, col, rows) -> None:
    anchor = 3
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
            charts.add_chart(line, f"A{anchor}")
            anchor += 24
        return
    second = result.axes[1]
    for name in result.metrics:
        grid = wb.create_sheet(f"Grid {result.metrics.index(name) + 1}")
        safe.put(grid, 1, 1, f"{name}: rows {first.key}, columns {second.key}").font = BOLD
        safe.append(grid, [first.key, *second.values])
        values = result.grid(name)
        for i, v in enumerate(first.values):
            safe.append(grid, [v, *[None if not math.isfinite(x) else float(x) for x in values[i]]])
        last = grid.cell(2 + len(first.values), 1 + len(second.values)).coordinate
        grid.conditional_formatting.add(
            f"B3:{last}",
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
                min_row=2,
                max_row=2 + len(first.values),
            ),
            titles_from_data=True,
        )
        line.set_categories(Reference(grid, min_col=1, min_row=3, max_row=2 + len(first.values)))
        charts.add_chart(line, f"A{anchor}")
        anchor += 24


def _tornado_chart(result: TornadoResult, data, charts, col, rows) -> None:
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
    bar.height, bar.width = 12, 22
    charts.add_chart(bar, "A3")
