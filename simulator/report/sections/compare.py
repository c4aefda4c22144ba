"""The sections of a comparison report: headline figures side by side and the inputs that differ."""

from __future__ import annotations

from simulator.core.money import format_money, format_share
from simulator.report.alt_text import alt_text
from simulator.report.charts import CHARTS, WIDTH, render_png, source_line
from simulator.report.context import ReportContext, area_word
from simulator.report.model import Document
from simulator.report.sections.inputs import SECTION_TITLES, setting_rows
from simulator.report.sections.summary import headlines, key_points

#: Charts a comparison shows for every scenario (the single-scenario report shows them all).
COMPARISON_CHARTS = ("deciles", "endowment_value")


def _names(ctx: ReportContext) -> list[str]:
    return [r.scenario["name"] for r in ctx.runs]


def comparison_summary(doc: Document, ctx: ReportContext) -> None:
    doc.heading("Summary")
    if any(r.data.fictional for r in ctx.runs):
        doc.para(
            "These results use the fictional workshop dataset: the areas are invented for teaching, not real places.",
            "note",
        )
    doc.para(
        f"{len(ctx.runs)} scenarios, each run with {ctx.runs[0].paths:,} simulated futures from seed {ctx.runs[0].seed}. "
        "Scenarios run with the same seed share their random draws, so the differences below come from the scenarios, not from chance."
    )
    for results in ctx.runs:
        doc.heading(results.scenario["name"], 2)
        if results.scenario.get("description"):
            doc.para(results.scenario["description"], "small")
        doc.bullets(key_points(results)[:3] + key_points(results)[5:6])
    table = [headlines(r) for r in ctx.runs]
    rows = []
    for i, h in enumerate(table[0]):
        rows.append(
            [h.label] + [(t[i].text + (f" {t[i].error}" if t[i].error else "")) for t in table]
        )
    n = len(ctx.runs)
    doc.table(
        "Headline figures, scenario by scenario.",
        ["Measure"] + _names(ctx),
        rows,
        [3.0] + [max(1.0, 4.0 / n)] * n,
        [False] + [True] * n,
        source=f"Source: fundsim {ctx.runs[0].version}, seed {ctx.runs[0].seed}, {ctx.runs[0].paths:,} paths.",
        small=n > 3,
    )


def inputs_that_differ(doc: Document, ctx: ReportContext) -> None:
    doc.heading("Inputs that differ")
    rows = []
    for section, title in SECTION_TITLES.items():
        per_run = [
            {label: value for label, value, _ in setting_rows(r.scenario, section)}
            for r in ctx.runs
        ]
        labels: list[str] = []
        for run_rows in per_run:
            labels += [lab for lab in run_rows if lab not in labels]
        for label in labels:
            values = [run_rows.get(label, "does not apply") for run_rows in per_run]
            if len(set(values)) > 1:
                rows.append([f"{title}: {label}"] + values)
    n = len(ctx.runs)
    if not rows:
        doc.para("The scenarios have the same settings.")
        return
    doc.table(
        "Settings that differ between the scenarios.",
        ["Setting"] + _names(ctx),
        rows,
        [2.6] + [max(1.0, 4.4 / n)] * n,
        [False] * (n + 1),
        small=True,
    )
    doc.para(
        "Every other setting is the same in all the scenarios; the first scenario's full inputs are in the annex.",
        "small",
    )


def deciles_side_by_side(doc: Document, ctx: ReportContext) -> None:
    doc.heading("Where the money goes")
    rows = []
    deciles = [r.recovery.measures.get("by_decile", []) for r in ctx.runs]
    for d in range(len(deciles[0])):
        label = f"{d + 1}" + (
            " (most deprived)" if d == 0 else " (least deprived)" if d == 9 else ""
        )
        rows.append(
            [label]
            + [f"{format_share(ds[d]['share'])} ({format_money(ds[d]['mean'])})" for ds in deciles]
        )
    n = len(ctx.runs)
    doc.table(
        f"Share of the money (and mean money) by need decile of {area_word(ctx.runs[0])}.",
        ["Need decile"] + _names(ctx),
        rows,
        [1.6] + [max(1.0, 5.0 / n)] * n,
        [False] + [True] * n,
        source_line(ctx.runs[0]),
        small=n > 3,
    )
    specs = [s for s in CHARTS if s.key in COMPARISON_CHARTS]
    for spec in specs:
        for results in ctx.runs:
            height = spec.height(results)
            png = render_png(spec.draw, results, height)
            doc.figure(
                f"{results.scenario['name']}: {spec.caption[0].lower()}{spec.caption[1:]}",
                png,
                WIDTH,
                height,
                source_line(results),
                f"{results.scenario['name']}: {alt_text(spec.key, results)}",
            )


def first_inputs(doc: Document, ctx: ReportContext) -> None:
    from simulator.report.sections.inputs import inputs

    doc.page_break()
    sub = ReportContext(ctx.runs[:1], ctx.files[:1], ctx.date, ctx.extras)
    start = len(doc.blocks)
    inputs(doc, sub)
    first = doc.blocks[start]
    doc.blocks[start] = type(first)(f"Annex: inputs of {ctx.runs[0].scenario['name']}", 1)
