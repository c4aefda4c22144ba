"""``fundsim sweep``: one key over a range, or two over a grid, with the same seed at every point."""

from __future__ import annotations

import argparse

from simulator.commands.analysis_options import add_analysis_options, finish, prepare


def register(sub) -> None:
    parser = sub.add_parser(
        "sweep", help="run a scenario over a range of one key (or a grid of two) and record metrics"
    )
    add_analysis_options(parser)
    parser.add_argument(
        "--vary",
        required=True,
        action="append",
        metavar="KEY=START:STOP:N",
        help="a key and N evenly spaced values from START to STOP, e.g. endowment.spending_rate=0.03:0.06:7 (give two for a grid)",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.analysis.sensitivity.sweep import parse_axis, sweep

    axes = [parse_axis(text) for text in args.vary]
    scenario, runner, bar = prepare(args, "sweep")
    try:
        result = sweep(scenario, axes, args.metric, runner)
    finally:
        bar.close()
        runner.close()
    finish(result, args, runner, bar)
    return 0
