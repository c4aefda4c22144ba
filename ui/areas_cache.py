"""Loaded area data, kept between runs so a re-run does not re-read an unchanged file.

Used from the runner's worker thread, hence the lock. Keyed by the data source and the file's
modification time, so an edited file is read again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from simulator.core.cancel import stop_when
from simulator.data import BUILTINS, Areas, load_areas
from simulator.scenario import Scenario

_lock = threading.Lock()
_cache: dict[tuple, Areas] = {}


def _stamp(scenario: Scenario, source: str | None) -> tuple[str, float] | None:
    if source is None:
        return None
    if source.startswith("builtin:"):
        return (source, 0.0)
    path = scenario.resolve(source)
    return (str(path), path.stat().st_mtime if path.exists() else -1.0)


def areas_for(scenario: Scenario, should_stop: Callable[[], bool] | None = None) -> Areas:
    """The areas a scenario's ``[data]`` describes, from the cache when nothing changed.

    ``should_stop`` is polled while a large file is read (reading raises ``Cancelled``)."""
    data = scenario.data
    key = (
        _stamp(scenario, data.source),
        _stamp(scenario, data.population),
        data.level,
        data.population_measure,
        tuple(sorted(data.columns.items())),
    )
    with _lock:
        if key in _cache:
            return _cache[key]
    with stop_when(should_stop):
        areas = load_areas(scenario)
    with _lock:
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = areas
    return areas


def describe_source(scenario: Scenario) -> str:
    """A short description of a scenario's data for the panel."""
    source = scenario.data.source
    if source.startswith("builtin:") and source.removeprefix("builtin:") in BUILTINS:
        return "Built-in: " + BUILTINS[source.removeprefix("builtin:")].title
    text = Path(source).name
    if scenario.data.columns:
        text += " (columns mapped)"
    return text
