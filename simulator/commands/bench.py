"""``fundsim bench``: time the engines on this machine."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    parser = sub.add_parser("bench", help="time the engines on this machine and print a table")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="leave out the largest cases")
    parser.add_argument(
        "--app",
        action="store_true",
        help="only the app's end-to-end cases: an edit to the chart repainted (needs the app installed)",
    )
    parser.add_argument(
        "--only",
        metavar="SUBSTRING",
        help="run only the cases whose name contains SUBSTRING (any case), e.g. --only competitive; "
        "the app's end-to-end cases then run only with --app; with --write only their rows are replaced",
    )
    parser.add_argument(
        "--write",
        metavar="PATH",
        help="also write the table into this Markdown file (docs/benchmarks.md)",
    )
    parser.add_argument(
        "--analysis",
        action="store_true",
        help="time sweeps, tornado and goal seek instead (and the sweep on local Dask clusters of 1 and 2 workers)",
    )
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.bench import (
        EXTRA_CASES,
        as_json,
        as_table,
        machine,
        run_benchmarks,
        selected,
        write_markdown,
    )

    if args.analysis:
        return analysis(args, machine())
    cases = [] if args.app else run_benchmarks(quick=args.quick, only=args.only)
    if args.app or not args.only:
        for extra in EXTRA_CASES:
            cases += [case for case in extra(args.quick) if selected(case.name, args.only)]
    if args.write:
        write_markdown(cases, args.write, only_these=bool(args.only))
    if args.json:
        print(as_json(cases))
    else:
        m = machine()
        print(f"Python {m['python']}, numpy {m['numpy']}, {m['cpus']} CPUs, {m['platform']}")
        print(as_table(cases))
    return 0


def analysis(args: argparse.Namespace, m: dict) -> int:
    import json
    from dataclasses import asdict

    from simulator.analysis.sensitivity import bench

    rows = bench.run_benchmarks(quick=args.quick)
    text = f"Python {m['python']}, numpy {m['numpy']}, {m['cpus']} CPUs, {m['platform']}."
    if args.write:
        bench.write_markdown(rows, args.write, text)
    if args.json:
        print(json.dumps({"machine": m, "cases": [asdict(r) for r in rows]}, indent=2))
    else:
        print(text)
        print(bench.as_table(rows))
    return 0
