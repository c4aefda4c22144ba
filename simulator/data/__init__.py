"""Area data: the bundled datasets (real England, the fictional workshop areas), IoD2019 and
IoD2025 files, and plain tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.core.errors import FundsimError
from simulator.core.paths import resources_dir
from simulator.data.areas import FICTIONAL_LABEL, IOD_ATTRIBUTION, Areas, Provenance, SourceFile
from simulator.data.england import ENGLAND_2025_FILE
from simulator.data.load import DataRequest, load_data
from simulator.data.vintage import ENGLAND_2025_ATTRIBUTION


@dataclass(frozen=True)
class Builtin:
    """A dataset shipped in ``resources/``: its file, what it is called, what it is."""

    file: str
    title: str
    label: str
    level: str
    fictional: bool = False
    attribution: str | None = None
    vintage: str | None = None


ENGLAND_2025_LABEL = "Built-in England districts (IoD2025, ONS mid-2022 population)"
BUILTINS = {
    "england-districts-2025": Builtin(
        ENGLAND_2025_FILE,
        "England: 296 districts (IoD2025)",
        ENGLAND_2025_LABEL,
        "lad",
        attribution=ENGLAND_2025_ATTRIBUTION,
        vintage="2025",
    ),
    "workshop": Builtin(
        "data/workshop.csv", "Fictional workshop areas (12)", FICTIONAL_LABEL, "workshop", True
    ),
}
#: Built-in name -> bundled file (kept for callers that only need the file).
BUILTIN_DATASETS = {name: b.file for name, b in BUILTINS.items()}

__all__ = [
    "Areas",
    "BUILTINS",
    "DataRequest",
    "FICTIONAL_LABEL",
    "IOD_ATTRIBUTION",
    "Provenance",
    "SourceFile",
    "load_areas",
    "load_data",
    "load_data_source",
]


def load_builtin(name: str) -> Areas:
    """Load a dataset shipped in ``resources/``: ``england-districts-2025`` or ``workshop``."""
    if name not in BUILTINS:
        offered = ", ".join(f"builtin:{k}" for k in BUILTINS)
        raise FundsimError(
            f"is 'builtin:{name}', which is not a bundled dataset (offered: {offered})",
            field="data.source",
        )
    builtin = BUILTINS[name]
    areas = load_data(DataRequest(resources_dir() / builtin.file))
    provenance = Provenance(
        label=builtin.label,
        level=builtin.level,
        files=tuple(
            SourceFile(f"builtin:{name}", f.sha256, f.rows, f.role) for f in areas.provenance.files
        ),
        fictional=builtin.fictional,
        attribution=builtin.attribution,
        vintage=builtin.vintage,
    )
    return Areas(areas.table, provenance, areas.warnings)


def _resolve(path: str | Path, base_dir: Path | None) -> Path:
    p = Path(path).expanduser()
    return p if p.is_absolute() or base_dir is None else base_dir / p


def load_data_source(
    source: str | Path,
    base_dir: Path | None = None,
    *,
    population: str | Path | None = None,
    level: str | None = None,
    population_measure: str = "total",
    columns: dict[str, str] | None = None,
) -> Areas:
    """Load areas from ``builtin:NAME`` or a file (relative paths resolve against ``base_dir``)."""
    text = str(source)
    if text.startswith("builtin:"):
        if population is not None or level is not None:
            raise FundsimError(
                "a bundled dataset cannot be combined with a population file or level",
                field="data.source",
            )
        return load_builtin(text.removeprefix("builtin:"))
    return load_data(
        DataRequest(
            source=_resolve(text, base_dir),
            population=_resolve(population, base_dir) if population else None,
            level=level,
            population_measure=population_measure,
            columns=dict(columns or {}),
        )
    )


def load_areas(
    scenario,
    data_override: str | Path | None = None,
    population_override: str | Path | None = None,
    level_override: str | None = None,
) -> Areas:
    """Load the areas a scenario's ``[data]`` names; the overrides replace its keys (as the CLI's
    ``--data``, ``--population`` and ``--level`` do; override paths are relative to the current folder)."""
    data = scenario.data
    source = Path(data_override).resolve() if data_override is not None else data.source
    population = (
        Path(population_override).resolve() if population_override is not None else data.population
    )
    return load_data_source(
        source,
        scenario.base_dir(),
        population=population,
        level=level_override or data.level,
        population_measure=data.population_measure,
        columns=data.columns,
    )
