"""Writing results: JSON (everything), CSV (the per-area table) and Excel workbooks.

Every writer goes through :func:`simulator.core.fileio.atomic_write`, so an existing file is never
left half-written, and every export records the data's provenance and, for the fictional
workshop dataset, says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from simulator.core.fileio import atomic_write_text, check_output
from simulator.core.money import format_in_unit, format_money, format_share
from simulator.measures import label
from simulator.measures.competition import BY_NAME as COMPETITION_MEASURES
from simulator.outputs.safe import write_csv as write_safe_csv
from simulator.results import Results, prob_se

FORMATS = {".json": "JSON", ".csv": "CSV (per-area table)", ".xlsx": "Excel workbook"}

AREA_COLUMNS = [
    "code",
    "name",
    "population",
    "score",
    "mean",
    "p5",
    "p50",
    "p95",
    "per_capita",
    "prob_funded",
    "equal_per_head",
    "gain",
    "mean_se",
    "prob_funded_se",
]


def check_output_path(
    path: str | Path, inputs: Iterable[tuple[str, str | Path | None]] = ()
) -> Path:
    """Check an output path before any work is done: its format, that it can be written, and
    that it is none of ``inputs`` (``(role, path)`` pairs of the files being read)."""
    return check_output(path, FORMATS, "output", inputs)


def write_results(results: Results, path: str | Path) -> Path:
    """Write results in the format given by the file extension."""
    path = check_output_path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return atomic_write_text(path, results.to_json())
    if suffix == ".csv":
        return write_csv(results, path)
    return write_xlsx(results, path)


def write_csv(results: Results, path: str | Path) -> Path:
    """The per-area allocation table, one row per area, pounds.

    The last column, ``data``, names the dataset on every row, so a copied extract still says
    when the areas are the fictional workshop ones.
    """
    extra = [
        c
        for c in (
            "need",
            "bids",
            "success_rate",
            "bid_cost",
            "authority_type",
            "region",
            "lad_code",
            "lad_name",
        )
        if c in results.recovery.table
    ]
    table = results.recovery.table[AREA_COLUMNS + extra].assign(data=results.data.label)
    return write_safe_csv(table, path)


def summary_rows(results: Results) -> list[tuple[str, object]]:
    """Label/value pairs describing a run: inputs, provenance and headline figures."""
    rec, end = results.recovery, results.endowment
    data = results.data
    rows: list[tuple[str, object]] = [
        ("Scenario", results.scenario["name"]),
        ("fundsim version", results.version),
        ("Seed", results.seed),
        ("Monte Carlo paths", results.paths),
        ("Data", data.label),
        ("Data level", data.level),
    ]
    for f in data.files:
        rows.append((f"Data file ({f.role})", f"{f.name}  rows={f.rows}  sha256={f.sha256}"))
    if data.fictional:
        rows.append(("Note", "FICTIONAL DATA: the workshop areas are invented for teaching."))
    if data.attribution:
        rows.append(("Attribution", data.attribution))
    m = rec.measures
    rows += [
        (label("recovery_fund.total"), format_money(rec.total)),
        (label("recovery_fund.distributed"), format_money(rec.distributed)),
        ("Mechanism", rec.measures.get("mechanism", "formula")),
        (
            label("recovery_fund.share_to_most_deprived_decile"),
            with_se(
                rec.share_to_most_deprived_decile,
                m.get("share_to_most_deprived_decile_se"),
                format_share,
            ),
        ),
    ]
    if m:
        rows += [
            (
                label("recovery_fund.share_to_most_deprived.population_10"),
                band_text(m["share_to_most_deprived"]["population_10"], format_share),
            ),
            (
                f"{label('recovery_fund.awarded')} (mean ± Monte Carlo standard error)",
                band_text(m["awarded"], format_money),
            ),
            (
                f"{label('recovery_fund.unspent')} (mean ± Monte Carlo standard error)",
                band_text(m["unspent"], format_money),
            ),
            (
                label("recovery_fund.concentration_index"),
                round(m["concentration_index"]["mean"], 4),
            ),
            (label("recovery_fund.gini_per_capita"), round(m["gini_per_capita"], 4)),
            (
                label("recovery_fund.against_equal_per_head.winners"),
                m["against_equal_per_head"]["winners"],
            ),
            (
                label("recovery_fund.against_equal_per_head.losers"),
                m["against_equal_per_head"]["losers"],
            ),
            ("Percentile bands", m["percentile_method"]),
        ]
        c = m.get("competition")
        if c:
            rows.append(
                (
                    "Success rate of bids",
                    format_share(c["success_rate"]) if c["success_rate"] is not None else "no bids",
                )
            )
            rows += [  # every overall measure of the competition, labelled by the registry
                (measure.label, band_text(c[name], lambda v, u=measure.unit: format_in_unit(v, u)))
                for name, measure in COMPETITION_MEASURES.items()
            ]
    rows += [
        (label("endowment.initial"), format_money(end.initial)),
        ("Horizon (years)", int(end.years[-1])),
        (
            label("endowment.value_real.p50[-1]"),
            percentile_text(end.value_real, 50, -1, format_money),
        ),
        (
            label("endowment.prob_real_value_preserved"),
            with_se(
                end.prob_real_value_preserved,
                prob_se(end.prob_real_value_preserved, end.paths),
                format_share,
            ),
        ),
        (
            label("endowment.prob_depleted"),
            with_se(end.prob_depleted, prob_se(end.prob_depleted, end.paths), format_share),
        ),
    ]
    g = end.appraisal
    if g:
        rows += [
            (
                label("endowment.green_book.pv_grants_real"),
                band_text(g["pv_grants_real"], format_money),
            ),
            (
                label("endowment.green_book.pv_endowment_real"),
                band_text(g["pv_endowment_real"], format_money),
            ),
            (
                label("endowment.green_book.pv_spend_up_front_real"),
                band_text(g["pv_spend_up_front_real"], format_money),
            ),
            (
                label("endowment.green_book.prob_endowment_ahead"),
                with_se(g["prob_endowment_ahead"], g["prob_endowment_ahead_se"], format_share),
            ),
        ]
    rows += [("Warning", w) for w in results.warnings]
    return rows


def with_se(value: float, se: float | None, fmt) -> str:
    """``12.6% ± 0.7%``: a figure with its Monte Carlo standard error."""
    if se is None or not math.isfinite(float(se)):
        return fmt(value)
    return f"{fmt(value)} ± {fmt(float(se))}"


def percentile_text(band, q: float, index: int, fmt) -> str:
    """``£1.1bn (95% interval £1.05bn to £1.16bn)``: a percentile with its order-statistic
    interval (a percentile has no "±")."""
    text = fmt(float(band[f"p{q:g}"][index]))
    if f"p{q:g}_low" not in band:
        return text
    low, high = (fmt(float(band[f"p{q:g}_{end}"][index])) for end in ("low", "high"))
    return text if low == high else f"{text} (95% interval {low} to {high})"


def band_text(band: dict, fmt) -> str:
    """A band's mean with its standard error, and its 5th-95th percentiles."""
    text = with_se(band["mean"], band.get("mean_se"), fmt)
    return f"{text} (90% of draws: {fmt(band['p5'])} to {fmt(band['p95'])})"


def write_xlsx(results: Results, path: str | Path) -> Path:
    """A workbook with Summary, Charts (native Excel charts), Areas, Deciles and Endowment sheets.

    The Areas sheet has each area's region after its name when the data give one (the built-in
    England table does)."""
    from simulator.outputs.workbook.excel import write_workbook

    columns = list(AREA_COLUMNS)
    if "region" in results.recovery.table:
        columns.insert(columns.index("name") + 1, "region")
    return write_workbook(results, path, summary_rows(results), columns)
