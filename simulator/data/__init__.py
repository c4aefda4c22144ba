"""Area data: the bundled workshop dataset, IoD2019 files and plain tables."""

from __future__ import annotations

from pathlib import Path

from simulator.core.errors import FundsimError
from simulator.core.paths import resources_dir
from simulator.data.areas import FICTIONAL_LABEL, IOD_ATTRIBUTION, Areas, Provenance, SourceFile
from simulator.data.load import DataRequest, load_data

BUILTIN_DATASETS = {"workshop": "data/workshop.csv"}

__all__ = [
    "Areas",
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
    """Load a dataset shipped in ``resources/``: currently only ``workshop``."""
    if name not in BUILTIN_DATASETS:
        offered = ", ".join(f"builtin:{k}" for k in BUILTIN_DATASETS)
        raise FundsimError(
            f"is 'builtin:{name}', which is not a bundled dataset (offered: {offered})",
            field="data.source",
        )
    areas = load_data(DataRequest(resources_dir() / BUILTIN_DATASETS[name]))
    provenance = Provenance(
        label=FICTIONAL_LABEL,
        level="workshop",
        files=tuple(
            SourceFile(f"builtin:{name}", f.sha256, f.rows, f.role) for f in areas.provenance.files
        ),
        fictional=True,
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
