"""Reading files off the window's thread, with a progress dialog that can cancel.

Every file the app reads before a run (a data file's header to recognise it, a scenario, the
columns to map) is read here on a worker thread: a 500,000-row workbook, a network drive or a
named pipe chosen by mistake never freezes the window. The caller waits in a local event loop,
so the window keeps painting; a progress dialog appears after a moment, and Cancel returns at
once (a read stuck in the operating system is left to finish on its own daemon thread; its
result is dropped). Closing the window the read is for, or quitting, cancels it the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from simulator.core.cancel import Cancelled, stop_when
from simulator.core.errors import FundsimError

T = TypeVar("T")

#: The dialog shows only for reads longer than this, so a small file does not flash one.
SHOW_AFTER_MS = 300


class _Done(QObject):
    """Carries the worker's outcome to the UI thread (a queued signal)."""

    done = Signal(object, object)  # result, error


class _WhenClosed(QObject):
    """Calls ``cancel`` when the window it watches is closed (hidden by the program or the
    user, not minimised), so a read never outlives the window it is for."""

    def __init__(self, window: QWidget, cancel: Callable[[], None]) -> None:
        super().__init__(window)
        self._cancel = cancel
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Hide and not event.spontaneous():
            self._cancel()
        return False


def regular_file(path: Path) -> Path:
    """``path`` if it is an ordinary file; FundsimError for a folder, a pipe or a device (which
    would block or never end), or a missing file."""
    path = Path(path)
    if not path.exists():
        raise FundsimError("file not found", file=str(path))
    if not path.is_file():
        raise FundsimError(
            "is not a regular file (a folder, a named pipe or a device): choose a CSV or XLSX file",
            file=str(path),
        )
    return path


def read_in_background(parent: QWidget | None, label: str, read: Callable[[], T]) -> T:
    """Call ``read()`` on a worker thread and return its result, keeping the window alive.

    Raises what ``read`` raises (a :class:`FundsimError` to show), or :class:`Cancelled` when the
    user pressed Cancel, closed ``parent``'s window or quit. The readers poll the cancel flag
    every few thousand rows.
    """
    stop = threading.Event()
    outcome: dict[str, object] = {}
    loop = QEventLoop()
    carrier = _Done()

    def finish(result, error) -> None:
        if "done" not in outcome:
            outcome.update(done=True, result=result, error=error)
            loop.quit()

    carrier.done.connect(finish, Qt.ConnectionType.QueuedConnection)

    def work() -> None:  # worker thread: no widget is touched here
        try:
            with stop_when(stop.is_set):
                result = read()
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread, raised there
            result, error = None, exc
        else:
            error = None
        try:
            carrier.done.emit(result, error)
        except RuntimeError:  # a read left behind outlived the app: nobody is waiting for it
            pass

    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Reading")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)  # starts the clock: shown after SHOW_AFTER_MS unless done by then

    def cancel() -> None:
        stop.set()
        finish(None, Cancelled())

    dialog.canceled.connect(cancel)
    app = QCoreApplication.instance()
    app.aboutToQuit.connect(cancel)
    watcher = _WhenClosed(parent.window(), cancel) if parent is not None else None
    threading.Thread(target=work, name="fundsim-read", daemon=True).start()
    if "done" not in outcome:
        loop.exec()
    if "done" not in outcome:  # every event loop was told to exit: the app is quitting
        cancel()
    app.aboutToQuit.disconnect(cancel)
    for obj in (watcher, dialog):  # gone already if the window was deleted meanwhile
        if obj is not None and shiboken6.isValid(obj):
            if obj is dialog:
                dialog.canceled.disconnect(cancel)
                dialog.close()
            obj.deleteLater()
    error = outcome.get("error")
    if error is not None:
        raise error
    return outcome["result"]


def try_read(parent: QWidget, label: str, read: Callable[[], T], on_error) -> T | None:
    """As :func:`read_in_background`; a FundsimError goes to ``on_error(message)`` and a cancel
    returns None quietly."""
    try:
        return read_in_background(parent, label, read)
    except Cancelled:
        return None
    except FundsimError as exc:
        on_error(str(exc))
        return None
