"""``fundsim run``: run a scenario headless and write JSON, CSV or Excel."""

from __future__ import annotations

import argparse
import sys

from simulator.commands.common import (
    add_input_options,
    areas_from_args,
    input_files,
    scenario_from_args,
)


def register(sub) -> None:
    parser = sub.add_parser("run", help="run a scenario headless and write the results")
    parser.add_argument("scenario", help="scenario file (.toml)")
    add_input_options(parser)
    parser.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="output file: .json (everything), .csv (per-area table) or .xlsx",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.engine import run
    from simulator.outputs.export import check_output_path, write_results

    out = check_output_path(args.out)
    scenario = scenario_from_args(args.scenario, args)
    check_output_path(out, input_files(scenario, args))
    scenario, areas = areas_from_args(scenario, args)
    results = run(scenario, areas)
    write_results(results, out)
    for warning in results.warnings:
        print(f"fundsim: warning: {warning}", file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    return 0
