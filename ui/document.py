"""The document: the scenario being edited, its file, its latest results, undo and the runs.

One :class:`Document` per main window. Every window (the main one, workshop mode, Compare,
Sensitivity, the map, report export) reads the scenario and results from it, edits through it
and follows its signals; none reaches into another window. It owns the one runner
(:class:`ui.runner.Runner`) through which every window's work goes: its own runs of the scenario
(a run started from any window cancels the one in progress, and its "Out of date" state is one
truth for every view), and the Compare, Sensitivity, goal seek, report and workshop jobs, so
``busy`` is true whenever any of the document's work runs and closing the document stops it all.
It computes nothing itself and touches no widget: the engine runs on the runner's worker
thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from simulator.core.errors import FundsimError
from simulator.engine import RunMemo, run
from simulator.results import Results
from simulator.scenario import DataConfig, Scenario, load_scenario, save_scenario, with_changes
from ui.areas_cache import areas_for
from ui.autosave import AutosaveSlot
from ui.dialogs.messages import app_message, field_text
from ui.runner import RUNS_PRIORITY, Runner

log = logging.getLogger(__name__)

#: Live mode: wait this long after the last edit, then preview with this many paths.
LIVE_DEBOUNCE_MS = 60
#: The full run after a live preview starts this long after it, so the chart paints first.
REFINE_DELAY_MS = 120
LIVE_PREVIEW_PATHS = 500
#: The working scenario is autosaved this long after the last change.
AUTOSAVE_DELAY_MS = 1500


class ScenarioChange(QUndoCommand):
    """One edit of the scenario, undoable; ``restore`` puts a whole scenario back on screen.

    ``merge`` names the gesture the edit belongs to (a slider being dragged): the document
    extends this step's ``after`` rather than pushing another while the gesture lasts.
    """

    def __init__(
        self,
        restore: Callable[..., None],
        before: Scenario,
        after: Scenario,
        text: str,
        merge: str | None = None,
    ) -> None:
        super().__init__(text)
        self.restore, self.before, self.after, self.merge = restore, before, after, merge
        self._first = True

    def redo(self) -> None:
        if self._first:  # already applied when pushed
            self._first = False
            return
        self.restore(self.after)

    def undo(self) -> None:
        self.restore(self.before)


class Document(QObject):
    """The scenario being edited and everything that follows from it.

    Signals
    -------
    opened(scenario) : a different scenario replaced the old one (open, new, restore): views reset.
    scenario_changed(scenario) : any change (an edit, undo, redo, opening); views show it.
    results_changed(results) : a run finished; ``results`` are for ``results_scenario``.
    stale_changed(bool) : whether the results on screen no longer match the scenario (a run in
        progress, an edit not yet run, or a run that failed).
    busy_changed(bool) : whether any of the document's work (its runs, a comparison, a
        sensitivity analysis, a goal seek, a report, workshop mode's before/after) is going on.
    running_changed(bool), progress(fraction, label) : of the scenario's own current run.
    problems_changed(list) : ``(field, message)`` pairs to outline (an edit the model rejects, or
        the field a failed run names); empty when there are none.
    failed(message, details, data) : a run failed; ``data`` is the ``[data]`` it failed on.
    message(str) : a line for the status bar.
    modified_changed(bool) : whether there are changes not saved to the scenario's file.
    """

    opened = Signal(object)
    scenario_changed = Signal(object)
    results_changed = Signal(object)
    stale_changed = Signal(bool)
    busy_changed = Signal(bool)
    running_changed = Signal(bool)
    progress = Signal(float, str)
    problems_changed = Signal(list)
    failed = Signal(str, str, object)
    message = Signal(str)
    modified_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, autosave: bool = True) -> None:
        super().__init__(parent)
        self.scenario = Scenario()
        self.results: Results | None = None
        self.results_scenario: Scenario | None = None  # the inputs the results are for
        self.live = True
        #: This document's own autosave (per window, locked while it runs; see ui.autosave).
        self.autosave_slot = AutosaveSlot() if autosave else None
        self.problems: list[tuple[str, str]] = []
        self._pending: dict[str, object] = {}
        self._last_good_data = self.scenario.data
        self._run_scenario: Scenario | None = None
        self._running_preview = False
        self._refine_after = False
        self._forced_dirty = False
        self._merging: str | None = None
        #: Each fund's latest results, reused by a run that leaves that fund's inputs alone.
        self._memo = RunMemo()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(lambda _i: self._emit_modified())
        self.undo_stack.cleanChanged.connect(lambda _c: self._emit_modified())
        #: The one runner of all the document's work; ``runs`` are the scenario's own runs.
        self.runner = Runner(self)
        self.runner.busy_changed.connect(self.busy_changed)
        self.runs = self.runner.jobs(self, RUNS_PRIORITY)
        self.runs.progress.connect(self._on_progress)
        self.runs.finished.connect(self._on_finished)
        self.runs.failed.connect(self._on_failed)
        self.runs.problems.connect(self._set_problems)
        self.runs.cancelled.connect(self._on_cancelled)
        self.runs.busy_changed.connect(self._on_running)
        self._live_timer = self._timer(LIVE_DEBOUNCE_MS, self.live_preview)
        self._refine_timer = self._timer(REFINE_DELAY_MS, self.run)
        self._autosave_timer = self._timer(AUTOSAVE_DELAY_MS, self.autosave)

    def _timer(self, ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    # ----------------------------------------------------------------- state
    @property
    def busy(self) -> bool:
        """Any of the document's work is queued or running (in any window)."""
        return self.runner.busy

    @property
    def running(self) -> bool:
        """A run of the scenario itself is queued or running."""
        return self.runs.busy

    def jobs(self, parent: QObject, priority: int = 0):
        """A window's handle for submitting its work (a comparison, an analysis, a report) to
        the document's runner: see :class:`ui.runner.Jobs`."""
        return self.runner.jobs(parent, priority)

    @property
    def stale(self) -> bool:
        """Results are shown that do not match the scenario (or a run is replacing them)."""
        return self.results is not None and (
            self.runs.busy or self.results_scenario != self.scenario
        )

    @property
    def modified(self) -> bool:
        """Changes not saved to the file (or restored work, whatever the undo history says)."""
        return self._forced_dirty or not self.undo_stack.isClean()

    @property
    def can_run(self) -> bool:
        """No edit is waiting for a fix (an invalid value typed in a field)."""
        return not self._pending

    def _update_stale(self) -> None:
        self.stale_changed.emit(self.stale)

    def _emit_modified(self) -> None:
        try:
            self.modified_changed.emit(self.modified)
        except RuntimeError:  # the stack is being deleted with the document
            pass

    def _set_problems(self, problems: list) -> None:
        """Announce the fields to outline, only when they change (every valid edit clears
        them, and redrawing each field's outline and tooltip took ~10 ms of each edit)."""
        problems = list(problems)
        if problems != self.problems:
            self.problems = problems
            self.problems_changed.emit(problems)

    # ----------------------------------------------------------------- opening and saving
    def open(self, scenario: Scenario, modified: bool = False) -> None:
        """Make ``scenario`` the document (a file opened, a preset, restored work): the undo
        history starts again."""
        self._live_timer.stop()
        self._refine_timer.stop()
        self.scenario = scenario
        self._pending.clear()
        self._last_good_data = scenario.data
        self.undo_stack.clear()
        self.set_modified(modified)
        self._set_problems([])
        self.opened.emit(scenario)
        self.scenario_changed.emit(scenario)
        self._update_stale()

    def load(self, path: Path, read: Callable[[Path], Scenario] = load_scenario) -> Scenario:
        """Open a scenario file (FundsimError says what is wrong with it) and run it. A window
        passes a ``read`` that reads on a worker thread (see :mod:`ui.dialogs.reading`); the
        document is untouched if it raises (a bad file, or ``Cancelled``)."""
        self.open(read(path))
        self.message.emit(f"Opened {path}")
        QTimer.singleShot(0, self, self.run)  # not if the document is gone by then
        return self.scenario

    def save(self, path: Path) -> None:
        """Write the scenario to ``path`` (FundsimError/OSError on failure, the file untouched)."""
        save_scenario(self.scenario, path)
        saved = load_scenario(path)
        self.scenario = saved
        self.set_modified(False)
        self.discard_autosave()
        self.scenario_changed.emit(saved)
        self._update_stale()
        self.message.emit(f"Saved {path}")

    def set_modified(self, modified: bool) -> None:
        """Saved (False), or unsaved whatever the undo history says (True: restored work)."""
        if not modified:
            self.undo_stack.setClean()
        self._forced_dirty = modified
        self._emit_modified()

    # ----------------------------------------------------------------- editing
    def edit(self, dotted: str, value: object) -> bool:
        """One field edited in a form: applied with any still-invalid earlier edits if the model
        accepts the whole; otherwise kept pending and its problems announced."""
        if dotted.startswith("data."):
            return self.edit_data(**{dotted.removeprefix("data."): value})
        self._pending[dotted] = value
        try:
            candidate = with_changes(self.scenario, self._pending)
        except FundsimError as exc:
            self._set_problems(exc.problems or [(dotted, exc.message)])
            self.message.emit(f"Fix before running: {app_message(str(exc))}")
            return False
        self._pending.clear()
        self._set_problems([])
        self.replace(candidate, f"change to {field_text(dotted)}")
        return True

    def change(self, changes: Mapping[str, Any], text: str, merge: str | None = None) -> bool:
        """Several keys set together, validated once, as ONE undo step (a workshop slider that
        moves two funds' totals, a goal seek's answer). ``merge`` names a gesture (a slider
        being dragged): successive changes with the same name while it lasts are one step,
        until :meth:`end_gesture`."""
        try:
            candidate = with_changes(self.scenario, changes)
        except FundsimError as exc:
            self._set_problems(exc.problems or [(exc.field or "", exc.message)])
            self.message.emit(f"Not applied: {app_message(str(exc))}")
            return False
        self.replace(candidate, text, merge)
        return True

    def end_gesture(self) -> None:
        """The gesture (a slider drag) is over: the next change is a step of its own."""
        self._merging = None

    def replace(self, candidate: Scenario, text: str, merge: str | None = None) -> None:
        """Make ``candidate`` the scenario, as one undoable step; an edit that changes nothing
        is no step."""
        candidate._path, candidate._source_text = self.scenario._path, self.scenario._source_text
        if candidate == self.scenario:
            return
        before, self.scenario = self.scenario, candidate
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if (
            merge is not None
            and merge == self._merging
            and isinstance(top, ScenarioChange)
            and top.merge == merge
            and self.undo_stack.index() == self.undo_stack.count()
        ):
            top.after = candidate  # the same gesture: still one step, from where it started
        else:
            self.undo_stack.push(ScenarioChange(self._restore, before, candidate, text, merge))
        self._merging = merge
        self._changed()  # the run starts first: the forms follow while the engine works
        self.scenario_changed.emit(candidate)

    def _restore(self, scenario: Scenario, rerun: bool = True) -> None:
        """A scenario from the undo history, shown and recomputed."""
        self.scenario = scenario
        self._pending.clear()
        self._merging = None
        self._set_problems([])
        self.scenario_changed.emit(scenario)
        if rerun:
            self._changed()
        else:
            self._update_stale()

    def edit_data(self, **changes: object) -> bool:
        """Change keys of ``[data]`` together (one step) and run on the result at once."""
        try:
            data = DataConfig.model_validate({**self.scenario.data.model_dump(), **changes})
        except ValidationError as exc:
            self.failed.emit(f"Invalid data setting: {exc}", "", None)
            return False
        self.replace_and_run(self.scenario.model_copy(update={"data": data}), "Change data")
        return True

    def replace_and_run(self, candidate: Scenario, text: str) -> None:
        """A change that reads files (new data): one step, and the full run at once (no preview)."""
        self._live_timer.stop()
        live, self.live = self.live, False
        try:
            self.replace(candidate, text)
        finally:
            self.live = live
        self.run()

    def _changed(self) -> None:
        self._update_stale()
        self._autosave_timer.start()
        if self.live:
            if self.runs.busy or self._live_timer.isActive():
                self._live_timer.start()  # edits in a burst (a slider dragged): the last counts
            else:
                self.live_preview()  # the first edit starts at once
        else:
            self.message.emit("Changed: press Run (F5) to update the results")

    # ----------------------------------------------------------------- running
    def run(self, preview_paths: int | None = None) -> bool:
        """Run the scenario; with ``preview_paths``, a quick run on fewer paths (live mode)."""
        if not self.can_run:
            return False
        self._live_timer.stop()
        self._refine_timer.stop()
        scenario = self.scenario
        self._running_preview = bool(preview_paths and preview_paths < scenario.simulation.paths)
        if self._running_preview:
            scenario = scenario.updated("simulation.paths", preview_paths)
        else:
            self._refine_after = False

        memo = self._memo

        def job(progress, should_stop):
            return run(
                scenario,
                areas_for(scenario, should_stop),
                progress=progress,
                should_stop=should_stop,
                memo=memo,
            )

        if self.runner.busy and not self.runs.busy:  # another window's job has the worker
            self.message.emit("Waiting for the comparison or analysis in progress to finish…")
        else:
            self.message.emit("Previewing…" if self._running_preview else "Running…")
        self._run_scenario = self.scenario
        self.runs.start(job)
        self._update_stale()
        return True

    def live_preview(self) -> None:
        """Live mode: a quick run now, and the full run when it is done."""
        self._refine_after = True
        self.run(preview_paths=LIVE_PREVIEW_PATHS)

    def cancel(self) -> None:
        """Cancel the scenario's run (other windows' work goes on)."""
        self.runs.cancel()

    def shutdown(self) -> None:
        """Stop the timers and all the document's work (its window is closing)."""
        for timer in (self._live_timer, self._refine_timer, self._autosave_timer):
            timer.stop()
        self.runner.shutdown()

    @property
    def previewing(self) -> bool:
        return self._running_preview

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.running_changed.emit(running)
        self._update_stale()

    @Slot(float, str)
    def _on_progress(self, fraction: float, label: str) -> None:
        self.progress.emit(fraction, label)
        self.message.emit(f"{'Previewing' if self._running_preview else 'Running'}: {label}")

    @Slot(object)
    def _on_finished(self, results: Results) -> None:
        self.results = results
        self.results_scenario = self._run_scenario
        self._last_good_data = self._run_scenario.data
        if self.problems:
            self._set_problems([])
        self.results_changed.emit(results)
        self._update_stale()
        n = len(results.warnings)
        warnings = f" ({n} warning{'s' if n != 1 else ''})" if n else ""
        if self._running_preview and self._refine_after:
            self.message.emit(f"Preview from {results.paths:,} paths; refining…")
            self._refine_after = False
            self._refine_timer.start()  # after the chart has painted, unless another edit comes
            return
        method = results.recovery.measures.get("percentile_method", "exact")
        bands = "" if method == "exact" else f"; percentile bands {method}"
        self.message.emit(f"Done: {results.paths:,} paths, seed {results.seed}{bands}{warnings}")

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        failed_data = self.scenario.data
        message = app_message(message)
        if failed_data != self._last_good_data:
            self._drop_failed_data()
            message += "\n\nThe previous data are still in use."
        self._update_stale()
        self.message.emit("Run failed: the results shown are out of date")
        self.failed.emit(message, details, failed_data)

    def _on_cancelled(self) -> None:
        self.message.emit("Run cancelled")
        self._update_stale()

    def _drop_failed_data(self) -> None:
        """Go back to the data that worked: the failed step leaves the undo history (so the
        title's ``*`` and the save prompt are as before it)."""
        index = self.undo_stack.index()
        command = self.undo_stack.command(index - 1) if index > 0 else None
        if (
            isinstance(command, ScenarioChange)
            and command.after.data == self.scenario.data
            and command.before.data == self._last_good_data
        ):
            command.restore(command.before, False)
            command.setObsolete(True)  # Qt then drops it without calling undo() again
            self.undo_stack.undo()
            return
        candidate = self.scenario.model_copy(update={"data": self._last_good_data})
        candidate._path, candidate._source_text = self.scenario._path, self.scenario._source_text
        self._restore(candidate, rerun=False)

    # ----------------------------------------------------------------- autosave
    def autosave(self) -> None:
        """Keep a copy of the working scenario, so a crash loses nothing."""
        slot = self.autosave_slot
        if not self.modified or slot is None:
            return
        try:
            slot.hold()
            save_scenario(self.scenario.model_copy(deep=True), slot.path)
            slot.wrote(self.scenario.path)
        except (FundsimError, OSError) as exc:
            log.warning("autosave failed: %s", exc)

    def discard_autosave(self) -> None:
        self._autosave_timer.stop()
        if self.autosave_slot is not None:
            self.autosave_slot.discard()
