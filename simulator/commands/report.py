"""``fundsim report``: a Word or PDF report of a scenario, or the comparison of several."""

from __future__ import annotations

import argparse
import sys

from simulator.commands.common import add_input_options, areas_from_args, input_files, scenario_from_args


def register(sub) -> None:
    parser = sub.add_parser("report", help="write a Word or PDF report of a scenario (several scenarios: a comparison)")
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario file(s) (.toml); two or more make a comparison")
    add_input_options(parser)
    parser.add_argument("--out", required=True, metavar="FILE", help="report file: .docx (Word) or .pdf")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the date the report carries (default today), for byte-identical output")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.core.errors import FundsimError
    from simulator.engine import run
    from simulator.report import MAX_SCENARIOS, build_report, check_report_path, report_date, write_report

    out = check_report_path(args.out)
    date = report_date(args.date)
    if len(args.scenarios) > MAX_SCENARIOS:
        raise FundsimError(f"a comparison report holds at most {MAX_SCENARIOS} scenarios, got {len(args.scenarios)}")
    runs = []
    for path in args.scenarios:
        scenario = scenario_from_args(path, args)
        check_report_path(out, input_files(scenario, args))
        scenario, areas = areas_from_args(scenario, args)
        results = run(scenario, areas)
        for warning in results.warnings:
            print(f"fundsim: warning: {path}: {warning}", file=sys.stderr)
        runs.append(results)
    document = build_report(runs, date=date, files=args.scenarios)
    write_report(document, out)
    print(f"wrote {out}", file=sys.stderr)
    return 0
