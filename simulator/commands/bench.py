"""``fundsim bench``: time the engines on this machine."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    parser = sub.add_parser("bench", help="time the engines on this machine and print a table")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="leave out the largest cases")
    parser.add_argument("--write", metavar="PATH", help="also write the table into this Markdown file (docs/benchmarks.md)")
    parser.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    from simulator.bench import as_json, as_table, machine, run_benchmarks, write_markdown

    cases = run_benchmarks(quick=args.quick)
    if args.write:
        write_markdown(cases, args.write)
    if args.json:
        print(as_json(cases))
    else:
        m = machine()
        print(f"Python {m['python']}, numpy {m['numpy']}, {m['cpus']} CPUs, {m['platform']}")
        print(as_table(cases))
    return 0
