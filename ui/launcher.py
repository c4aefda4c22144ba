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


def main(argv: list[str] | None = None) -> int:
    return cli_main(argv, open_app=open_app)


if __name__ == "__main__":
    sys.exit(main())
