"""Excel workbooks with native, editable charts.

Think tanks restyle charts in their house colours, so the workbook carries real Excel charts
drawn from its own data sheets (not pictures): allocation per area, money by deprivation
decile, the endowment's real value and its grants per year, each with percentile bands. Colours
start from the same colour-blind-safe palette as the app.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Font

from simulator.outputs.map_data import add_map_sheet
from simulator.outputs.release import (
    CHART_WIDTH_CM,
    Release,
    finish_workbook,
    set_page,
    stack_charts,
)
from simulator.outputs.release import write_table as _table
from simulator.outputs.safe import put, save_workbook
from simulator.outputs.workbook.layout import (
    allocation_bars,
    band_lines,
    errors_to_two_figures,
    write_summary,
)
from simulator.results import Results

BOLD = Font(bold=True)
POUNDS = "£#,##0"
MILLIONS = '£#,##0,,"m"'
COLOURS = {
    "blue": "0072B2",
    "sky": "56B4E9",
    "green": "009E73",
    "orange": "E69F00",
    "vermillion": "D55E00",
}
TOP_AREAS = 30


def _colour(chart, colours: list[str]) -> None:
    for series, colour in zip(chart.series, colours):
        series.graphicalProperties.line.solidFill = colour
        if isinstance(chart, BarChart):
            series.graphicalProperties.solidFill = colour


COMPETITION_HEADER = [
    "group",
    "bids",
    "funded",
    "success_rate",
    "money_mean",
    "money_p5",
    "money_p95",
    "bid_cost",
    "deadweight",
    "net_of_bid_cost",
]


def _competition_sheet(ws, c: dict) -> None:
    """Bids, success, money and bid costs by organisation size band, then by need decile."""
    rows = []
    for key, label in (("by_band", "band"), ("by_decile", "decile")):
        for r in c[key]:
            group = r[label] if label == "band" else f"need decile {r[label]}"
            rows.append(
                [
                    group,
                    r["bids"],
                    r["funded"],
                    r["success_rate"],
                    r["money"]["mean"],
                    r["money"]["p5"],
                    r["money"]["p95"],
                    r["bid_cost"],
                    r["deadweight"],
                    r["net_of_bid_cost"]["mean"],
                ]
            )
    money = {
        h: POUNDS
        for h in (
            "money_mean",
            "money_p5",
            "money_p95",
            "bid_cost",
            "deadweight",
            "net_of_bid_cost",
        )
    }
    _table(
        ws,
        COMPETITION_HEADER,
        rows,
        {**money, "success_rate": "0.0%", "bids": "#,##0", "funded": "#,##0"},
    )
    ws.column_dimensions["A"].width = 18
    for letter in "BCDEFGHIJ":
        ws.column_dimensions[letter].width = 16


def write_workbook(
    results: Results,
    path: str | Path,
    summary_rows: list[tuple[str, object]] | None,
    area_columns: list[str],
) -> Path:
    """Summary, data sheets and a Charts sheet of native Excel charts, each set up to print.

    ``summary_rows`` is no longer used (the Summary lists every input itself); it stays for callers.
    """
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    write_summary(summary, results)

    areas = wb.create_sheet("Areas")
    table = results.recovery.table.sort_values("mean", ascending=False)[area_columns]
    money = {c: POUNDS for c in ("mean", "p5", "p50", "p95", "equal_per_head", "gain", "mean_se")}
    _table(
        areas,
        area_columns,
        table.itertuples(index=False),
        {
            **money,
            "per_capita": "£#,##0.00",
            "prob_funded": "0.0%",
            "prob_funded_se": "0.00%",
            "population": "#,##0",
        },
    )
    if "prob_funded_se" in area_columns:
        errors_to_two_figures(areas, area_columns.index("prob_funded_se") + 1)

    deciles = wb.create_sheet("Deciles")
    by_decile = results.recovery.measures.get("by_decile", [])
    decile_header = [
        "decile",
        "areas",
        "population",
        "mean",
        "mean_se",
        "p5",
        "p95",
        "per_capita",
        "share",
        "share_se",
    ]
    _table(
        deciles,
        decile_header,
        ([d.get(k) for k in decile_header] for d in by_decile),
        {
            "mean": POUNDS,
            "mean_se": POUNDS,
            "p5": POUNDS,
            "p95": POUNDS,
            "per_capita": "£#,##0.00",
            "share": "0.0%",
            "share_se": "0.00%",
            "population": "#,##0",
        },
    )
    errors_to_two_figures(deciles, decile_header.index("share_se") + 1)

    competition = results.recovery.measures.get("competition")
    if competition:
        _competition_sheet(wb.create_sheet("Competition"), competition)

    endow = wb.create_sheet("Endowment")
    end = results.endowment
    header, columns = ["year"], []
    for name in ("value_real", "value_nominal", "grants_real", "grants_nominal"):
        for p in ("p5", "p50", "p95"):
            header.append(f"{name}_{p}")
            values = list(getattr(end, name)[p])
            columns.append(values + [None] * (len(end.years) - len(values)))
    _table(
        endow,
        header,
        (
            [int(y)] + [None if c[t] is None else float(c[t]) for c in columns]
            for t, y in enumerate(end.years)
        ),
        {h: POUNDS for h in header[1:]},
    )

    if end.area_grants is not None and not end.area_grants.empty:
        grants = wb.create_sheet("Endowment areas")
        cols = [c for c in end.area_grants.columns]
        _table(
            grants,
            cols,
            end.area_grants.itertuples(index=False),
            {c: POUNDS for c in cols if c.startswith("cumulative")},
        )

    n = min(TOP_AREAS, len(table))
    chart_data = wb.create_sheet("Chart data")
    _table(
        chart_data,
        ["name", "mean", "mean - p5", "p95 - mean"],
        (
            [r.name, float(r.mean), float(r.mean - r.p5), float(r.p95 - r.mean)]
            for r in table.head(n).itertuples(index=False)
        ),
        {"mean": POUNDS, "mean - p5": POUNDS, "p95 - mean": POUNDS},
    )

    charts = wb.create_sheet("Charts", 1)
    put(
        charts,
        1,
        1,
        "Native Excel charts: click one to restyle it; the data are on the other sheets.",
    ).font = BOLD
    if results.data.fictional:
        put(charts, 2, 1, "FICTIONAL DATA: the workshop areas are invented for teaching.")
    shown = f"top {n:,} of {len(table):,} areas" if n < len(table) else f"all {n:,} areas"
    placed = [allocation_bars(chart_data, n, f"Recovery fund: mean allocation per area ({shown})")]
    if by_decile:
        dec = BarChart()
        dec.title = "Recovery fund: money by need decile (1 = most deprived)"
        dec.y_axis.title = "Mean money (£)"
        dec.y_axis.numFmt = MILLIONS
        dec.x_axis.title = "Need decile"
        dec.x_axis.delete = False
        dec.y_axis.delete = False
        dec.add_data(
            Reference(deciles, min_col=4, min_row=2, max_row=len(by_decile) + 1),
            titles_from_data=False,
        )
        dec.set_categories(Reference(deciles, min_col=1, min_row=2, max_row=len(by_decile) + 1))
        dec.series[0].tx = SeriesLabel(v="Mean money")
        dec.legend = None
        dec.height, dec.width = 10, CHART_WIDTH_CM
        _colour(dec, [COLOURS["blue"]])
        placed.append(dec)
    rows = len(end.years) + 1
    placed.append(
        band_lines(endow, 2, rows, "Endowment: real value (pounds of year 0)", "Value (£)")
    )
    placed.append(
        band_lines(
            endow, 8, rows, "Endowment: real grants per year (pounds of year 0)", "Grants (£)"
        )
    )
    stack_charts(charts, placed)
    add_map_sheet(wb, results)
    if "Map" in wb.sheetnames:
        set_page(wb["Map"], landscape=True, title_rows=None, fit_height=1)
    finish_workbook(wb, _release(results, competition is not None, n, len(table)))
    return save_workbook(wb, path)


def _release(results: Results, competition: bool, shown: int, areas: int) -> Release:
    """The cover, contents and notes of a single run's workbook."""
    scenario, data = results.scenario, results.data
    cover: list[tuple[str, object]] = [
        (
            "What this is",
            "The results of one fundsim run: how the Community Recovery Fund is shared between "
            "areas and how the Levelling Up Communities Fund's endowment may grow and pay grants.",
        ),
        ("Scenario", scenario["name"]),
    ]
    if scenario.get("description"):
        cover.append(("Description", scenario["description"]))
    cover += [
        ("Data", data.label),
        ("fundsim version", results.version),
        ("Seed", results.seed),
        ("Monte Carlo paths", f"{results.paths:,}"),
        ("Source", "fundsim, a fund-allocation simulator; the data as named above."),
    ]
    about = {
        "Notes": "Notes on the data and the method, numbered.",
        "Summary": "Every input of the scenario in its units, and the headline results with "
        "their 5th and 95th percentiles and Monte Carlo standard errors.",
        "Charts": "Native Excel charts drawn from the data sheets (allocation per area, money "
        "by need decile, the endowment's real value and grants).",
        "Areas": "Each area's allocation: mean, percentiles, per head, chance of funding.",
        "Deciles": "Money by need decile (1 = most deprived).",
        "Competition": "Bids, success, money and bid costs by organisation size band and by "
        "need decile.",
        "Endowment": "The endowment's value and grants by year, real and nominal, 5th "
        "percentile, median and 95th percentile.",
        "Endowment areas": "Cumulative real grants to each eligible area.",
        "Chart data": f"The allocation chart's data ({shown:,} of {areas:,} areas): mean and "
        "the distances to the 5th and 95th percentiles.",
        "Map": "A hex map of allocation per head (a picture; the values are on Areas).",
    }
    notes = [
        "Money is in pounds; real values are in pounds of year 0. Percentile bands are the "
        "5th and 95th percentiles over the simulated futures.",
        "The charts are native Excel charts: click one to restyle it.",
    ]
    if data.fictional:
        notes.append("FICTIONAL DATA: the workshop areas are invented for teaching.")
    if data.attribution:
        notes.append(data.attribution)
    if not competition:
        about.pop("Competition")
    notes += [f"Warning: {w}" for w in results.warnings]
    return Release(f"fundsim results: {scenario['name']}", cover, about, notes)
