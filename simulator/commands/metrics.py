"""``fundsim metrics``: list the metrics that sweeps, sensitivity and goal seek can name."""

from __future__ import annotations

import argparse
import math

from simulator.commands.common import add_input_options, areas_from_args, scenario_from_args


def register(sub) -> None:
    parser = sub.add_parser(
        "metrics",
        help="list the results a sweep, sensitivity or goal seek can name (with their values for a scenario)",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        help="scenario file (.toml); default: the built-in defaults on the workshop data",
    )
    add_input_options(parser)
    parser.add_argument(
        "--areas", action="store_true", help="also list area:CODE.mean for every area"
    )
    parser.set_defaults(handler=main)


def _format(value: float, se: float) -> str:
    if not math.isfinite(value):
        return "-"
    text = f"{value:.6g}"
    if math.isfinite(se) and se > 0:
        text += f" ± {se:.2g}"
    return text


def main(args: argparse.Namespace) -> int:
    from simulator.analysis import metrics as m
    from simulator.engine import run
    from simulator.scenario import Scenario

    if args.scenario:
        scenario = scenario_from_args(args.scenario, args)
    else:
        scenario = Scenario()
        for name in ("paths", "seed"):
            if getattr(args, name) is not None:
                scenario = scenario.updated(f"simulation.{name}", getattr(args, name))
    scenario, areas = areas_from_args(scenario, args)
    outcome = m.Outcome.from_results(run(scenario, areas))
    names = m.available(outcome)
    if args.areas:
        names += [f"area:{code}.mean" for code in outcome.table["code"].astype(str)]
    rows = [(name, _format(*m.value_and_se(outcome, name)), m.describe(name)) for name in names]
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(f"{'metric':<{width}}  {'value ± standard error':<{vwidth}}  meaning")
    for name, value, meaning in rows:
        print(f"{name:<{width}}  {value:<{vwidth}}  {meaning}".rstrip())
    if not args.areas:
        print(
            f"{'area:CODE.COLUMN':<{width}}  {'':<{vwidth}}  one area's value; COLUMN is one of {', '.join(m.AREA_COLUMNS)}"
        )
    return 0
