"""A comparison as an Excel workbook with native, editable charts.

Laid out as "Releasing statistics in spreadsheets" asks (:mod:`simulator.outputs.release`): a
cover, contents and notes, then one table per sheet from A1: ``Comparison`` (every headline
measure side by side with its paired difference), ``Options`` (the scenarios compared and their
data files), ``Charts`` (each option's change by area with its paired 5-95% band as error bars,
winners and losers, the endowment's median real value), ``Areas`` (the exemplification table),
``Winners and losers``, ``Endowment`` and one ``Chart data`` sheet per chart.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import NumDataSource, NumRef
from openpyxl.chart.error_bar import ErrorBars

from simulator.analysis.compare import Comparison
from simulator.outputs.release import Release, finish_workbook, stack_charts, table_sheet
from simulator.outputs.safe import put, save_workbook
from simulator.outputs.workbook.excel import BOLD, COLOURS, MILLIONS, POUNDS, _colour

#: Column suffixes of the exemplification table and what they hold.
COLUMN_LABELS = {
    "mean": "£ (mean)",
    "p5": "£ p5",
    "p95": "£ p95",
    "per_head": "£ per head",
    "rank": "rank",
    "change": "change £",
    "change_p5": "change £ p5",
    "change_p95": "change £ p95",
    "change_pct": "change %",
    "change_per_head": "change £ per head",
    "prob_gain": "P(gain) %",
    "rank_change": "rank change (+ = up)",
}
#: Areas shown in a change chart: all up to this many, else the largest gains and losses.
CHART_AREAS = 30
OPTION_COLOURS = [COLOURS["blue"], COLOURS["orange"], COLOURS["green"], COLOURS["vermillion"]]
FORMATS = {
    "pounds": POUNDS,
    "share": "0.0%",
    "probability": "0.0%",
    "index": "0.000",
    "areas": "#,##0.0",
}
COUNT = "#,##0"


def _number_format(unit: str, value: object) -> str:
    """A measure's format; a count that is a whole number shows none of the ".0"."""
    if unit == "areas" and isinstance(value, (int, float)) and float(value).is_integer():
        return COUNT
    return FORMATS[unit]


def _measures_sheet(wb, c: Comparison) -> None:
    """Every headline measure: each option's mean, and each option's paired difference against A
    with its 5-95% band and Monte Carlo standard error."""
    header = ["Measure", "Unit"] + [f"Option {L}" for L in c.letters]
    for L in c.letters[1:]:
        header += [f"{L} - A", f"{L} - A p5", f"{L} - A p95", f"{L} - A s.e."]
    rows = []
    for m in c.metrics:
        row = [m["label"], m["unit"], *m["values"]]
        for i in range(1, len(c.letters)):
            row += [
                m["difference_mean"][i],
                m["difference_p5"][i],
                m["difference_p95"][i],
                m["difference_se"][i],
            ]
        rows.append(row)
    ws = table_sheet(wb, "Comparison", header, rows)
    for r, m in enumerate(c.metrics, start=2):
        for j in range(3, len(header) + 1):
            ws.cell(r, j).number_format = _number_format(m["unit"], ws.cell(r, j).value)


def _options_sheet(wb, c: Comparison) -> None:
    rows = []
    for o in c.options:
        files = "\n".join(
            f"{f['role']}: {f['name']}, {f['rows']:,} rows, SHA-256 {f['sha256']}"
            for f in o["data"]["files"]
        )
        rows.append(
            [
                f"Option {o['label']}",
                o["name"],
                o["file"] or "(not saved)",
                o["mechanism"],
                o["level"],
                files or "(none)",
            ]
        )
    table_sheet(
        wb, "Options", ["Option", "Scenario", "File", "Mechanism", "Level", "Data files"], rows
    )


