"""The main window: parameters on the left, headline figures and charts on the right.

The window holds the scenario being edited and the latest results. Edits go through
``Scenario.updated`` (so the model validates them); runs go through the one :class:`Runner`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from simulator import __version__
from simulator.core.errors import FundsimError
from simulator.core.paths import default_scenario_path
from simulator.data.vintage import ENGLAND_2025_ATTRIBUTION
from simulator.engine import run
from simulator.recovery.summary import competition_warnings
from simulator.results import Results
from simulator.scenario import Scenario, load_scenario, with_changes
from ui import accessibility
from ui import settings as app_settings
from ui.areas_cache import areas_for, describe_source
from ui.charts.tabs import ChartTabs
from ui.dialogs.help import HelpDialog
from ui.dialogs.messages import app_message, field_text
from ui.file_actions import FileActions
from ui.menus import MenuActions
from ui.panels.parameters import ParameterPanel
from ui.panels.shortcuts import commit_focused_field
from ui.panels.summary import SummaryStrip
from ui.reports.export import ReportActions
from ui.runner import Runner
from ui.theme import apply_theme
from ui.undo import ScenarioChange

log = logging.getLogger(__name__)

#: Data errors that choosing the right columns can fix.
MAPPABLE_PROBLEMS = (
    "no recognisable header",
    "missing required column",
    "has no population column",
)
#: Progress appears only for runs longer than this, so quick recomputes do not flicker.
PROGRESS_DELAY_MS = 300
#: Live mode: wait this long after the last edit, then preview with this many paths.
LIVE_DEBOUNCE_MS = 60
#: The full run after a live preview starts this long after it, so the chart paints first.
REFINE_DELAY_MS = 120
LIVE_PREVIEW_PATHS = 500
#: The working scenario is autosaved this long after the last change.
AUTOSAVE_DELAY_MS = 1500


def describe_results_data(results: Results) -> tuple[str, str]:
    """What was recognised, short for the panel, and in full (files, rows) for its tooltip."""
    data = results.data
    level = {"lad": "districts", "lsoa": "neighbourhoods", "workshop": "fictional areas"}.get(
        data.level, "areas"
    )
    text = f"{len(results.recovery.table):,} {level}"
    if not data.fictional:
        kind = data.label.partition(" (")[2].rstrip(")")
        text += f": {kind}" if kind else ""
    about_model = set(
        competition_warnings(results.recovery)
    )  # shown on the cards, not under the data
    shown = [w for w in results.warnings if w not in about_model]
    for warning in shown:  # the first clause here, the whole warning in the tooltip
        text += f"\n⚠ {warning.split('; ')[0]}{'…' if '; ' in warning else ''}"
    files = "\n".join(
        f"{f.role}: {f.name}, {f.rows:,} rows, SHA-256 {f.sha256[:12]}…" for f in data.files
    )
    return text, "\n\n".join([files, *(f"⚠ {w}" for w in shown)])


class MainWindow(MenuActions, FileActions, ReportActions, QMainWindow):
    #: The scenario being edited changed (an edit, undo, redo, or opening data); views follow it.
    scenario_changed = Signal(object)

    def __init__(self, scenario_path: Path | None = None) -> None:
        super().__init__()
        self.scenario = Scenario()
        self.results: Results | None = None
        self._pending: dict[str, object] = {}
        self._last_good_data = self.scenario.data
        self._refine_after = False
        self._running_preview = False
        self._forced_dirty = False
        self._run_scenario: Scenario | None = None
        self._results_scenario: Scenario | None = None  # the inputs the results shown are for
        self.undo_stack = QUndoStack(self)
        self.undo_stack.indexChanged.connect(self._on_undo_index)
        self.undo_stack.cleanChanged.connect(lambda _clean: self._on_undo_index(0))
        self.runner = Runner(self)
        self.setAcceptDrops(True)
        accessibility.install()  # every window's controls named for screen readers when shown
        self._build_widgets()
        self._build_actions()
        self._connect()
        self.resize(1400, 860)
        geometry = app_settings.geometry()
        if geometry is not None and not self.restoreGeometry(geometry):
            log.warning("saved window geometry could not be restored; ignored")
        path = scenario_path or default_scenario_path()
        self._load(path, quiet=scenario_path is None)
        QTimer.singleShot(0, self.offer_restore)

    # ----------------------------------------------------------------- building
    def _build_widgets(self) -> None:
        self.panel = ParameterPanel()
        self.summary = SummaryStrip()
        self.fictional_banner = QLabel(
            "FICTIONAL DATA: the workshop areas are invented for teaching."
        )
        self.fictional_banner.setStyleSheet(
            "background: #F0E442; color: #000; padding: 4px 8px; font-weight: 600;"
        )
        self.tabs = ChartTabs()
        self.allocation_chart = self.tabs.allocation
        self.endowment_chart = self.tabs.endowment
        self.value_basis = self.tabs.value_basis
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.fictional_banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 980])
        self.setCentralWidget(splitter)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFixedWidth(160)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.status_label = QLabel("Ready")
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_DELAY_MS)
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_DEBOUNCE_MS)
        self._refine_timer = QTimer(self)
        self._refine_timer.setSingleShot(True)
        self._refine_timer.setInterval(REFINE_DELAY_MS)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)

    def _connect(self) -> None:
        self.panel.edited.connect(self.on_edited)
        self.panel.open_data_requested.connect(self.open_data_dialog)
        self.panel.open_population_requested.connect(self.open_population_dialog)
        self.panel.map_columns_requested.connect(lambda: self.map_columns())
        self.panel.builtin_requested.connect(self.use_builtin)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(lambda: self.status_label.setText("Run cancelled"))
        self.runner.cancelled.connect(lambda: self.mark_stale(self.summary.stale))
        self.runner.busy_changed.connect(self._on_busy)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self._progress_timer.timeout.connect(self._show_progress)
        self._live_timer.timeout.connect(self.live_preview)
        self._refine_timer.timeout.connect(self.run)
        self._autosave_timer.timeout.connect(self.autosave)
        self.tabs.currentChanged.connect(lambda _i: self.tabs.refresh_current())

    # ----------------------------------------------------------------- scenario
    def set_scenario(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._pending.clear()
        self._last_good_data = scenario.data
        self.panel.set_scenario(scenario, describe_source(scenario))
        self.tabs.search.clear()  # a search belongs to the scenario it was made in
        self.panel.set_data_info("")
        self.panel.mark_problems([])
        self.run_action.setEnabled(True)
        self.undo_stack.clear()
        self._set_dirty(False)

    def restore_state(self, scenario: Scenario, rerun: bool = True) -> None:
        """Show a scenario from the undo history and recompute."""
        self.scenario = scenario
        self._pending.clear()
        self.panel.set_scenario(scenario, describe_source(scenario))
        self.panel.mark_problems([])
        self.run_action.setEnabled(True)
        self.scenario_changed.emit(scenario)
        if rerun:
            self._changed()

    def _apply(self, candidate: Scenario, text: str) -> None:
        """Make ``candidate`` the scenario being edited, as one undoable step; every view of
        the scenario (this panel, workshop mode) follows. An edit that changes nothing is no step."""
        candidate._path, candidate._source_text = self.scenario._path, self.scenario._source_text
        if candidate == self.scenario:
            return
        before, self.scenario = self.scenario, candidate
        self.undo_stack.push(ScenarioChange(self.restore_state, before, candidate, text))
        self.panel.show_values(candidate)
        self.scenario_changed.emit(candidate)
        self._changed()

    def _changed(self) -> None:
        self.mark_stale(self.scenario != self._results_scenario)
        self._autosave_timer.start()
        if self.live_action.isChecked():
            if self.runner.busy or self._live_timer.isActive():
                self._live_timer.start()  # edits in a burst (a slider dragged): the last one counts
            else:
                self.live_preview()  # the first edit starts at once
        else:
            self.status_label.setText("Changed: press Run (F5) to update the results")

    def _set_dirty(self, dirty: bool) -> None:
        """Saved (False), or unsaved whatever the undo history says (True: restored work)."""
        if not dirty:
            self.undo_stack.setClean()
        self._forced_dirty = dirty
        self._update_modified()

    @Slot(int)
    def _on_undo_index(self, _index: int) -> None:
        try:
            self._update_modified()
        except RuntimeError:  # the stack is being deleted with the window
            pass

    def _update_modified(self) -> None:
        """The title's ``*``: a real change not yet saved; undoing back to the saved state clears it."""
        self.setWindowModified(self._forced_dirty or not self.undo_stack.isClean())
        name = self.scenario.path.name if self.scenario.path else "unsaved scenario"
        self.setWindowTitle(f"{self.scenario.name} ({name})[*] — fundsim")

    def _load(self, path: Path, quiet: bool = False) -> bool:
        try:
            scenario = load_scenario(path)
        except FundsimError as exc:
            if not quiet:
                self.show_error("Could not open the scenario", str(exc))
            return False
        self.set_scenario(scenario)
        if not quiet:
            app_settings.add_recent(Path(path).resolve())
        self.status_label.setText(f"Opened {path}")
        QTimer.singleShot(0, self.run)
        return True

    @Slot(str, object)
    def on_edited(self, dotted: str, value: object) -> None:
        """Apply one edit (with any still-invalid earlier edits) if the model accepts it."""
        if dotted.startswith("data."):
            self.edit_data(**{dotted.removeprefix("data."): value})
            return
        self._pending[dotted] = value
        try:
            candidate = with_changes(self.scenario, self._pending)
        except FundsimError as exc:
            self.panel.mark_problems(exc.problems)
            self.run_action.setEnabled(False)
            self.status_label.setText(f"Fix before running: {app_message(str(exc))}")
            return
        self._pending.clear()
        self.panel.mark_problems([])
        self.run_action.setEnabled(True)
        self._apply(candidate, f"change to {field_text(dotted)}")

    # ----------------------------------------------------------------- running
    def run(self, preview_paths: int | None = None) -> None:
        """Run the scenario; with ``preview_paths``, a quick run on fewer paths (live mode)."""
        commit_focused_field()
        if not self.run_action.isEnabled():
            return
        self._live_timer.stop()
        self._refine_timer.stop()
        scenario = self.scenario
        self._running_preview = bool(preview_paths and preview_paths < scenario.simulation.paths)
        if self._running_preview:
            scenario = scenario.updated("simulation.paths", preview_paths)
        else:
            self._refine_after = False

        def job(progress, should_stop):
            return run(
                scenario,
                areas_for(scenario, should_stop),
                progress=progress,
                should_stop=should_stop,
            )

        self.status_label.setText("Previewing…" if self._running_preview else "Running…")
        self._run_scenario = self.scenario
        self.runner.start(job)
        self.mark_stale(True)

    def live_preview(self) -> None:
        """Live mode: a quick run now, and the full run when it is done."""
        self._refine_after = True
        self.run(preview_paths=LIVE_PREVIEW_PATHS)

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.cancel_action.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
            self._progress_timer.start()
        else:
            self._progress_timer.stop()
            self.progress.hide()
            self.cancel_button.hide()

    def _show_progress(self) -> None:
        if self.runner.busy:
            self.progress.show()
            self.cancel_button.show()

    @Slot(float, str)
    def _on_progress(self, fraction: float, label: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat("%p%")
        self.progress.setToolTip(label)
        self.status_label.setText(
            f"{'Previewing' if self._running_preview else 'Running'}: {label}"
        )

    @Slot(object)
    def _on_finished(self, results: Results) -> None:
        self.results = results
        self._results_scenario = self._run_scenario
        self.mark_stale(self._run_scenario != self.scenario)
        self._last_good_data = self.scenario.data
        self.panel.set_indicators(results.indicators)
        self.panel.set_data_info(*describe_results_data(results))
        self.fictional_banner.setVisible(results.data.fictional)
        self.summary.set_results(results)
        self.tabs.set_results(results)
        n = len(results.warnings)
        warnings = f" ({n} warning{'s' if n != 1 else ''})" if n else ""
        if self._running_preview and self._refine_after:
            self.status_label.setText(f"Preview from {results.paths:,} paths; refining…")
            self._refine_after = False
            self._refine_timer.start()  # after the chart has painted, unless another edit comes first
            return
        method = results.recovery.measures.get("percentile_method", "exact")
        bands = "" if method == "exact" else f"; percentile bands {method}"
        self.status_label.setText(
            f"Done: {results.paths:,} paths, seed {results.seed}{bands}{warnings}"
        )

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        failed_data = self.scenario.data
        message = app_message(message)
        self.mark_stale(False)
        if failed_data != self._last_good_data:
            self._drop_failed_data()
            message += "\n\nThe previous data are still in use."
        self.status_label.setText("Run failed")
        mappable = any(
            k in message for k in MAPPABLE_PROBLEMS
        ) and not failed_data.source.startswith("builtin:")
        if mappable:
            self.show_error(
                "The data could not be read",
                message,
                details,
                on_map=lambda: self.map_columns(self.scenario.resolve(failed_data.source)),
            )
        else:
            self.show_error("The run could not finish", message, details)

    def mark_stale(self, stale: bool) -> None:
        """Results that no longer match the inputs are shown faded, with a note saying so."""
        stale = stale and self.results is not None
        self.summary.set_stale(stale, running=self.runner.busy)
        self.tabs.set_stale(stale)

    # ----------------------------------------------------------------- other
    def show_error(self, title: str, message: str, details: str = "", on_map=None) -> None:
        """A non-blocking warning; with ``on_map``, a "Map columns…" button that calls it."""
        log.warning("%s: %s", title, message)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        if details:
            box.setDetailedText(details)
        if on_map is not None:
            button = box.addButton("Map columns…", QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(on_map)
        box.open()
        self.last_error = message
        self.last_error_box = box

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About fundsim",
            f"<h3>fundsim {__version__}</h3>"
            "<p>A fund-allocation simulator for the Community Recovery Fund and the Levelling Up "
            "Communities Fund proposed in <i>Levelling Up Our Communities</i> (2020).</p>"
            f"<p>Built-in data: {ENGLAND_2025_ATTRIBUTION}. Files of the English Indices of "
            "Deprivation 2019 or 2025 are credited to their own release (MHCLG, Open Government "
            "Licence v3.0). The workshop dataset is fictional. Hex map layouts (2019 and 2025 "
            "districts) © Open Innovations, MIT licence.</p>",
        )

    def show_help(self) -> None:
        self.help_dialog = HelpDialog(self)
        self.help_dialog.show()

    def set_theme(self, name: str) -> None:
        from PySide6.QtWidgets import QApplication

        apply_theme(QApplication.instance(), name)
        app_settings.set_value("theme", name)

    def show_workshop(self) -> None:
        from ui.workshop.window import WorkshopWindow

        self.workshop = WorkshopWindow(self)
        self.workshop.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.setWindowModified(False)  # the user has decided; do not ask again
        self._live_timer.stop()
        self.discard_autosave()
        app_settings.set_value("geometry", self.saveGeometry())
        self.runner.shutdown()
        event.accept()
