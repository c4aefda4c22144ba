"""Writing a comparison: JSON (everything), CSV (the exemplification table) or Excel.

Writers of analysis results live here, above the engine, and use the helpers of
:mod:`simulator.outputs` (atomic, byte-identical writes; safe cells).
"""

from __future__ import annotations

from pathlib import Path

from simulator.analysis.compare import Comparison
from simulator.core.fileio import atomic_write_text
from simulator.outputs.export import check_output_path
from simulator.outputs.safe import write_csv

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
    "prob_gain": "P(gain)",
    "rank_change": "rank change (+ = up)",
}


def exemplification(c: Comparison):
    """The per-area table in the order people read it: the baseline, then each option with
    its change (pounds, %, per head), the paired band, the chance of a gain and the rank change."""
    columns = ["code", "name", "population", "A_mean", "A_p5", "A_p95", "A_per_head", "A_rank"]
    for L in c.letters[1:]:
        columns += [f"{L}_{s}" for s in ("mean", "change", "change_pct", "change_per_head", "change_p5", "change_p95",
                                          "prob_gain", "p5", "p95", "per_head", "rank", "rank_change")]
    return c.areas[columns]


def write_comparison(c: Comparison, path: str | Path) -> Path:
    """Write a comparison in the format its extension names (.json, .csv or .xlsx)."""
    path = check_output_path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return atomic_write_text(path, c.to_json())
    if suffix == ".csv":
        return write_csv(exemplification(c).assign(data=c.data["label"]), path)
    from simulator.analysis.compare_excel import write_comparison_workbook

    return write_comparison_workbook(c, path)
