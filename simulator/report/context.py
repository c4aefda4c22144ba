"""What every section of a report may read: the runs, their scenario files, the date, extras."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.results import Results


@dataclass
class ReportContext:
    """The inputs of one report.

    ``runs`` holds one :class:`Results` (a scenario report) or several (a comparison, run on the
    same data and seed). ``files`` are the scenario files they came from (None if unsaved).
    ``extras`` carries optional results a section may show when present (for example the
    sensitivity results of a tornado or goal-seek run), keyed by name.
    """

    runs: list[Results]
    files: list[Path | None]
    date: str
    extras: dict[str, Any] = field(default_factory=dict)
    has_map: bool = False

    @property
    def is_comparison(self) -> bool:
        return len(self.runs) > 1


def area_word(results: Results, plural: bool = True) -> str:
    """ "districts", "neighbourhoods" or "areas", as the data's level says."""
    word = {"lad": "district", "lsoa": "neighbourhood"}.get(results.data.level, "area")
    return word + "s" if plural else word