def _release(c: Comparison) -> Release:
    cover: list[tuple[str, object]] = [
        (
            "What this is",
            "A comparison of options for the funds, every option run on the same simulated "
            "futures; option A is the baseline.",
        ),
        ("Options", "; ".join(f"{o['label']}: {o['name']}" for o in c.options)),
        ("Compared over", f"{c.data['areas']:,} areas ({c.data['label']}, level {c.level})"),
        ("fundsim version", c.version),
        ("Seed", c.seed),
        ("Monte Carlo paths (every option)", f"{c.paths:,}"),
        ("Source", "fundsim, a fund-allocation simulator; the data as named on Options."),
    ]
    notes = [
        f"Winners and losers: areas whose allocation changes by more than £{c.threshold:,.2f} "
        "per head.",
        f"Per-area percentile bands: {c.percentile_method}.",
        "Money is in pounds; real values are in pounds of year 0. A paired difference is worked "
        "out future by future; its 5-95% band is the spread of that difference.",
    ]
    if c.data.get("fictional"):
        notes.append("FICTIONAL DATA: the workshop areas are invented for teaching.")
    if c.data.get("attribution"):
        notes.append(c.data["attribution"])
    notes += list(c.notes)
    for p in c.pairing[1:]:
        for fund in ("recovery_fund", "endowment"):
            share = p[fund]
            text = f"{p['label']} against A, {fund.replace('_', ' ')}: draws shared: {share['shared']}."
            notes.append(" ".join([text, *share["notes"]]))
    about = {
        "Notes": "Notes on the comparison, numbered.",
        "Comparison": "Headline measures: each option's mean, and each option's paired difference "
        "against A with its 5-95% band and Monte Carlo standard error.",
        "Options": "The scenarios compared, their files and data files.",
        "Charts": "Native Excel charts: change by area, the endowment, winners and losers.",
        "Areas": "The exemplification table: every area under A and under each option.",
        "Winners and losers": "Areas gaining and losing against A, on the mean change and over "
        "the draws.",
        "Endowment": "The endowment's real value by year under each option (pounds of year 0).",
    }
    for L in c.letters[1:]:
        about[f"Chart data {L}"] = f"Option {L}'s change chart: largest gains and losses against A."
    about["Chart data gains"] = "The winners-and-losers chart: areas gaining and losing."
    return Release("fundsim comparison of options", cover, about, notes)


