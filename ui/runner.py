"""The one place a document's work runs: off the UI thread, one job at a time, cancellable.

Each :class:`ui.document.Document` owns one :class:`Runner`. Every window of the document (the
main one, Compare, Sensitivity, goal seek, report export, workshop mode's before/after) submits
its work through its own :class:`Jobs` handle on that runner, so:

- engine work never runs twice at once: the jobs queue for one worker thread (the engine
  already spreads each run over every core), so results never depend on what else is running;
- the scenario's own runs go ahead of queued analyses (a higher priority), so an edit is shown
  as soon as the job in progress is done;
- :attr:`Runner.busy` is true whenever any of the document's work is queued or running;
- a window closing cancels its own jobs only (:meth:`Jobs.shutdown`); the document closing
  cancels them all (:meth:`Runner.shutdown`).

Starting a new job on a handle cancels that handle's job in progress (its result, if it still
arrives, is dropped). Progress, results and errors reach the windows through queued signals;
the worker never touches a widget. The engine sees only plain callables for progress and
cancellation.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from simulator.core.errors import FundsimError
from simulator.engine import Cancelled

log = logging.getLogger(__name__)

#: A job: called in the worker thread as ``job(progress=..., should_stop=...)``.
Job = Callable[..., Any]

#: Priorities: the scenario's own runs (what every view shows) before queued analyses.
RUNS_PRIORITY = 1
ANALYSIS_PRIORITY = 0


@dataclass
class _Entry:
    """A submitted job's state, shared by the UI thread and the worker."""

    jobs: Jobs
    stop: threading.Event = field(default_factory=threading.Event)
    ended: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    running: bool = False
    dropped: bool = False  # cancelled before it started: it never will


class _Signals(QObject):
    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, str, str, object)
    cancelled = Signal(int)


