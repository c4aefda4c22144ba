"""Options and steps that several commands share: the input options and the scenario they give."""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable
from pathlib import Path

from simulator.core.errors import FundsimError
from simulator.data import Areas, load_areas
from simulator.scenario import Scenario, load_scenario, scenario_from_dict, with_changes
from simulator.scenario.files import input_files as scenario_input_files


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """``--data --population --level --paths --seed --set``, as every command that runs takes them."""
    parser.add_argument("--data", metavar="PATH", help="area data file, instead of the scenario's")
    parser.add_argument(
        "--population",
        metavar="PATH",
        help="population file (IoD2025 or IoD2019 File 6/7, or code,population), instead of the scenario's",
    )
    parser.add_argument(
        "--level",
        choices=["lad", "lsoa"],
        help="allocate over districts (lad) or neighbourhoods (lsoa)",
    )
    parser.add_argument(
        "--paths", type=int, metavar="N", help="Monte Carlo paths, instead of the scenario's"
    )
    parser.add_argument(
        "--seed", type=int, metavar="S", help="random seed, instead of the scenario's"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one scenario key for this run, e.g. --set recovery_fund.need_indicator=extent (repeatable)",
    )


def parse_assignment(text: str) -> tuple[str, object]:
    """``"endowment.fees=0.01"`` -> ``("endowment.fees", 0.01)``; values are read as TOML
    (numbers, true/false, quoted text), and anything else is taken as text."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise FundsimError(f"--set needs KEY=VALUE, got {text!r}")
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    except RecursionError:
        raise FundsimError(f"--set {key}= has a value nested too deeply") from None
    return key, parsed


def scenario_from_args(path: str, args: argparse.Namespace) -> Scenario:
    """Load a scenario file (or a preset by name) and apply ``--paths``, ``--seed`` and every ``--set``."""
    from simulator.commands.presets import resolve_scenario

    scenario = load_scenario(resolve_scenario(path))
    changes: dict[str, object] = {}
    if args.paths is not None:
        changes["simulation.paths"] = args.paths
    if args.seed is not None:
        changes["simulation.seed"] = args.seed
    changes.update(parse_assignment(assignment) for assignment in args.set)
    # every key applied, then validated once: keys that must agree can change together
    return with_changes(scenario, changes) if changes else scenario


def input_files(scenario: Scenario, args: argparse.Namespace) -> list[tuple[str, object]]:
    """``(role, path)`` of every file a command reads, for refusing an output over one of them:
    the scenario's own (itself, data, population, bootstrap returns), the command's ``--data``
    and ``--population``, each ``--analysis`` result and a ``--baseline`` scenario."""
    files = scenario_input_files(scenario)
    files += [("data", args.data), ("population", args.population)]
    files += [("analysis", path) for path in getattr(args, "analysis", None) or []]
    if getattr(args, "baseline", None):
        files.append(("baseline scenario", args.baseline))
    return files


def with_inputs(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """The scenario with ``--data``, ``--population`` and ``--level`` written into its
    ``[data]`` (the files as absolute paths), so that what a run records is what it read."""
    changes = {
        "source": str(Path(args.data).resolve()) if args.data is not None else None,
        "population": str(Path(args.population).resolve()) if args.population is not None else None,
        "level": args.level,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return scenario
    raw = scenario.model_dump()
    raw["data"].update(changes)
    new = scenario_from_dict(raw)
    new._path, new._source_text = scenario._path, scenario._source_text
    return new


def areas_from_args(scenario: Scenario, args: argparse.Namespace) -> tuple[Scenario, Areas]:
    """The areas for a scenario given ``--data``, ``--population`` and ``--level``, and the
    scenario with them written in (:func:`with_inputs`)."""
    areas = load_areas(scenario, args.data, args.population, args.level)
    return with_inputs(scenario, args), areas


def options_from_args(
    paths: list[str], args: argparse.Namespace, check: Callable[[Scenario], None] | None = None
) -> tuple[list[Scenario], list[Areas]]:
    """Several scenario files with the command's overrides, and each one's areas; scenarios on
    the same data read it once. ``check(scenario)`` runs before any data are read."""
    scenarios, areas, loaded = [], [], {}
    for path in paths:
        scenario = scenario_from_args(path, args)
        if check is not None:
            check(scenario)
        d = scenario.data
        source = d.source if d.source.startswith("builtin:") else str(scenario.resolve(d.source))
        key = (
            source,
            d.population and str(scenario.resolve(d.population)),
            d.level,
            d.population_measure,
            tuple(sorted(d.columns.items())),
        )
        if key not in loaded:
            loaded[key] = areas_from_args(scenario, args)[1]
        scenarios.append(with_inputs(scenario, args))
        areas.append(loaded[key])
    return scenarios, areas
