"""What a data file holds, from its header row alone: areas with need, population, or both.

Used to open official files without hand-editing a scenario: File 1 (ranks, no population) and
File 6 (population only) are recognised as such, sorted into data and population whichever
order they come in, and a level and a need indicator are suggested for what they hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulator.core.errors import FundsimError
from simulator.data.areas import is_indicator
from simulator.data.headers import POPULATION_MEASURES, recognise
from simulator.data.readers import peek_headers

#: Preferred need indicators, best first, for a file that offers several.
PREFERRED_INDICATORS = ("score", "rank_exponential", "extent", "prop_most_deprived_10")
RANK_MEASURES = ("rank_exponential", "extent", "prop_most_deprived_10")


@dataclass(frozen=True)
class FileKind:
    """A data file as recognised by its headers.

    ``level`` is "lsoa" (neighbourhoods), "lad" (districts) or "custom"; ``has_population`` and
    ``has_need`` say whether it can supply population and a need indicator.
    """

    path: Path
    level: str
    has_population: bool
    has_need: bool
    columns: tuple[str, ...]
    description: str
    #: The IoD release the headers say ("2019", "2025"), or None for a plain table.
    vintage: str | None = None

    @property
    def release(self) -> str | None:
        """``IoD2019`` / ``IoD2025``, or None."""
        return f"IoD{self.vintage}" if self.vintage else None

    @property
    def population_only(self) -> bool:
        return self.has_population and not self.has_need

    def indicators(self, level: str | None = None) -> list[str]:
        """The need indicators the loaded data will offer at ``level`` (default: the file's own)."""
        level = level or self.level
        cols = set(self.columns)
        if self.level == "lsoa":
            names = [
                "score" if c == "imd_score" else c for c in self.columns if c.endswith("_score")
            ]
            if "imd_rank" in cols:
                names += list(RANK_MEASURES) if level == "lad" else ["rank_exponential"]
        else:
            names = [
                c
                for c in self.columns
                if c
                not in (
                    "code",
                    "name",
                    "lad_code",
                    "lad_name",
                    "region",
                    "region_code",
                    "population",
                )
            ]
        names = [n for n in names if is_indicator(n)]
        return sorted(
            dict.fromkeys(names),
            key=lambda n: (
                PREFERRED_INDICATORS.index(n) if n in PREFERRED_INDICATORS else 99,
                names.index(n),
            ),
        )

    def suggested_indicator(self, level: str | None = None) -> str | None:
        offered = self.indicators(level)
        return offered[0] if offered else None


def file_kind(path: Path) -> FileKind:
    """Recognise ``path`` by its header row (raises :class:`FundsimError` if it cannot be read)."""
    path = Path(path)
    headers = peek_headers(path)
    rec = recognise(headers)
    cols = tuple(rec.columns)
    pops = set(POPULATION_MEASURES.values()) | {"population"}
    has_population = any(c in pops for c in cols)
    vintage = rec.vintage.year if rec.vintage else None
    if rec.kind == "lsoa":
        need = any(c.endswith(("_score", "_rank")) for c in cols)
        return FileKind(path, "lsoa", has_population, need, cols, rec.describe(), vintage)
    if rec.kind == "lad_summary":
        return FileKind(path, "lad", has_population, True, cols, rec.describe(), vintage)
    if rec.kind == "plain":
        need = any(
            c in cols for c in ("score", "prop_most_deprived_10", "extent", "local_concentration")
        )
        extra = [h for h in headers if h not in rec.columns.values() and str(h).strip()]
        need = need or bool(extra)  # other columns may hold numbers: the load decides
        code = rec.columns.get("code", "")
        level = "lad" if "lad" in code.lower() else "lsoa" if "lsoa" in code.lower() else "custom"
        names = cols + tuple(str(h).strip().lower().replace(" ", "_") for h in extra)
        return FileKind(path, level, has_population, need, names, rec.describe())
    return FileKind(path, "custom", False, False, (), rec.describe())


@dataclass(frozen=True)
class DataChoice:
    """Data and population files sorted out of a set of files, with suggestions."""

    source: Path | None
    population: Path | None
    level: str | None
    indicator: str | None
    unused: tuple[Path, ...] = ()

    source_kind: FileKind | None = field(default=None, repr=False)

    @property
    def needs_population(self) -> bool:
        has_own = self.source_kind is not None and self.source_kind.has_population
        return self.source is not None and self.population is None and not has_own


def sort_files(kinds: list[FileKind], current_population: Path | None = None) -> DataChoice:
    """Which file holds the areas and need, which the population, and what to suggest.

    A file with need is the data; a population-only file is the population (else the data
    file's own population is used, else ``current_population`` is kept). Neighbourhood data
    are suggested at district level (296 districts rather than 33,755 neighbourhoods in IoD2025;
    317 rather than 32,844 in IoD2019).
    """
    data = next((k for k in kinds if k.has_need), None)
    pop = next((k for k in kinds if k.population_only), None)
    if pop is None and data is not None and not data.has_population:
        pop = next((k for k in kinds if k.has_population and k is not data), None)
    used = {id(data), id(pop)}
    unused = tuple(k.path for k in kinds if id(k) not in used)
    if data is None:
        return DataChoice(None, pop.path if pop else None, None, None, unused)
    population = pop.path if pop else (None if data.has_population else current_population)
    level = "lad" if data.level == "lsoa" else None
    return DataChoice(data.path, population, level, data.suggested_indicator(level), unused, data)


def describe_kind(kind: FileKind) -> str:
    """A plain-English line: what the file is and what it lacks."""
    if kind.level == "custom" and not kind.columns:
        return f"{kind.path.name}: not recognised"
    what = (
        "population only"
        if kind.population_only
        else "deprivation" + (" and population" if kind.has_population else ", no population")
    )
    return f"{kind.path.name}: {kind.description} ({what})"


__all__ = ["DataChoice", "FileKind", "FundsimError", "describe_kind", "file_kind", "sort_files"]
