"""The ``fundsim`` command line (contract documented in ``docs/cli.md``).

``fundsim`` or ``fundsim gui [SCENARIO]`` opens the desktop app (the ``fundsim`` console script
is :mod:`ui.launcher`, which passes the app in as ``open_app``); ``fundsim run`` runs a scenario
headless and writes JSON, CSV or Excel. A user error prints one line naming the file and field
or column to stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from simulator.core.errors import FundsimError

EXIT_USER_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    from simulator.core.version import __version__

    parser = argparse.ArgumentParser(
        prog="fundsim",
        description="Fund-allocation simulator: Monte Carlo allocation of a recovery fund over "
        "deprivation data, and an endowment's long-term drawdown.",
    )
    parser.add_argument("--version", action="version", version=f"fundsim {__version__}")
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument("scenario", nargs="?", help="scenario file to open")

    run = sub.add_parser("run", help="run a scenario headless and write the results")
    run.add_argument("scenario", help="scenario file (.toml)")
    run.add_argument("--data", metavar="PATH", help="area data file, instead of the scenario's")
    run.add_argument("--population", metavar="PATH", help="population file (IoD2019 File 6/7 or code,population), instead of the scenario's")
    run.add_argument("--level", choices=["lad", "lsoa"], help="allocate over districts (lad) or neighbourhoods (lsoa)")
    run.add_argument("--paths", type=int, metavar="N", help="Monte Carlo paths, instead of the scenario's")
    run.add_argument("--seed", type=int, metavar="S", help="random seed, instead of the scenario's")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one scenario key for this run, e.g. --set recovery_fund.need_indicator=extent (repeatable)",
    )
    run.add_argument(
        "--out", required=True, metavar="FILE", help="output file: .json (everything), .csv (per-area table) or .xlsx"
    )
    bench = sub.add_parser("bench", help="time the engines on this machine and print a table")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench.add_argument("--quick", action="store_true", help="leave out the largest cases")
    bench.add_argument("--write", metavar="PATH", help="also write the table into this Markdown file (docs/benchmarks.md)")
    return parser


def cmd_bench(args: argparse.Namespace) -> int:
    from simulator.bench import as_json, as_table, machine, run_benchmarks, write_markdown

    cases = run_benchmarks(quick=args.quick)
    if args.write:
        write_markdown(cases, args.write)
    if args.json:
        print(as_json(cases))
    else:
        m = machine()
        print(f"Python {m['python']}, numpy {m['numpy']}, {m['cpus']} CPUs, {m['platform']}")
        print(as_table(cases))
    return 0


def parse_assignment(text: str) -> tuple[str, object]:
    """``"endowment.fees=0.01"`` -> ``("endowment.fees", 0.01)``; values are read as TOML
    (numbers, true/false, quoted text), and anything else is taken as text."""
    import tomllib

    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise FundsimError(f"--set needs KEY=VALUE, got {text!r}")
    try:
        parsed = tomllib.loads(f"v = {value.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        parsed = value.strip()
    return key, parsed


def cmd_run(args: argparse.Namespace) -> int:
    from simulator.data import load_areas
    from simulator.engine import run
    from simulator.outputs.export import check_output_path, write_results
    from simulator.scenario import load_scenario

    out = check_output_path(args.out)
    scenario = load_scenario(args.scenario)
    if args.paths is not None:
        scenario = scenario.updated("simulation.paths", args.paths)
    if args.seed is not None:
        scenario = scenario.updated("simulation.seed", args.seed)
    for assignment in args.set:
        key, value = parse_assignment(assignment)
        scenario = scenario.updated(key, value)
    areas = load_areas(scenario, args.data, args.population, args.level)
    if args.level is not None:
        scenario = scenario.updated("data.level", args.level)
    results = run(scenario, areas)
    write_results(results, out)
    for warning in results.warnings:
        print(f"fundsim: warning: {warning}", file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    return 0


#: Opens the desktop app on an optional scenario file and returns the exit status.
OpenApp = Callable[[Path | None], int]


def cmd_gui(args: argparse.Namespace, open_app: OpenApp | None) -> int:
    if open_app is None:
        raise FundsimError(
            "the desktop app is not part of the headless engine; start it with the fundsim command "
            "(or python -m ui)"
        )
    return open_app(Path(args.scenario) if getattr(args, "scenario", None) else None)


def main(argv: list[str] | None = None, open_app: OpenApp | None = None) -> int:
    """Run the ``fundsim`` command. ``open_app`` opens the desktop app for ``fundsim`` and
    ``fundsim gui``; the engine never imports the app, so ``ui.launcher`` passes it in."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "bench":
            return cmd_bench(args)
        return cmd_gui(args, open_app)
    except FundsimError as exc:
        print(f"fundsim: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("fundsim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
