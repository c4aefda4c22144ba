"""Reading and writing scenario files: TOML in, commented TOML out, written atomically."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import simulator.scenario.toml as scenario_toml
from simulator.core.errors import FundsimError
from simulator.core.fileio import atomic_write_text
from simulator.core.inputs import read_input_text
from simulator.scenario.model import Scenario, scenario_from_dict

#: A scenario is a few kilobytes; anything this long is not one (and is refused before parsing).
MAX_SCENARIO_CHARS = 1_000_000


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Raises :class:`FundsimError` for a missing file, a TOML syntax error or an invalid field.
    """
    path = Path(path)
    text = read_input_text(path, MAX_SCENARIO_CHARS * 4, "scenario file")
    if len(text) > MAX_SCENARIO_CHARS:
        raise FundsimError(
            f"is {len(text):,} characters long; a scenario file is at most {MAX_SCENARIO_CHARS:,}",
            file=str(path),
        )
    try:
        raw = tomllib.loads(text)
        scenario = scenario_from_dict(raw, file=str(path))
    except tomllib.TOMLDecodeError as exc:
        raise FundsimError(f"is not valid TOML: {exc}", file=str(path)) from None
    except RecursionError:
        raise FundsimError(
            "is nested too deeply to be a scenario (tables or lists inside each other hundreds of levels deep)",
            file=str(path),
        ) from None
    scenario._path = path.resolve()
    scenario._source_text = text
    return scenario


def input_files(scenario: Scenario) -> list[tuple[str, Path | None]]:
    """``(role, path)`` of the files a scenario reads: itself, its data and population files
    and the endowment's bootstrap returns file."""
    data, population = scenario.data.source, scenario.data.population
    bootstrap = scenario.endowment.bootstrap_file
    return [
        ("scenario", scenario.path),
        ("data", None if data.startswith("builtin:") else scenario.resolve(data)),
        ("population", scenario.resolve(population) if population else None),
        ("bootstrap returns", scenario.resolve(bootstrap) if bootstrap else None),
    ]


#: Keys that name a file, read relative to the scenario's folder.
PATH_KEYS = (("data", "source"), ("data", "population"), ("endowment", "bootstrap_file"))


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write a scenario as commented TOML, safely (the old file survives any failure).

    A relative data path is rewritten so it still points at the same file from the new folder.
    Comments in the file the scenario was loaded from are kept.
    """
    path = Path(path).resolve()
    scenario = relocated(scenario, path)
    text = scenario_toml.to_toml(scenario)
    atomic_write_text(path, text)
    scenario._path = path
    scenario._source_text = text
    return path


def relocated(scenario: Scenario, path: str | Path | None) -> Scenario:
    """A copy of ``scenario`` as if it lived at ``path``: relative data and population paths are
    rewritten so they still point at the same files from ``path``'s folder (with ``path`` None,
    a scenario not saved anywhere yet, they become absolute).

    Saving elsewhere uses it, and so does restoring an autosave (kept in the settings folder)
    as the scenario file it was a copy of, so a path's meaning never changes.
    """
    path = Path(path).resolve() if path is not None else None
    copy = scenario.model_copy(deep=True)
    copy._path, copy._source_text = scenario._path, scenario._source_text
    if scenario._path is not None:
        for section, key in PATH_KEYS:
            value = getattr(getattr(scenario, section), key)
            if not value or value.startswith("builtin:") or Path(value).expanduser().is_absolute():
                continue
            target = scenario.resolve(value)
            try:
                moved = (
                    Path(os.path.relpath(target, path.parent)).as_posix()
                    if path is not None
                    else str(target)
                )
            except ValueError:  # another drive on Windows
                moved = str(target)
            setattr(getattr(copy, section), key, moved)
    copy._path = path
    return copy


def as_run(scenario: Scenario) -> dict:
    """The scenario as a run uses it, for the record results keep: every key, with each file it
    names (data, population, bootstrap returns) as an absolute path, so the record runs again
    from any folder and gives the same numbers."""
    record = scenario.model_dump(mode="json")
    for section, key in PATH_KEYS:
        value = record[section].get(key)
        if value and not str(value).startswith("builtin:"):
            record[section][key] = str(scenario.resolve(value))
    return record