class _Task(QRunnable):
    def __init__(self, job_id: int, job: Job, signals: _Signals, entry: _Entry) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id, self._job, self._signals, self._entry = job_id, job, signals, entry

    def run(self) -> None:  # worker thread
        entry = self._entry
        with entry.lock:
            if entry.dropped:
                entry.ended.set()
                return
            entry.running = True
        try:
            self._run(entry.stop)
        finally:
            entry.ended.set()

    def _run(self, stop: threading.Event) -> None:
        if stop.is_set():
            self._signals.cancelled.emit(self._id)
            return
        try:
            result = self._job(
                progress=lambda frac, label: self._signals.progress.emit(self._id, frac, label),
                should_stop=stop.is_set,
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
    """A document's one runner: its jobs, in turn, on one background thread.

    Signals
    -------
    busy_changed(bool) : whether any job of the document is queued or running.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._live: dict[int, _Entry] = {}
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)

    def jobs(self, parent: QObject | None = None, priority: int = ANALYSIS_PRIORITY) -> Jobs:
        """A handle for one window's work (one job at a time), owned by ``parent``."""
        return Jobs(self, parent, priority)

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def cancel(self) -> None:
        """Ask every job, queued or running, to stop."""
        for job_id, entry in list(self._live.items()):
            if self._drop(job_id) and shiboken6.isValid(entry.jobs):
                entry.jobs._on_cancelled(job_id)  # it never started: over now

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every job and wait for the worker (the document is closing): True when it
        has stopped, every job then over (as cancelled, whatever it was about to report)."""
        self.cancel()
        done = self._pool.waitForDone(timeout_ms)
        for job_id in list(self._live):
            self._settle(job_id)
        return done

    # -- used by Jobs -----------------------------------------------------------------------
    def _submit(self, jobs: Jobs, job: Job, priority: int) -> int:
        job_id = next(self._ids)
        entry = _Entry(jobs)
        was_busy = self.busy
        self._live[job_id] = entry
        self._pool.start(_Task(job_id, job, self._signals, entry), priority)
        if not was_busy:
            self.busy_changed.emit(True)
        return job_id

    def _drop(self, job_id: int) -> bool:
        """Stop a job: True if it had not started (it never will, and is over now), False if
        it is running (it stops at its next check, and reports ``cancelled`` then)."""
        entry = self._live.get(job_id)
        if entry is None:
            return False
        with entry.lock:
            entry.stop.set()
            if entry.running:
                return False
            entry.dropped = True
        self._end(job_id)
        return True

    def _wait(self, job_id: int, timeout_ms: int) -> bool:
        """Wait for a cancelled job to stop; True when it has (it is then over)."""
        entry = self._live.get(job_id)
        if entry is not None and not entry.ended.wait(timeout_ms / 1000):
            return False
        self._settle(job_id)
        return True

    def _settle(self, job_id: int) -> None:
        """A job whose worker has stopped is over now, as cancelled (its own report, still on
        its way to this thread, is then dropped)."""
        entry = self._live.get(job_id)
        if entry is not None and entry.ended.is_set():
            self._end(job_id)
            if shiboken6.isValid(entry.jobs):
                entry.jobs._on_cancelled(job_id)

    def _end(self, job_id: int) -> _Entry | None:
        entry = self._live.pop(job_id, None)
        if entry is not None and not self._live:
            self.busy_changed.emit(False)
        return entry

    def _handle(self, job_id: int, end: bool) -> Jobs | None:
        entry = self._end(job_id) if end else self._live.get(job_id)
        if entry is None or not shiboken6.isValid(entry.jobs):
            return None  # dropped, or its window is gone
        return entry.jobs

    @Slot(int, float, str)
    def _on_progress(self, job_id: int, fraction: float, label: str) -> None:
        if (jobs := self._handle(job_id, end=False)) is not None:
            jobs._on_progress(job_id, fraction, label)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        if (jobs := self._handle(job_id, end=True)) is not None:
            jobs._on_finished(job_id, result)

    @Slot(int, str, str, object)
    def _on_failed(self, job_id: int, message: str, details: str, error: object) -> None:
        if (jobs := self._handle(job_id, end=True)) is not None:
            jobs._on_failed(job_id, message, details, error)

    @Slot(int)
    def _on_cancelled(self, job_id: int) -> None:
        if (jobs := self._handle(job_id, end=True)) is not None:
            jobs._on_cancelled(job_id)


class Jobs(QObject):
    """One window's work on the document's runner: one job at a time, a new one replacing it.

    Signals
    -------
    started : a job began.
    progress(fraction, label) : of the current job.
    finished(result) : the current job's result.
    failed(message, details) : the current job raised; ``details`` is a traceback for bugs.
    problems(list) : just before ``failed``, the ``(field, message)`` pairs a user's error names
        (empty for a bug), so a form can outline the fields.
    cancelled : the current job was cancelled.
    busy_changed(bool) : whether a job of this handle is queued or running.
    """

    started = Signal()
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, str)
    problems = Signal(list)
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(self, runner: Runner, parent: QObject | None, priority: int) -> None:
        super().__init__(parent)
        self.runner = runner
        self._priority = priority
        self._current: int | None = None

    @property
    def busy(self) -> bool:
        return self._current is not None

    def start(self, job: Job) -> int:
        """Queue ``job``, cancelling this handle's job in progress. Returns its id."""
        if self._current is not None:
            self.runner._drop(self._current)
        self._current = self.runner._submit(self, job, self._priority)
        self.started.emit()
        self.busy_changed.emit(True)
        return self._current

    def cancel(self) -> None:
        """Stop the current job: ``cancelled`` follows at once if it was still queued, or when
        it has stopped if it was running."""
        if self._current is not None and self.runner._drop(self._current):
            self._done()
            self.cancelled.emit()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel this handle's job and wait for it to stop (its window is closing); other
        windows' jobs go on."""
        current = self._current
        self.cancel()
        return current is None or self.runner._wait(current, timeout_ms)

    def _done(self) -> None:
        self._current = None
        self.busy_changed.emit(False)

    def _on_progress(self, job_id: int, fraction: float, label: str) -> None:
        if job_id == self._current:
            self.progress.emit(fraction, label)

    def _on_finished(self, job_id: int, result: object) -> None:
        if job_id == self._current:
            self._done()
            self.finished.emit(result)

    def _on_failed(self, job_id: int, message: str, details: str, error: object) -> None:
        if job_id == self._current:
            self._done()
            found = list(getattr(error, "problems", None) or [])
            if not found and getattr(error, "field", None):
                found = [(error.field, error.message)]
            self.problems.emit(found)
            self.failed.emit(message, details)

    def _on_cancelled(self, job_id: int) -> None:
        if job_id == self._current:
            self._done()
            self.cancelled.emit()
