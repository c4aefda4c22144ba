"""``fundsim solve``: goal seek, the value of one key at which a metric reaches a target."""

from __future__ import annotations

import argparse
import sys

from simulator.commands.analysis_options import add_analysis_options, finish, prepare

#: Exit status when the target cannot be met in the range (the output still says so).
EXIT_NOT_FOUND = 1


def register(sub) -> None:
    parser = sub.add_parser(
        "solve", help="goal seek: the value of a key at which a metric reaches a target"
    )
    add_analysis_options(parser, metrics="one")
    parser.add_argument(
        "--vary",
        required=True,
        metavar="KEY=LOW:HIGH",
        help="the key and the range to search, e.g. endowment.spending_rate=0.02:0.08",
    )
    parser.add_argument(
        "--target", required=True, type=float, metavar="VALUE", help="the metric's target, e.g. 0.5"
    )
    parser.add_argument(
        "--goal",
        choices=["at_least", "at_most"],
        default="at_least",
        help="the answer's metric must be at least (default) or at most the target",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        metavar="T",
        help="width of the final bracket (default: the range / 1000)",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.analysis.sensitivity.goalseek import check_target, parse_range, solve

    key, low, high = parse_range(args.vary)
    check_target(args.target, args.tolerance)  # before any run
    scenario, runner, bar = prepare(args, "solve")
    try:
        result = solve(
            scenario,
            key,
            low,
            high,
            args.metric,
            args.target,
            runner,
            goal=args.goal,
            tolerance=args.tolerance,
        )
    finally:
        bar.close()
        runner.close()
    finish(result, args, runner, bar)
    print(
        result.message if result.found else f"fundsim: not found: {result.message}", file=sys.stderr
    )
    return 0 if result.found else EXIT_NOT_FOUND
