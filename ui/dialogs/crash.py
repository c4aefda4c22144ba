"""Every exception that escapes a slot or a thread reaches the log and a dialog; none ends the app.

Qt calls :data:`sys.excepthook` for an exception raised in a slot (PySide prints it and carries
on), so installing a hook is the one place that catches them all: a user's error
(:class:`FundsimError`) gets its one-line message, anything else is logged with its traceback
and shown as an unexpected error with the details, so it can be reported.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from simulator.core.errors import FundsimError

log = logging.getLogger("fundsim.crash")

#: ``show(title, message, details)``: how a caught exception is shown (the main window's dialog).
ShowFn = Callable[[str, str, str], None]

_show: ShowFn | None = None
_showing = threading.local()


def handle(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log ``exc`` and show it; used as :data:`sys.excepthook` once :func:`install` ran."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if isinstance(exc, FundsimError):
        title, message, details = "Could not do that", str(exc), ""
        log.warning("%s", message)
    else:
        details = "".join(traceback.format_exception(kind, exc, tb))
        title, message = "Unexpected error", f"Something went wrong: {kind.__name__}: {exc}"[:500]
        log.error("unexpected error:\n%s", details)
    if (
        _show is None
        or getattr(_showing, "active", False)
        or threading.current_thread() is not threading.main_thread()
    ):
        return  # no window yet, the dialog itself failed, or not the UI thread: the log has it
    _showing.active = True
    try:
        _show(title, message, details)
    except Exception:  # noqa: BLE001 - never let the error dialog raise in its turn
        log.exception("could not show the error dialog")
    finally:
        _showing.active = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install(show: ShowFn | None) -> None:
    """Route uncaught exceptions (slots, the main thread, other threads) to the log and ``show``."""
    global _show
    _show = show
    sys.excepthook = handle
    threading.excepthook = _thread_hook
