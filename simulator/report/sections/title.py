"""The title page: what was run, when, by which version, from which files (with their hashes)."""

from __future__ import annotations

from simulator.data.vintage import COMPARABILITY_CAVEAT
from simulator.report.context import ReportContext
from simulator.report.model import Document, TitleBlock
from simulator.results import Results


def _files(results: Results) -> list[tuple[str, str]]:
    rows = []
    for f in results.data.files:
        role = "Population file" if f.role == "population" else "Area data file"
        rows.append((role, f"{f.name} ({f.rows:,} rows)"))
        rows.append(("SHA-256", f.sha256))
    return rows


def _attributions(ctx: ReportContext) -> list[str]:
    out: list[str] = []
    for results in ctx.runs:
        data = results.data
        if data.attribution and data.attribution + "." not in out:
            out.append(data.attribution + ".")
        if data.fictional and "fictional" not in " ".join(out).lower():
            out.append(
                "The workshop areas are fictional: invented for teaching, they are not real places."
            )
    if ctx.has_map:
        from simulator.report.charts import map_credit

        credit = map_credit(ctx.runs[0])
        if credit:
            out.append(credit + ".")
    return out


def title_page(doc: Document, ctx: ReportContext) -> None:
    """Title, description and the provenance block of every scenario in the report."""
    first = ctx.runs[0]
    if ctx.is_comparison:
        title = (
            "Comparison of "
            + ", ".join(r.scenario["name"] for r in ctx.runs[:-1])
            + " and "
            + ctx.runs[-1].scenario["name"]
        )
        releases = sorted({r.data.release for r in ctx.runs if r.data.release})
        if len(releases) > 1:  # the same option on IoD2019 and IoD2025, on purpose
            lead = (
                f"{len(ctx.runs)} scenarios run with the same seed on {' and '.join(releases)} "
                "data, compared over the districts of 2024. " + COMPARABILITY_CAVEAT
            )
        else:
            lead = f"{len(ctx.runs)} scenarios run on the same data with the same seed, so their differences are not noise in the draws."
    else:
        title = first.scenario["name"]
        lead = (
            first.scenario.get("description")
            or "A scenario for the Community Recovery Fund and the Levelling Up Communities Fund."
        )
    rows: list[tuple[str, str]] = [("Date", ctx.date), ("fundsim version", first.version)]
    for i, results in enumerate(ctx.runs):
        if ctx.is_comparison:
            rows.append((f"Scenario {i + 1}", results.scenario["name"]))
        path = ctx.files[i]
        if path is not None:
            rows.append(("Scenario file", str(path) + _changed(path, results)))
        rows += [
            ("Seed", str(results.seed)),
            ("Monte Carlo paths", f"{results.paths:,}"),
            ("Data", results.data.label),
        ]
        if i == 0 or results.data != ctx.runs[0].data:
            rows += _files(results)
        else:
            rows.append(("Data files", "as scenario 1"))
    notes = _attributions(ctx)
    subtitle = "fundsim report: Community Recovery Fund and Levelling Up Communities Fund"
    doc.blocks.append(TitleBlock(title, subtitle, lead, tuple(rows), tuple(notes)))
    doc.page_break()


def _changed(path, results: Results) -> str:
    """A note when the scenario run is not the file as saved (overrides, unsaved edits, or a
    copy): the Inputs section then lists what was run."""
    from simulator.core.errors import FundsimError
    from simulator.scenario.files import as_run, load_scenario

    try:
        saved = as_run(load_scenario(path))
    except (FundsimError, OSError):
        return " (could not be read back)"
    if saved == results.scenario:
        return ""
    return " (run with changes to it: the Inputs section lists the settings run)"
