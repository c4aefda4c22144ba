"""``fundsim report``: a Word or PDF report of a scenario, or the comparison of several."""

from __future__ import annotations

import argparse
import sys

from simulator.commands.common import add_input_options, input_files, options_from_args


def register(sub) -> None:
    parser = sub.add_parser(
        "report", help="write a Word or PDF report of a scenario (several scenarios: a comparison)"
    )
    parser.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="scenario file(s) (.toml); two or more make a comparison",
    )
    add_input_options(parser)
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="report file: .docx (Word) or .pdf"
    )
    parser.add_argument(
        "--analysis",
        action="append",
        default=[],
        metavar="FILE",
        help="a tornado or goal-seek result (the JSON of fundsim sensitivity or fundsim solve) to include (repeatable)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=1.0,
        metavar="POUNDS",
        help="for a comparison: a change of more than this many pounds per head counts as a gain or loss (default 1)",
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the date the report carries (default today), for byte-identical output",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.analysis.compare import check_threshold
    from simulator.core.errors import FundsimError
    from simulator.report import (
        MAX_SCENARIOS,
        build_report,
        check_report_path,
        report_date,
        write_report,
    )
    from simulator.report.runs import run_for_report

    out = check_report_path(args.out, [("analysis", path) for path in args.analysis])
    check_threshold(args.threshold)
    date = report_date(args.date)
    from simulator.report.sections.sensitivity import load_analysis

    analyses = [load_analysis(path) for path in args.analysis]
    if len(args.scenarios) > MAX_SCENARIOS:
        raise FundsimError(
            f"a comparison report holds at most {MAX_SCENARIOS} scenarios, got {len(args.scenarios)}"
        )
    scenarios, areas = options_from_args(
        args.scenarios, args, check=lambda s: check_report_path(out, input_files(s, args))
    )
    runs, extras = run_for_report(scenarios, areas, files=args.scenarios, threshold=args.threshold)
    extras["analyses"] = analyses
    for warning in sorted({w for r in runs for w in r.warnings}):
        print(f"fundsim: warning: {warning}", file=sys.stderr)
    document = build_report(runs, date=date, files=args.scenarios, extras=extras)
    write_report(document, out)
    print(f"wrote {out}", file=sys.stderr)
    return 0
