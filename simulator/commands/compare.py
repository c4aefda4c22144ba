"""``fundsim compare``: run 2-4 scenarios on the same draws and write what changes."""

from __future__ import annotations

import argparse
import sys

from simulator.commands.common import add_input_options, input_files, options_from_args


def register(sub) -> None:
    parser = sub.add_parser(
        "compare",
        help="compare 2-4 scenarios on the same data and draws (the first is the baseline)",
        description="Run 2-4 scenarios with the first one's seed and paths, so they share their random "
        "draws, and write each option's results and its paired difference from the first.",
    )
    parser.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="2 to 4 scenario files (.toml); the first is the baseline",
    )
    add_input_options(parser)
    parser.add_argument(
        "--threshold",
        type=float,
        default=1.0,
        metavar="POUNDS",
        help="a change of more than this many pounds per head counts as a gain or loss (default 1)",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="output file: .json (everything), .csv (the per-area exemplification table) or .xlsx",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.analysis.compare import MAX_OPTIONS, check_threshold, compare
    from simulator.analysis.compare_export import write_comparison
    from simulator.core.errors import FundsimError
    from simulator.outputs.export import check_output_path

    out = check_output_path(args.out)
    check_threshold(args.threshold)
    if not 2 <= len(args.scenarios) <= MAX_OPTIONS:
        raise FundsimError(
            f"compare takes 2 to {MAX_OPTIONS} scenario files, got {len(args.scenarios)}"
        )
    scenarios, areas = options_from_args(args.scenarios, args)
    check_output_path(out, [(role, f) for s in scenarios for role, f in input_files(s, args)])
    comparison = compare(scenarios, areas, files=args.scenarios, threshold=args.threshold)
    write_comparison(comparison, out)
    warnings = sorted({w for a in areas for w in a.warnings})
    for warning in warnings:
        print(f"fundsim: warning: {warning}", file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    return 0
