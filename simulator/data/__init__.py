"""Area data: the bundled workshop dataset and importers for user files."""

from __future__ import annotations

from pathlib import Path

from simulator.data.areas import FICTIONAL_LABEL, IOD_ATTRIBUTION, Areas, Provenance, SourceFile
from simulator.data.tables import load_csv_table, sha256_of
from simulator.errors import FundsimError
from simulator.paths import resources_dir

BUILTIN_DATASETS = {"workshop": "data/workshop.csv"}

__all__ = [
    "Areas",
    "FICTIONAL_LABEL",
    "IOD_ATTRIBUTION",
    "Provenance",
    "SourceFile",
    "load_areas",
    "load_data_source",
]


def load_builtin(name: str) -> Areas:
    """Load a dataset shipped in ``resources/``: currently only ``workshop``."""
    if name not in BUILTIN_DATASETS:
        offered = ", ".join(f"builtin:{k}" for k in BUILTIN_DATASETS)
        raise FundsimError(f"is 'builtin:{name}', which is not a bundled dataset (offered: {offered})", field="data.source")
    path = resources_dir() / BUILTIN_DATASETS[name]
    areas = load_csv_table(path)
    provenance = Provenance(
        label=FICTIONAL_LABEL,
        level="workshop",
        files=tuple(SourceFile(f"builtin:{name}", f.sha256, f.rows) for f in areas.provenance.files),
        fictional=True,
    )
    return Areas(areas.table, provenance, areas.warnings)


def load_data_source(source: str | Path, base_dir: Path | None = None) -> Areas:
    """Load areas from ``builtin:NAME`` or a file path (relative to ``base_dir``)."""
    text = str(source)
    if text.startswith("builtin:"):
        return load_builtin(text.removeprefix("builtin:"))
    path = Path(text).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt"}:
        return load_csv_table(path)
    raise FundsimError(
        f"has an unsupported file type '{suffix or '(none)'}'; use a .csv table with columns "
        "code,name,population,score",
        file=path.name,
    )


def load_areas(scenario, data_override: str | Path | None = None) -> Areas:
    """Load the areas a scenario names, or ``data_override`` (a path) instead."""
    if data_override is not None:
        return load_data_source(Path(data_override).resolve())
    return load_data_source(scenario.data.source, scenario.base_dir())
