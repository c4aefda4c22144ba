"""``fundsim sensitivity``: a tornado chart (one key at a time), Sobol indices or Morris screening."""

from __future__ import annotations

import argparse

from simulator.commands.analysis_options import add_analysis_options, finish, prepare
from simulator.core.errors import FundsimError


def register(sub) -> None:
    parser = sub.add_parser(
        "sensitivity", help="which keys move a metric most: tornado, Sobol or Morris"
    )
    add_analysis_options(parser, metrics="one")
    parser.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="KEY=LOW,HIGH",
        help="a key and its low and high value, e.g. endowment.fees=0.002,0.01; KEY alone takes its plausible range "
        "(default: every key with a plausible range that can affect the metric)",
    )
    parser.add_argument(
        "--method",
        choices=["tornado", "sobol", "morris"],
        default="tornado",
        help="default: tornado",
    )
    parser.add_argument(
        "--samples",
        type=int,
        metavar="N",
        help="Sobol: base samples, a power of two (default 64; runs = N x (keys + 2)); "
        "Morris: trajectories (default 10; runs = N x (keys + 1))",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.analysis.sensitivity.sobol import global_sensitivity
    from simulator.analysis.sensitivity.tornado import default_keys, parse_ends, plausible, tornado

    ends = dict(parse_ends(text) for text in args.vary)
    scenario, runner, bar = prepare(args, args.method)
    try:
        if not ends:
            ends = {key: plausible(key) for key in default_keys(scenario, [args.metric])}
        if args.method == "tornado":
            if args.samples is not None:
                raise FundsimError("--samples is for --method sobol or morris")
            result = tornado(scenario, ends, args.metric, runner)
        else:
            samples = (
                args.samples if args.samples is not None else (64 if args.method == "sobol" else 10)
            )
            result = global_sensitivity(scenario, ends, args.metric, runner, args.method, samples)
    finally:
        bar.close()
        runner.close()
    finish(result, args, runner, bar)
    return 0
