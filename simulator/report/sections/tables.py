"""Tables of results: top and bottom areas, deciles, the endowment by year, and every area (annex)."""

from __future__ import annotations

import pandas as pd

from simulator.core.money import format_money, format_share
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


def area_row(row) -> list[str]:
    """One area as the report shows it (also used by the tests to compare with the JSON)."""
    return [
        str(row["name"]),
        str(row["code"]),
        f"{row['population']:,.0f}",
        format_money(row["mean"]),
        f"{format_money(row['p5'])} to {format_money(row['p95'])}",
        f"£{row['per_capita']:,.0f}" if row["per_capita"] >= 100 else f"£{row['per_capita']:,.2f}",
        format_share(row["prob_funded"], 0),
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
            [area_row(r) for _, r in table.iterrows()],
            AREA_WIDTHS,
            AREA_NUMERIC,
            src,
            small=True,
        )
        return
    doc.table(
        f"The {n} {words} receiving the most.",
        AREA_HEADER,
        [area_row(r) for _, r in table.head(n).iterrows()],
        AREA_WIDTHS,
        AREA_NUMERIC,
        src,
        small=True,
    )
    doc.table(
        f"The {n} {words} receiving the least.",
        AREA_HEADER,
        [area_row(r) for _, r in table.tail(n).iterrows()],
        AREA_WIDTHS,
        AREA_NUMERIC,
        src,
        small=True,
    )


def deciles(doc: Document, results: Results) -> None:
    rows = []
    for d in results.recovery.measures.get("by_decile", []):
        per_head = d.get("per_capita")
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
                format_money(d["mean"]),
                f"{format_money(d['p5'])} to {format_money(d['p95'])}",
                format_share(d["share"]),
                "–" if per_head is None else f"£{per_head:,.2f}",
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
    rows = []
    for y in chosen:
        grants = "–" if y == 0 else format_money(float(end.grants_real["p50"][y - 1]))
        rows.append(
            [
                str(y),
                format_money(float(end.value_real["p50"][y])),
                f"{format_money(float(end.value_real['p5'][y]))} to {format_money(float(end.value_real['p95'][y]))}",
                grants,
                format_share(float(end.prob_preserved_by_year[y]))
                if end.prob_preserved_by_year is not None
                else "–",
                format_share(float(end.prob_depleted_by_year[y]))
                if end.prob_depleted_by_year is not None
                else "–",
            ]
        )
    doc.table(
        "The endowment by year, in pounds of year 0: median value, its range, median grants in the year, and the chance of "
        "having kept the real value or run out by then.",
        [
            "Year",
            "Median value",
            "90% of futures between",
            "Median grants",
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
        [area_row(r) for _, r in shown.iterrows()],
        AREA_WIDTHS,
        AREA_NUMERIC,
        source_line(results),
        small=True,
    )
