"""Tables of results: top and bottom areas, deciles, the endowment by year, and every area (annex)."""

from __future__ import annotations

import pandas as pd

from simulator.core.money import format_money_in, format_share, money_unit
from simulator.report.charts import source_line
from simulator.report.context import ReportContext, area_word
from simulator.report.model import Document
from simulator.results import Results

#: The annex lists at most this many areas; beyond it (a neighbourhood-level run) the CSV export
#: holds the full table, and the annex says so.
ANNEX_LIMIT = 400
TOP_N = 10

AREA_HEADER = [
    "Area",
    "Code",
    "Population",
    "Mean allocation",
    "90% of futures between",
    "Per head",
    "Chance funded",
]
AREA_WIDTHS = [2.3, 1.1, 1.1, 1.1, 1.9, 0.8, 0.8]
AREA_NUMERIC = [False, False, True, True, True, True, True]


def area_rows(table: pd.DataFrame) -> list[list[str]]:
    """Areas as the report shows them, each money column in one unit (:func:`money_unit` of the
    column: "£64k" beside "£594k", never "£64,194"); the range's two ends share the mean's unit."""
    money = money_unit([*table["mean"], *table["p5"], *table["p95"]])
    per_head = money_unit(table["per_capita"])
    return [
        [
            str(row["name"]),
            str(row["code"]),
            f"{row['population']:,.0f}",
            format_money_in(row["mean"], money),
            f"{format_money_in(row['p5'], money)} to {format_money_in(row['p95'], money)}",
            format_money_in(row["per_capita"], per_head),
            format_share(row["prob_funded"], 0),
        ]
        for _, row in table.iterrows()
    ]


def ordered_areas(results: Results) -> pd.DataFrame:
    """Areas by mean allocation, largest first (ties by code, so the order is stable)."""
    return results.recovery.table.sort_values(
        ["mean", "code"], ascending=[False, True], kind="mergesort"
    )


def top_bottom(doc: Document, results: Results) -> None:
    table = ordered_areas(results)
    words = area_word(results)
    n = min(TOP_N, len(table) // 2) if len(table) > 2 * TOP_N else None
    src = source_line(results)
    if n is None:
        doc.table(
            f"Allocation to each of the {len(table)} {words}, largest first.",
            AREA_HEADER,
            area_rows(table),
            AREA_WIDTHS,
            AREA_NUMERIC,
            src,
            small=True,
        )
        return
    doc.table(
        f"The {n} {words} receiving the most.",
        AREA_HEADER,
        area_rows(table.head(n)),
        AREA_WIDTHS,
        AREA_NUMERIC,
        src,
        small=True,
    )
    doc.table(
        f"The {n} {words} receiving the least.",
        AREA_HEADER,
        area_rows(table.tail(n)),
        AREA_WIDTHS,
        AREA_NUMERIC,
        src,
        small=True,
    )


def deciles(doc: Document, results: Results) -> None:
    rows = []
    found = results.recovery.measures.get("by_decile", [])
    money = money_unit([d[k] for d in found for k in ("mean", "p5", "p95")])
    per_head = money_unit([d.get("per_capita") for d in found])
    for d in found:
        rows.append(
            [
                f"{d['decile']}"
                + (
                    " (most deprived)"
                    if d["decile"] == 1
                    else " (least deprived)"
                    if d["decile"] == 10
                    else ""
                ),
                f"{d['areas']:,}",
                f"{d['population']:,.0f}",
                format_money_in(d["mean"], money),
                f"{format_money_in(d['p5'], money)} to {format_money_in(d['p95'], money)}",
                format_share(d["share"]),
                format_money_in(d.get("per_capita"), per_head),
            ]
        )
    doc.table(
        f"Money by need decile ({area_word(results)} ranked by need, in tenths).",
        [
            "Need decile",
            area_word(results).capitalize(),
            "Population",
            "Mean money",
            "90% of futures between",
            "Share",
            "Per head",
        ],
        rows,
        [1.5, 0.8, 1.1, 1.0, 1.8, 0.7, 0.8],
        [False, True, True, True, True, True, True],
        source_line(results),
        small=True,
    )


def endowment_years(doc: Document, results: Results) -> None:
    end = results.endowment
    years = [int(y) for y in end.years]
    h = years[-1]
    step = 1 if h <= 10 else 5 if h <= 60 else 10 if h <= 200 else 50
    chosen = sorted({y for y in years if y % step == 0} | {h})
    value = end.value_real
    # the row of year y (year 1 is the fund's first): the value at the end of year y, after y
    # years (``years[y]`` of the results), beside the grants paid in that same year y (the
    # y-th of ``grants_real``, index y - 1); the first row is the start, before any grants
    grants = [None if y == 0 else float(end.grants_real["p50"][y - 1]) for y in chosen]
    money = money_unit([float(value[k][y]) for y in chosen for k in ("p5", "p50", "p95")])
    grants_unit = money_unit(grants)
    rows = []
    for y, paid in zip(chosen, grants):
        rows.append(
            [
                "Start" if y == 0 else str(y),
                format_money_in(float(value["p50"][y]), money),
                f"{format_money_in(float(value['p5'][y]), money)} to "
                f"{format_money_in(float(value['p95'][y]), money)}",
                "–" if paid is None else format_money_in(paid, grants_unit),
                format_share(float(end.prob_preserved_by_year[y]))
                if end.prob_preserved_by_year is not None
                else "–",
                format_share(float(end.prob_depleted_by_year[y]))
                if end.prob_depleted_by_year is not None
                else "–",
            ]
        )
    doc.table(
        "The endowment by year, in pounds of year 0. Year 1 is the fund's first year; each row gives the median "
        f"value at the end of that year (after that many years: the last row is the value after {h} years), its "
        "range, the median grants paid in that same year, and the chance of having kept the real value or run out "
        "by the end of it.",
        [
            "End of year",
            "Median value at the end of the year",
            "90% of futures between",
            "Median grants paid in the year",
            "Real value kept",
            "Run out",
        ],
        rows,
        [0.6, 1.2, 2.0, 1.2, 1.1, 0.9],
        [True] * 6,
        source_line(results),
        small=True,
    )


def results_tables(doc: Document, ctx: ReportContext) -> None:
    """The results tables of a single scenario."""
    results = ctx.runs[0]
    doc.heading("Results in tables")
    doc.heading("Where the recovery fund goes", 2)
    top_bottom(doc, results)
    deciles(doc, results)
    doc.heading("The endowment over time", 2)
    endowment_years(doc, results)


def all_areas_annex(doc: Document, ctx: ReportContext) -> None:
    """Annex: every area's allocation (up to :data:`ANNEX_LIMIT` areas)."""
    results = ctx.runs[0]
    table = ordered_areas(results)
    words = area_word(results)
    if len(table) <= 2 * TOP_N:
        return  # the results section already lists every area
    doc.page_break()
    doc.heading(f"Annex A: every {area_word(results, plural=False)}")
    shown = table.head(ANNEX_LIMIT)
    if len(table) > ANNEX_LIMIT:
        doc.para(
            f"The {ANNEX_LIMIT} {words} receiving the most of {len(table):,}. Every {area_word(results, False)} is in the CSV "
            "or Excel export of the same run (fundsim run SCENARIO --out areas.csv)."
        )
    doc.table(
        f"Allocation to {'each of the' if len(table) <= ANNEX_LIMIT else 'the first'} {len(shown):,} {words}, largest first.",
        AREA_HEADER,
        area_rows(shown),
        AREA_WIDTHS,
        AREA_NUMERIC,
        source_line(results),
        small=True,
    )
