"""Loaded area data, kept between runs so a re-run does not re-read an unchanged file.

Used from the runner's worker thread, hence the lock. Keyed by the data source and the file's
modification time, so an edited file is read again.
"""

from __future__ import annotations

import threading
from pathlib import Path

from simulator.data import Areas, load_data_source
from simulator.scenario import Scenario

_lock = threading.Lock()
_cache: dict[tuple[str, float], Areas] = {}


def areas_for(scenario: Scenario) -> Areas:
    source = scenario.data.source
    if source.startswith("builtin:"):
        key = (source, 0.0)
    else:
        path = scenario.resolve(source)
        key = (str(path), path.stat().st_mtime if path.exists() else -1.0)
    with _lock:
        if key in _cache:
            return _cache[key]
    areas = load_data_source(source, scenario.base_dir())
    with _lock:
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = areas
    return areas


def describe_source(scenario: Scenario) -> str:
    """A short description of a scenario's data for the panel."""
    source = scenario.data.source
    if source == "builtin:workshop":
        return "Fictional workshop dataset"
    return Path(source).name
