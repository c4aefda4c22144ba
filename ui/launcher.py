"""The ``fundsim`` console command.

Headless commands (``run``, ``bench``, ...) go to :func:`simulator.cli.main` without importing Qt;
``fundsim`` alone or ``fundsim gui [SCENARIO]`` opens the desktop app. The dependency runs one way:
this module knows the engine's command line, the engine never knows the app.
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.cli import main as cli_main


def open_app(scenario: Path | None) -> int:
    """Start the desktop app (imports Qt only now)."""
    from ui.app import main as gui_main

    return gui_main(scenario)


def app_bench_cases(quick: bool) -> list:
    """The app's end-to-end timings for ``fundsim bench`` (imports Qt only now)."""
    from ui.charts.latency import app_cases

    return app_cases(quick)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["bench"]:
        from simulator import bench

        if app_bench_cases not in bench.EXTRA_CASES:
            bench.EXTRA_CASES.append(app_bench_cases)
    return cli_main(argv, open_app=open_app)


if __name__ == "__main__":
    sys.exit(main())
