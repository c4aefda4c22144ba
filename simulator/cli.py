"""The ``fundsim`` command line (contract documented in ``docs/cli.md``).

``fundsim`` or ``fundsim gui [SCENARIO]`` opens the desktop app (the ``fundsim`` console script
is :mod:`ui.launcher`, which passes the app in as ``open_app``); the headless commands live in
:mod:`simulator.commands`, one module each. A user error prints one line naming the file and
field or column to stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from simulator.commands import COMMANDS
from simulator.commands.common import parse_assignment  # noqa: F401  (part of this module's API)
from simulator.core.errors import FundsimError
from simulator.outputs.house import DEFAULT as DEFAULT_STYLE
from simulator.outputs.house import PALETTES, using

EXIT_USER_ERROR = 2

#: Opens the desktop app on an optional scenario file and returns the exit status.
OpenApp = Callable[[Path | None], int]


def _parser() -> argparse.ArgumentParser:
    from simulator.core.version import __version__

    parser = argparse.ArgumentParser(
        prog="fundsim",
        description="Fund-allocation simulator: Monte Carlo allocation of a recovery fund over "
        "deprivation data, and an endowment's long-term drawdown.",
    )
    parser.add_argument("--version", action="version", version=f"fundsim {__version__}")
    sub = parser.add_subparsers(dest="command")
    gui = sub.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument("scenario", nargs="?", help="scenario file to open")
    for name in COMMANDS:
        importlib.import_module(f"simulator.commands.{name}").register(sub)
    style = {
        "choices": list(PALETTES),
        "help": "chart colours: gaf (the Government Analysis Function palette, the default) "
        "or okabe-ito",
    }
    parser.add_argument("--chart-style", default=DEFAULT_STYLE, **style)
    for command in sub.choices.values():  # also after the command: fundsim report ... --chart-style
        command.add_argument("--chart-style", default=argparse.SUPPRESS, **style)
    return parser


def cmd_gui(args: argparse.Namespace, open_app: OpenApp | None) -> int:
    if open_app is None:
        raise FundsimError(
            "the desktop app is not part of the headless engine; start it with the fundsim command "
            "(or python -m ui)"
        )
    return open_app(Path(args.scenario) if getattr(args, "scenario", None) else None)


@contextlib.contextmanager
def _exit_on_terminate():
    """Turn SIGTERM into SystemExit while a headless command runs, so a write in progress
    removes its temporary file (as on Ctrl+C) instead of leaving it behind."""
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


#: The arguments that name files, checked before any work for paths no file system can hold.
PATH_ARGUMENTS = ("scenario", "scenarios", "data", "population", "out", "analysis", "baseline")


def _check_paths(args: argparse.Namespace) -> None:
    from simulator.core.inputs import check_path_text

    for name in PATH_ARGUMENTS:
        value = getattr(args, name, None)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                check_path_text(
                    item, f"--{name}" if name not in ("scenario", "scenarios") else "scenario"
                )


def main(argv: list[str] | None = None, open_app: OpenApp | None = None) -> int:
    """Run the ``fundsim`` command. ``open_app`` opens the desktop app for ``fundsim`` and
    ``fundsim gui``; the engine never imports the app, so ``ui.launcher`` passes it in."""
    args = _parser().parse_args(argv)
    try:
        _check_paths(args)
        handler = getattr(args, "handler", None)
        if handler is not None:
            with _exit_on_terminate(), using(getattr(args, "chart_style", DEFAULT_STYLE)):
                return handler(args)
        return cmd_gui(args, open_app)
    except FundsimError as exc:
        print(f"fundsim: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("fundsim: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