def _change_block(ws, c: Comparison, i: int, first_col: int) -> int:
    """Write option ``i``'s change chart data (sorted) at ``first_col``; returns its row count."""
    L = c.letters[i]
    t = c.areas.sort_values(f"{L}_change", ascending=False, kind="stable")
    if len(t) > CHART_AREAS:
        t = t.iloc[list(range(CHART_AREAS // 2)) + list(range(len(t) - CHART_AREAS // 2, len(t)))]
    for j, text in enumerate(["area", f"{L} change £", "to p95", "to p5"]):
        put(ws, 1, first_col + j, text).font = BOLD
    for r, row in enumerate(t.itertuples(index=False), start=2):
        mean, p5, p95 = (
            getattr(row, f"{L}_change"),
            getattr(row, f"{L}_change_p5"),
            getattr(row, f"{L}_change_p95"),
        )
        for j, value in enumerate([row.name, mean, max(p95 - mean, 0.0), max(mean - p5, 0.0)]):
            put(ws, r, first_col + j, value).number_format = POUNDS
    return len(t)


def _change_chart(data, c: Comparison, i: int, first_col: int, rows: int) -> BarChart:
    L = c.letters[i]
    chart = BarChart()
    chart.type = "bar"
    chart.title = f"Option {L} against A: change in allocation by area, with paired 5-95% band"
    chart.y_axis.title = "Change (£)"
    chart.y_axis.numFmt = MILLIONS
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.tickLblPos = "low"  # names beside the chart, clear of bars going either way
    chart.add_data(
        Reference(data, min_col=first_col + 1, min_row=1, max_row=rows + 1), titles_from_data=True
    )
    chart.set_categories(Reference(data, min_col=first_col, min_row=2, max_row=rows + 1))
    letter = data.cell(1, first_col + 2).column_letter
    minus_letter = data.cell(1, first_col + 3).column_letter
    plus = NumDataSource(numRef=NumRef(f=f"'{data.title}'!${letter}$2:${letter}${rows + 1}"))
    minus = NumDataSource(
        numRef=NumRef(f=f"'{data.title}'!${minus_letter}$2:${minus_letter}${rows + 1}")
    )
    chart.series[0].errBars = ErrorBars(
        errBarType="both", errValType="cust", plus=plus, minus=minus
    )
    chart.legend = None
    chart.height, chart.width = 14, 20
    _colour(chart, [OPTION_COLOURS[i]])
    return chart


def write_comparison_workbook(c: Comparison, path: str | Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    _measures_sheet(wb, c)
    _options_sheet(wb, c)

    table = c.exemplification()
    header = [
        col if "_" not in col or col[1] != "_" else f"{col[0]} {COLUMN_LABELS[col[2:]]}"
        for col in table.columns
    ]
    formats = {
        h: (
            "0.0%"
            if "%" in h or "P(gain)" in h
            else "£#,##0.00"
            if "per head" in h
            else "0"
            if "rank" in h
            else POUNDS
        )
        for h in header[3:]
    }
    table_sheet(
        wb, "Areas", header, table.itertuples(index=False), {**formats, "population": "#,##0"}
    )
    table_sheet(
        wb,
        "Winners and losers",
        ["Option", "Measure", "Areas, on the mean change", "Areas, mean over draws", "p5", "p95"],
        (
            [f"{L} vs A", w["label"], w["on_mean_change"][i], w["mean"][i], w["p5"][i], w["p95"][i]]
            for i, L in enumerate(c.letters)
            if i
            for w in c.winners_losers
        ),
        {"Areas, mean over draws": "#,##0.0"},
    )

    years = max(len(f["years"]) for f in c.fans)
    header = ["year"] + [
        f"{f['label']} real value {p}" for f in c.fans for p in ("p5", "p50", "p95")
    ]
    rows = []
    for t in range(years):
        row = [t]
        for f in c.fans:
            band = f["value_real"]
            row += [float(band[p][t]) if t < len(band[p]) else None for p in ("p5", "p50", "p95")]
        rows.append(row)
    endow = table_sheet(wb, "Endowment", header, rows, {h: POUNDS for h in header[1:]})

    charts = wb.create_sheet("Charts", 2)
    put(
        charts,
        1,
        1,
        "Native Excel charts: click one to restyle it; the data are on the other sheets.",
    ).font = BOLD
    if c.data.get("fictional"):
        put(charts, 2, 1, "FICTIONAL DATA: the workshop areas are invented for teaching.")
    placed = []
    for i in range(1, len(c.letters)):
        data = wb.create_sheet(f"Chart data {c.letters[i]}")
        n = _change_block(data, c, i, 1)
        placed.append(_change_chart(data, c, i, 1, n))

    line = LineChart()
    line.title = "Endowment: median real value by option (pounds of year 0)"
    line.y_axis.title = "Real value (£)"
    line.y_axis.numFmt = MILLIONS
    line.x_axis.title = "Year"
    for j in range(len(c.fans)):
        line.add_data(
            Reference(endow, min_col=3 + 3 * j, min_row=1, max_row=years + 1), titles_from_data=True
        )
    line.set_categories(Reference(endow, min_col=1, min_row=2, max_row=years + 1))
    line.height, line.width = 10, 20
    _colour(line, OPTION_COLOURS)
    placed.append(line)

    wl = BarChart()
    wl.title = f"Areas gaining and losing more than £{c.threshold:,.2f} per head (mean over draws)"
    wl.y_axis.title = "Areas"
    data = wb.create_sheet("Chart data gains")
    block = 1
    for j, text in enumerate(["option", "areas gaining", "areas losing"]):
        put(data, 1, block + j, text).font = BOLD
    for i, L in enumerate(c.letters[1:], start=1):
        put(data, i + 1, block, f"{L} vs A")
        put(data, i + 1, block + 1, c.winners_losers[0]["mean"][i])
        put(data, i + 1, block + 2, c.winners_losers[1]["mean"][i])
    wl.add_data(
        Reference(data, min_col=block + 1, max_col=block + 2, min_row=1, max_row=len(c.letters)),
        titles_from_data=True,
    )
    wl.set_categories(Reference(data, min_col=block, min_row=2, max_row=len(c.letters)))
    wl.height, wl.width = 10, 20
    _colour(wl, [COLOURS["blue"], COLOURS["vermillion"]])
    placed.append(wl)
    stack_charts(charts, placed)
    finish_workbook(wb, _release(c))
    return save_workbook(wb, path)
