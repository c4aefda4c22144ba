"""Writing results: JSON (everything), CSV (the per-area table) and Excel workbooks.

Every writer goes through :func:`simulator.core.fileio.atomic_write`, so an existing file is never
left half-written, and every export records the data's provenance and, for the fictional
workshop dataset, says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from simulator.core.errors import FundsimError
from simulator.core.fileio import atomic_write_text, check_not_an_input, check_writable
from simulator.core.money import format_money, format_share
from simulator.outputs.safe import write_csv as write_safe_csv
from simulator.results import Results

FORMATS = {".json": "JSON", ".csv": "CSV (per-area table)", ".xlsx": "Excel workbook"}

AREA_COLUMNS = [
    "code", "name", "population", "score", "mean", "p5", "p50", "p95", "per_capita", "prob_funded", "equal_per_head", "gain",
]


def check_output_path(path: str | Path, inputs: Iterable[tuple[str, str | Path | None]] = ()) -> Path:
    """Check an output path before any work is done: its format, that it can be written, and
    that it is none of ``inputs`` (``(role, path)`` pairs of the files being read)."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        known = ", ".join(FORMATS)
        raise FundsimError(f"has an unknown output format '{path.suffix or '(none)'}'; use one of {known}", file=str(path))
    folder = path.resolve().parent
    if not folder.is_dir():
        raise FundsimError("output folder does not exist", file=str(folder))
    check_writable(path)
    check_not_an_input(path, inputs)
    return path


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
    extra = [c for c in ("need", "authority_type", "region", "lad_code", "lad_name") if c in results.recovery.table]
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
    rows += [
        ("Recovery fund total", format_money(rec.total)),
        ("Distributed to areas", format_money(rec.distributed)),
        ("Mechanism", rec.measures.get("mechanism", "formula")),
        ("Share to most deprived 10% of areas", format_share(rec.share_to_most_deprived_decile)),
    ]
    m = rec.measures
    if m:
        rows += [
            ("Share to most deprived 10% of people", format_share(m["share_to_most_deprived"]["population_10"]["mean"])),
            ("Unspent (mean)", format_money(m["unspent"]["mean"])),
            ("Concentration index (negative = towards deprived areas)", round(m["concentration_index"]["mean"], 4)),
            ("Gini of per-capita allocations", round(m["gini_per_capita"], 4)),
            ("Areas gaining vs equal per head", m["against_equal_per_head"]["winners"]),
            ("Areas losing vs equal per head", m["against_equal_per_head"]["losers"]),
            ("Percentile bands", m["percentile_method"]),
        ]
    rows += [
        ("Endowment initial value", format_money(end.initial)),
        ("Horizon (years)", int(end.years[-1])),
        ("Median real value at horizon", format_money(float(end.value_real["p50"][-1]))),
        ("Probability real value preserved", format_share(end.prob_real_value_preserved)),
        ("Probability of depletion", format_share(end.prob_depleted)),
    ]
    rows += [("Warning", w) for w in results.warnings]
    return rows


def write_xlsx(results: Results, path: str | Path) -> Path:
    """A workbook with Summary, Charts (native Excel charts), Areas, Deciles and Endowment sheets."""
    from simulator.outputs.excel import write_workbook

    return write_workbook(results, path, summary_rows(results), AREA_COLUMNS)
