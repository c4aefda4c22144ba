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


def _format(value: float, se: float, low: float = math.nan, high: float = math.nan) -> str:
    """``value ± se`` for a mean or a probability; ``value (low to high)`` for a percentile,
    whose interval need not be symmetric (and the value alone where none is stated)."""
    if not math.isfinite(value):
        return "-"
    text = f"{value:.6g}"
    if math.isfinite(se) and se > 0:
        text += f" ± {se:.2g}"
    elif math.isfinite(low) and math.isfinite(high) and high > low:
        text += f" ({low:.4g} to {high:.4g})"
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
    rows = []
    for name in names:
        value, se, low, high = m.value_and_interval(outcome, name)
        rows.append((name, _format(value, se, low, high), m.describe(name)))
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    header = "value ± standard error (a percentile: its 95% interval)"
    print(f"{'metric':<{width}}  {header:<{vwidth}}  meaning")
    for name, value, meaning in rows:
        print(f"{name:<{width}}  {value:<{vwidth}}  {meaning}".rstrip())
    if not args.areas:
        print(
            f"{'area:CODE.COLUMN':<{width}}  {'':<{vwidth}}  one area's value; COLUMN is one of {', '.join(m.AREA_COLUMNS)}"
        )
    return 0
