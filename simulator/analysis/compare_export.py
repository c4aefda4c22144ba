"""Writing a comparison: JSON (everything), CSV (the exemplification table) or Excel.

Writers of analysis results live here, above the engine, and use the helpers of
:mod:`simulator.outputs` (atomic, byte-identical writes; safe cells).
"""

from __future__ import annotations

from pathlib import Path

from simulator.analysis.compare import Comparison
from simulator.analysis.compare_excel import write_comparison_workbook
from simulator.core.fileio import atomic_write_text
from simulator.outputs.export import check_output_path
from simulator.outputs.safe import write_csv


def write_comparison(c: Comparison, path: str | Path) -> Path:
    """Write a comparison in the format its extension names (.json, .csv or .xlsx)."""
    path = check_output_path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return atomic_write_text(path, c.to_json())
    if suffix == ".csv":
        return write_csv(c.exemplification().assign(data=c.data["label"]), path)
    return write_comparison_workbook(c, path)
