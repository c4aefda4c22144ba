"""The one place simulations run: off the UI thread, one at a time, cancellable.

Starting a new run cancels the one in progress (its result, if it still arrives, is dropped).
Progress, results and errors reach the window through queued signals; the worker never
touches a widget. The engine sees only plain callables for progress and cancellation.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from simulator.core.errors import FundsimError
from simulator.engine import Cancelled

log = logging.getLogger(__name__)

#: A job: called in the worker thread as ``job(progress=..., should_stop=...)``.
Job = Callable[..., Any]


class _Signals(QObject):
    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, str, str, object)
    cancelled = Signal(int)


class _Task(QRunnable):
    def __init__(self, job_id: int, job: Job, signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id, self._job, self._signals, self._stop = job_id, job, signals, stop

    def run(self) -> None:  # worker thread
        if self._stop.is_set():
            self._signals.cancelled.emit(self._id)
            return
        try:
            result = self._job(
                progress=lambda frac, label: self._signals.progress.emit(self._id, frac, label),
                should_stop=self._stop.is_set,
            )
        except Cancelled:
            self._signals.cancelled.emit(self._id)
        except FundsimError as exc:
            self._signals.failed.emit(self._id, str(exc), "", exc)
        except Exception as exc:  # an engine bug: show it, log it, keep the app alive
            details = traceback.format_exc()
            log.error("run failed:\n%s", details)
            self._signals.failed.emit(self._id, f"Unexpected error: {exc}", details, None)
        else:
            self._signals.finished.emit(self._id, result)


class Runner(QObject):
    """Runs jobs in a background thread and reports on the UI thread.

    Signals
    -------
    started : a run began.
    progress(fraction, label) : of the current run.
    finished(result) : the current run's result.
    failed(message, details) : the current run raised; ``details`` is a traceback for bugs.
    problems(list) : just before ``failed``, the ``(field, message)`` pairs a user's error names
        (empty for a bug), so a form can outline the fields.
    cancelled : the current run was cancelled.
    busy_changed(bool) : whether a run is in progress.
    """

    started = Signal()
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, str)
    problems = Signal(list)
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._current: int | None = None
        self._stop: threading.Event | None = None
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)

    @property
    def busy(self) -> bool:
        return self._current is not None

    def start(self, job: Job) -> int:
        """Run ``job`` in the background, cancelling any run in progress. Returns its id."""
        if self._stop is not None:
            self._stop.set()
        job_id = next(self._ids)
        self._current = job_id
        self._stop = threading.Event()
        self._pool.start(_Task(job_id, job, self._signals, self._stop))
        self.started.emit()
        self.busy_changed.emit(True)
        return job_id

    def cancel(self) -> None:
        """Ask the current run to stop; ``cancelled`` follows when it has."""
        if self._stop is not None:
            self._stop.set()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and wait for the worker (call before the app quits)."""
        self.cancel()
        return self._pool.waitForDone(timeout_ms)

    def _done(self) -> None:
        self._current = None
        self._stop = None
        self.busy_changed.emit(False)

    @Slot(int, float, str)
    def _on_progress(self, job_id: int, fraction: float, label: str) -> None:
        if job_id == self._current:
            self.progress.emit(fraction, label)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        if job_id == self._current:
            self._done()
            self.finished.emit(result)

    @Slot(int, str, str, object)
    def _on_failed(self, job_id: int, message: str, details: str, error: object) -> None:
        if job_id == self._current:
            self._done()
            found = list(getattr(error, "problems", None) or [])
            if not found and getattr(error, "field", None):
                found = [(error.field, error.message)]
            self.problems.emit(found)
            self.failed.emit(message, details)

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        if job_id == self._current:
            self._done()
            self.cancelled.emit()
