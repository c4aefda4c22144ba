"""Cancelling long work from another thread, including while a data file is being read.

The engine takes ``should_stop`` as an argument; reading a data file happens below the engine,
so a caller wraps the reading in :func:`stop_when` and the readers call :func:`check` every few
thousand rows. Both raise :class:`Cancelled`, the one exception the app's runner treats as a
cancelled run.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

_should_stop: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar(
    "should_stop", default=None
)


class Cancelled(Exception):
    """Raised when ``should_stop()`` returned True: the work was cancelled, not failed."""


@contextlib.contextmanager
def stop_when(should_stop: Callable[[], bool] | None) -> Iterator[None]:
    """Within this block (in this thread), :func:`check` raises once ``should_stop()`` is true."""
    token = _should_stop.set(should_stop)
    try:
        yield
    finally:
        _should_stop.reset(token)


def check() -> None:
    """Raise :class:`Cancelled` if the enclosing :func:`stop_when` says so."""
    should_stop = _should_stop.get()
    if should_stop is not None and should_stop():
        raise Cancelled()
