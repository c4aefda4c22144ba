"""What the analysis commands (sweep, sensitivity, solve) share: options, the runner, progress."""

from __future__ import annotations

import argparse
import sys
import time

from simulator.commands.common import (
    add_input_options,
    areas_from_args,
    input_files,
    scenario_from_args,
)


def add_analysis_options(parser: argparse.ArgumentParser, *, metrics: str = "many") -> None:
    """The input options plus ``--metric``, ``--out``, ``--scheduler`` and ``--workers``."""
    parser.add_argument("scenario", help="scenario file (.toml)")
    add_input_options(parser)
    parser.add_argument(
        "--metric",
        required=True,
        action="append" if metrics == "many" else "store",
        metavar="NAME",
        help="the result to measure, by its JSON path, e.g. endowment.prob_real_value_preserved or area:E06000009.mean"
        + (" (repeatable)" if metrics == "many" else "")
        + "; fundsim metrics lists them",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="output file: .json, .csv or .xlsx (native charts)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="send the runs to the workers of this Dask scheduler (e.g. tcp://10.0.0.5:8786) instead of this machine's cores",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="runs at once on this machine (default: every core)",
    )


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = int(width * done / max(total, 1))
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs, {now - self.started:.0f} s "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.last:
            self.last = 0.0
            self.stream.write("\n")
            self.stream.flush()


def prepare(args: argparse.Namespace, label: str):
    """The scenario, areas, a runner for them and the progress bar (close both when done)."""
    from simulator.analysis.sensitivity.executor import Runner, check_scheduler
    from simulator.core.budget import check_workers
    from simulator.outputs.export import check_output_path

    check_output_path(args.out)
    check_scheduler(args.scheduler)  # before any data are read or any connection is tried
    check_workers(args.workers)
    scenario = scenario_from_args(args.scenario, args)
    check_output_path(args.out, input_files(scenario, args))  # never over an input file
    scenario, areas = areas_from_args(scenario, args)
    bar = ProgressBar(label)
    metrics = args.metric if isinstance(args.metric, list) else [args.metric]
    runner = Runner(
        scenario, areas, metrics, scheduler=args.scheduler, workers=args.workers, progress=bar
    )
    return scenario, runner, bar


def finish(result, args: argparse.Namespace, runner, bar) -> None:
    """Write the result (the runner and bar are already closed)."""
    from simulator.analysis.sensitivity.export import record_of, write_analysis

    write_analysis(result, args.out, record_of(runner.scenario, runner.areas))
    for line in getattr(result, "failures", list)():
        print(f"fundsim: warning: could not run {line}", file=sys.stderr)
    print(f"wrote {args.out}", file=sys.stderr)
