"""Building a report's content once, from one run (a scenario report) or several (a comparison).

A report is a list of sections, each a function ``section(doc, ctx)`` that adds blocks to the
:class:`~simulator.report.model.Document` or, when it does not apply (no sensitivity results, a
single scenario), adds nothing. A new kind of result is one more small section in the lists below.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date as _date
from pathlib import Path
from typing import Any

from simulator.core.errors import FundsimError
from simulator.report.charts import add_charts, map_credit
from simulator.report.context import ReportContext
from simulator.report.model import Document
from simulator.report.sections.compare import (
    comparison_summary,
    deciles_side_by_side,
    first_inputs,
    inputs_that_differ,
)
from simulator.report.sections.competition import competition_by_size
from simulator.report.sections.inputs import inputs
from simulator.report.sections.method import method_annex
from simulator.report.sections.paired import exemplification_annex, paired_differences
from simulator.report.sections.sensitivity import sensitivity
from simulator.report.sections.summary import summary
from simulator.report.sections.tables import all_areas_annex, results_tables
from simulator.report.sections.title import title_page
from simulator.results import Results

Section = Callable[[Document, ReportContext], None]

#: Most scenarios one comparison report holds (as many as the comparison engine compares).
MAX_SCENARIOS = 4


def charts(doc: Document, ctx: ReportContext) -> None:
    doc.page_break()
    doc.heading("Charts")
    doc.para(
        "Each chart shows the mean or median with the range that 90% of the simulated futures fall in."
    )
    add_charts(doc, ctx.runs[0])


#: The sections of a scenario report, in order.
SCENARIO_SECTIONS: list[Section] = [
    title_page,
    summary,
    inputs,
    charts,
    results_tables,
    competition_by_size,
    sensitivity,
    all_areas_annex,
    method_annex,
]
#: The sections of a comparison report, in order.
COMPARISON_SECTIONS: list[Section] = [
    title_page,
    comparison_summary,
    paired_differences,
    inputs_that_differ,
    deciles_side_by_side,
    exemplification_annex,
    first_inputs,
    method_annex,
]


def report_date(text: str | None = None) -> str:
    """The date a report carries: ``YYYY-MM-DD`` as given (checked), or today's."""
    if text is None:
        return _date.today().isoformat()
    try:
        return _date.fromisoformat(text).isoformat()
    except ValueError:
        raise FundsimError(f"--date must be a date written YYYY-MM-DD, got {text!r}") from None


def record(runs: Sequence[Results]) -> str:
    """The record a report carries in its file properties: a JSON list with, for each run, the
    scenario as run (``scenario_from_dict`` runs it again), its scenario file and the data read."""
    return json.dumps(
        [
            {
                "fundsim_version": r.version,
                "scenario": r.scenario,
                "scenario_file": r.scenario_file,
                "data": r.data.to_dict(),
            }
            for r in runs
        ],
        sort_keys=True,
    )


def build_report(
    runs: Sequence[Results],
    *,
    date: str | None = None,
    files: Sequence[Path | str | None] | None = None,
    extras: dict[str, Any] | None = None,
) -> Document:
    """The report of one run, or the comparison of several, as a :class:`Document`.

    ``files`` are the scenario files the runs came from (shown on the title page); ``extras``
    holds optional results that optional sections show when present.
    """
    runs = list(runs)
    if not runs:
        raise FundsimError("a report needs at least one scenario")
    if len(runs) > MAX_SCENARIOS:
        raise FundsimError(
            f"a comparison report holds at most {MAX_SCENARIOS} scenarios, got {len(runs)}"
        )
    paths = [Path(f) if f is not None else None for f in (files or [None] * len(runs))]
    ctx = ReportContext(runs, paths, report_date(date), dict(extras or {}))
    ctx.has_map = not ctx.is_comparison and map_credit(runs[0]) is not None
    title = runs[0].scenario["name"] if len(runs) == 1 else "Comparison of scenarios"
    doc = Document(title=title, header=f"fundsim report: {title}", date=ctx.date)
    doc.record = record(runs)
    for section in COMPARISON_SECTIONS if ctx.is_comparison else SCENARIO_SECTIONS:
        section(doc, ctx)
    return doc
