"""``fundsim map``: run a scenario headless and draw one measure on a hex map of England."""

from __future__ import annotations

import argparse
import sys

from simulator.commands.common import add_input_options, areas_from_args, scenario_from_args

#: What ``--measure`` offers (a run without bid costs cannot map ``bid_costs``, and says so).
RUN_MEASURES = ("allocation_per_head", "allocation", "need", "prob_funded", "gain", "endowment_grants", "bid_costs")


def register(sub) -> None:
    parser = sub.add_parser("map", help="run a scenario and draw a hex map of one result per district")
    parser.add_argument("scenario", help="scenario file (.toml)")
    add_input_options(parser)
    parser.add_argument(
        "--measure",
        default="allocation_per_head",
        choices=RUN_MEASURES,
        help="what the map shows (default: allocation_per_head, mean £ per person)",
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="map file: .png (300 dpi), .svg or .pdf")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.engine import run
    from simulator.outputs.map_files import check_map_path, save_map

    check_map_path(args.out)
    scenario = scenario_from_args(args.scenario, args)
    scenario, areas = areas_from_args(scenario, args)
    results = run(scenario, areas)
    out, hexmap = save_map(results, args.measure, args.out)
    for warning in [*results.warnings, *hexmap.warnings]:
        print(f"fundsim: warning: {warning}", file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    return 0
