"""``fundsim map``: run a scenario headless and draw one measure on a hex map of England."""

from __future__ import annotations

import argparse
import sys

from simulator.commands.common import (
    add_input_options,
    areas_from_args,
    input_files,
    scenario_from_args,
)

#: What ``--measure`` offers (a run without bid costs cannot map ``bid_costs``, and says so).
RUN_MEASURES = (
    "allocation_per_head",
    "allocation",
    "need",
    "prob_funded",
    "gain",
    "endowment_grants",
    "bid_costs",
)
#: Measures of the scenario against ``--baseline``, from the comparison engine.
COMPARISON_MEASURES = ("change", "prob_gain")


def register(sub) -> None:
    parser = sub.add_parser(
        "map", help="run a scenario and draw a hex map of one result per district"
    )
    parser.add_argument("scenario", help="scenario file (.toml)")
    add_input_options(parser)
    parser.add_argument(
        "--measure",
        default="allocation_per_head",
        choices=RUN_MEASURES + COMPARISON_MEASURES,
        help="what the map shows (default: allocation_per_head, mean £ per person); change and prob_gain need --baseline",
    )
    parser.add_argument(
        "--baseline",
        metavar="SCENARIO",
        help="compare the scenario with this one on the same draws and map the change (--measure change or prob_gain)",
    )
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="map file: .png (300 dpi), .svg or .pdf"
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.core.errors import FundsimError
    from simulator.engine import run
    from simulator.outputs.map_data import check_map_path, save_map

    check_map_path(args.out)
    if (args.measure in COMPARISON_MEASURES) != (args.baseline is not None):
        raise FundsimError(
            "--baseline goes with --measure change or prob_gain, and they need it",
            field="--measure",
        )
    if args.baseline is not None:
        out, hexmap, warnings = _comparison_map(args)
    else:
        scenario = scenario_from_args(args.scenario, args)
        check_map_path(args.out, input_files(scenario, args))
        scenario, areas = areas_from_args(scenario, args)
        results = run(scenario, areas)
        out, hexmap = save_map(results, args.measure, args.out)
        warnings = list(results.warnings)
    for warning in [*warnings, *hexmap.warnings]:
        print(f"fundsim: warning: {warning}", file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _comparison_map(args: argparse.Namespace):
    """The scenario against ``--baseline``, each on its own data (as ``fundsim compare`` runs
    them, so a pair on different data is refused or matched as compare does) and the same draws."""
    from simulator.analysis.compare import compare
    from simulator.analysis.compare_map import comparison_map_data
    from simulator.commands.common import options_from_args
    from simulator.outputs.map_data import check_map_path, save_map_data

    (baseline, scenario), areas = options_from_args(
        [args.baseline, args.scenario],
        args,
        check=lambda s: check_map_path(args.out, input_files(s, args)),
    )
    comparison = compare([baseline, scenario], areas, files=[args.baseline, args.scenario])
    out, hexmap = save_map_data(comparison_map_data(comparison, "B", args.measure), args.out)
    return out, hexmap, sorted({w for a in areas for w in a.warnings})
