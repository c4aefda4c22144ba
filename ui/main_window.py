"""The main window: parameters on the left, headline figures and charts on the right.

A view of its :class:`ui.document.Document`, which holds the scenario being edited, its file,
the latest results, the undo history and the runs. The window shows what the document says
and hands every edit to it; its mixins (menus, files, reports) are controllers.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent
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
from simulator.core.cancel import Cancelled
from simulator.core.errors import FundsimError
from simulator.core.paths import default_scenario_path
from simulator.data.vintage import ENGLAND_2025_ATTRIBUTION
from simulator.recovery.summary import competition_warnings
from simulator.results import Results
from simulator.scenario import Scenario, load_scenario
from ui import accessibility
from ui import settings as app_settings
from ui.areas_cache import describe_source
from ui.charts.tabs import ChartTabs
from ui.dialogs.help import HelpDialog
from ui.dialogs.reading import read_in_background
from ui.document import Document
from ui.file_actions import FileActions, one_read
from ui.menus import MenuActions
from ui.panels.parameters import ParameterPanel
from ui.panels.shortcuts import commit_focused_field
from ui.panels.summary import SummaryStrip
from ui.reports.export import ReportActions
from ui.theme import apply_theme

log = logging.getLogger(__name__)

#: Data errors that choosing the right columns can fix.
MAPPABLE_PROBLEMS = (
    "no recognisable header",
    "missing required column",
    "has no population column",
)
#: Progress appears only for runs longer than this, so quick recomputes do not flicker.
PROGRESS_DELAY_MS = 300


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
    """A view of one :class:`Document`: the form, the headline cards and the charts."""

    def __init__(self, scenario_path: Path | None = None, document: Document | None = None) -> None:
        super().__init__()
        self.document = document or Document(self)
        self.setAcceptDrops(True)
        accessibility.install()  # every window's controls named for screen readers when shown
        self._build_widgets()
        self._build_actions()
        self._connect()
        room = self.screen().availableGeometry().size()  # never larger than the screen
        self.resize(min(1400, room.width()), min(860, room.height()))
        geometry = app_settings.geometry()
        if geometry is not None and not self.restoreGeometry(geometry):
            log.warning("saved window geometry could not be restored; ignored")
        path = scenario_path or default_scenario_path()
        self._load(path, quiet=scenario_path is None)
        QTimer.singleShot(0, self, self.offer_restore)

    # What the document holds, read by the views and controllers (never set here).
    @property
    def scenario(self) -> Scenario:
        return self.document.scenario

    @property
    def results(self) -> Results | None:
        return self.document.results

    @property
    def runner(self):
        """The document's runs of its scenario (other windows' jobs share its runner)."""
        return self.document.runs

    @property
    def undo_stack(self):
        return self.document.undo_stack

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
        self._shown_data = None

    def _connect(self) -> None:
        doc = self.document
        self.panel.edited.connect(doc.edit)
        self.panel.notice.connect(self.status_label.setText)
        self.panel.open_data_requested.connect(self.open_data_dialog)
        self.panel.open_population_requested.connect(self.open_population_dialog)
        self.panel.map_columns_requested.connect(lambda: self.map_columns())
        self.panel.builtin_requested.connect(self.use_builtin)
        doc.opened.connect(self._on_opened)
        doc.scenario_changed.connect(self._show_scenario)
        doc.results_changed.connect(self._on_results)
        doc.stale_changed.connect(self._show_stale)
        doc.running_changed.connect(self._on_busy)
        doc.progress.connect(self._on_progress)
        doc.problems_changed.connect(self._show_problems)
        doc.failed.connect(self._on_failed)
        doc.message.connect(self.status_label.setText)
        doc.modified_changed.connect(lambda _m: self._update_modified())
        doc.live = self.live_action.isChecked()
        self.live_action.toggled.connect(lambda on: setattr(doc, "live", on))
        self.cancel_button.clicked.connect(doc.cancel)
        self._progress_timer.timeout.connect(self._show_progress)
        self.tabs.currentChanged.connect(lambda _i: self.tabs.refresh_current())

    # ----------------------------------------------------------------- following the document
    def _on_opened(self, scenario: Scenario) -> None:
        self.tabs.search.clear()  # a search belongs to the scenario it was made in
        self.panel.set_data_info("")
        self._shown_data = None

    def _show_scenario(self, scenario: Scenario) -> None:
        """Show the document's scenario: the whole form when its data changed (the data
        label, the population file), otherwise only the fields whose value differs."""
        if scenario.data != self._shown_data:
            self.panel.set_scenario(scenario, describe_source(scenario))
            self._shown_data = scenario.data
        else:
            self.panel.show_values(scenario)
        self._update_modified()

    def _show_problems(self, problems: list) -> None:
        self.panel.mark_problems(problems)
        self.run_action.setEnabled(self.document.can_run)

    def _show_stale(self, stale: bool) -> None:
        """Results that no longer match the inputs are shown faded, with a note saying so."""
        self.summary.set_stale(stale, running=self.document.running)
        self.tabs.set_stale(stale)

    def _update_modified(self) -> None:
        """The title's ``*``: a real change not yet saved; undoing back to the saved state clears it."""
        self.setWindowModified(self.document.modified)
        name = self.scenario.path.name if self.scenario.path else "unsaved scenario"
        self.setWindowTitle(f"{self.scenario.name} ({name})[*] — fundsim")

    def set_scenario(self, scenario: Scenario) -> None:
        """Open ``scenario`` in this window's document (a new undo history)."""
        self.document.open(scenario)

    @one_read
    def _load(self, path: Path, quiet: bool = False) -> bool:
        """Open a scenario file, read on a worker thread (the window keeps working; Cancel or
        closing the window stops it and leaves the scenario on screen as it was)."""
        path = Path(path)
        try:
            self.document.load(
                path,
                lambda p: read_in_background(self, f"Reading {p.name}…", lambda: load_scenario(p)),
            )
        except Cancelled:
            self.status_label.setText(f"Opening {path.name} cancelled")
            return False
        except FundsimError as exc:
            if not quiet:
                self.show_error("Could not open the scenario", str(exc))
            return False
        if not quiet:
            app_settings.add_recent(Path(path).resolve())
        return True

    @Slot(str, object)
    def on_edited(self, dotted: str, value: object) -> None:
        """A field edited (the form's signal): the document applies it or says what is wrong."""
        self.document.edit(dotted, value)

    # ----------------------------------------------------------------- running
    def run(self) -> None:
        """Run (F5): the value being typed is taken first."""
        commit_focused_field()
        self.document.run()

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
        if self.document.running:
            self.progress.show()
            self.cancel_button.show()

    @Slot(float, str)
    def _on_progress(self, fraction: float, label: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat("%p%")
        self.progress.setToolTip(label)

    @Slot(object)
    def _on_results(self, results: Results) -> None:
        self.panel.set_indicators(results.indicators)
        self.panel.set_data_info(*describe_results_data(results))
        self.fictional_banner.setVisible(results.data.fictional)
        self.summary.set_results(results)
        self.tabs.set_results(results)

    def _on_failed(self, message: str, details: str, failed_data) -> None:
        mappable = (
            failed_data is not None
            and any(k in message for k in MAPPABLE_PROBLEMS)
            and not failed_data.source.startswith("builtin:")
        )
        if mappable:
            self.show_error(
                "The data could not be read",
                message,
                details,
                on_map=lambda: self.map_columns(self.scenario.resolve(failed_data.source)),
            )
        else:
            self.show_error("The run could not finish", message, details)

    # ----------------------------------------------------------------- other
    def show_error(self, title: str, message: str, details: str = "", on_map=None) -> QMessageBox:
        """A non-blocking warning; with ``on_map``, a "Map columns…" button that calls it."""
        log.warning("%s: %s", title, message)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if details:
            box.setDetailedText(details)
        if on_map is not None:
            button = box.addButton("Map columns…", QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(on_map)
        box.open()
        return box

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.maybe_save():
            event.ignore()
            return
        self.setWindowModified(False)  # the user has decided; do not ask again
        self._closed = True
        self.close_views()
        self.document.discard_autosave()
        app_settings.set_value("geometry", self.saveGeometry())
        self.document.shutdown()
        event.accept()
