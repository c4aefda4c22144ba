"""Picking the options to compare: the current scenario, files, or a changed copy; any option
can be edited in place with the same parameter form as the main window.

The form greys out what cannot matter by the same rule table as the main panel
(:mod:`simulator.scenario.applies`), re-read after every edit, so switching an option to
competitive bidding makes its rounds and organisations editable at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis.compare import LETTERS, MAX_OPTIONS
from simulator.core.cancel import Cancelled
from simulator.core.errors import FundsimError
from simulator.scenario import Scenario, load_scenario, with_changes
from simulator.scenario.files import relocated
from ui.areas_cache import describe_source
from ui.dialogs.files import ask_open_files
from ui.dialogs.messages import app_message
from ui.dialogs.reading import read_in_background
from ui.panels.parameters import ParameterPanel


@dataclass
class Option:
    """One option: its scenario, and the file it is exactly (None: made or changed here, unsaved)."""

    scenario: Scenario
    file: Path | None = None

    @property
    def origin(self) -> str:
        return self.file.name if self.file is not None else "unsaved"


class OptionEditor(QDialog):
    """An option's settings in the main window's parameter form; OK keeps them.

    Edits are checked as the main window checks them: a value the model refuses is outlined
    with the reason (and OK waits for it), and which fields apply follows every change.
    """

    def __init__(self, scenario: Scenario, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.scenario = scenario
        self._pending: dict[str, object] = {}
        self.panel = ParameterPanel()
        self.panel.set_scenario(scenario, describe_source(scenario))
        for button in (
            self.panel.data_button,
            self.panel.map_button,
            self.panel.population_button,
            self.panel.population_clear,
        ):
            button.setEnabled(False)  # the data stay those the option was made with
        for dotted in ("data.level", "data.population_measure"):
            self.panel.editors[dotted].setEnabled(False)
        self.panel.edited.connect(self.edit)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #D55E00;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Change what this option does differently; it runs on the same data and draws.")
        )
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(560, 760)

    def edit(self, dotted: str, value: object) -> bool:
        """One field changed: kept with any earlier edit still waiting for a fix, if valid."""
        if dotted.startswith("data."):
            return False
        self._pending[dotted] = value
        try:
            candidate = with_changes(self.scenario, self._pending)
        except FundsimError as exc:
            self.problem.setText(app_message(str(exc)))
            self.panel.mark_problems(exc.problems or [(dotted, exc.message)])
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return False
        self._pending.clear()
        self.scenario = candidate
        self.problem.setText("")
        self.panel.mark_problems([])
        self.panel.show_values(candidate)  # which fields apply, by the same rules as the main form
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        return True


class OptionsList(QWidget):
    """The 2-4 options; the first is the baseline (A). ``document`` gives the current scenario."""

    changed = Signal()

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.options: list[Option] = []
        self.list = QListWidget()
        self.list.setToolTip(
            "Option A is the baseline: every other option is compared with it, draw by draw. "
            "Double-click an option to change it."
        )
        self.add_current = QPushButton("Add the current scenario")
        self.add_file = QPushButton("Add a scenario file…")
        self.add_copy = QPushButton("Duplicate current and change…")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Change the selected option's settings")
        self.remove = QPushButton("Remove")
        self.baseline = QPushButton("Make baseline")
        self.add_current.clicked.connect(self.add_current_scenario)
        self.add_file.clicked.connect(self.add_file_dialog)
        self.add_copy.clicked.connect(lambda: self.add_copy_dialog())
        self.edit_button.clicked.connect(lambda: self.edit_dialog())
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_dialog())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.remove.clicked.connect(self.remove_selected)
        self.baseline.clicked.connect(self.make_baseline)
        edit = QHBoxLayout()
        for button in (self.edit_button, self.remove, self.baseline):
            edit.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Options</b> (2 to 4; A is the baseline)"))
        layout.addWidget(self.list, 1)
        for button in (self.add_current, self.add_file, self.add_copy):
            layout.addWidget(button)
        layout.addLayout(edit)
        self._refresh()

    def label(self, row: int) -> str:
        """How an option is named in messages: its letter and its own file, or "unsaved"."""
        return f"option {LETTERS[row]} ({self.options[row].origin})"

    def add(self, option: Option) -> None:
        if len(self.options) >= MAX_OPTIONS:
            return
        self.options.append(option)
        self._refresh()
        self.list.setCurrentRow(len(self.options) - 1)

    def add_current_scenario(self) -> None:
        current = self.document.scenario
        exact = current.path if current.path is not None and not self.document.modified else None
        self.add(Option(current, exact))

    def add_file_dialog(self) -> None:
        for path in ask_open_files(self, "Add scenarios to compare", "Scenario files (*.toml)"):
            try:
                scenario = read_in_background(
                    self, f"Reading {path.name}…", lambda p=path: load_scenario(p)
                )
            except FundsimError as exc:
                QMessageBox.warning(self, "Cannot add this scenario", str(exc))
                continue
            except Cancelled:
                continue
            self.add(Option(scenario, path))

    def add_copy_dialog(self, accept=None) -> OptionEditor:
        """A changed copy of the current scenario, edited before it is added (``accept``, for a
        caller that drives the dialog itself, is called instead of waiting for it)."""
        current = self.document.scenario
        # a copy is no longer the file it came from: its data paths become absolute
        copy = with_changes(relocated(current, None), {"name": f"{current.name} (changed)"})
        letter = LETTERS[len(self.options)] if len(self.options) < MAX_OPTIONS else "?"
        dialog = OptionEditor(
            copy, f"Option {letter}: a changed copy of the current scenario", self
        )
        dialog.accepted.connect(lambda: self.add(Option(dialog.scenario, None)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def edit_dialog(self, row: int | None = None) -> OptionEditor | None:
        """Change an option in place; it becomes unsaved (its file no longer says what it is)."""
        row = self.list.currentRow() if row is None else row
        if not 0 <= row < len(self.options):
            return None
        option = self.options[row]
        dialog = OptionEditor(option.scenario, f"Option {LETTERS[row]}: change it", self)

        def keep() -> None:
            if dialog.scenario != option.scenario:
                self.options[row] = Option(dialog.scenario, None)
                self._refresh()
                self.list.setCurrentRow(row)

        dialog.accepted.connect(keep)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.options):
            del self.options[row]
            self._refresh()

    def make_baseline(self) -> None:
        row = self.list.currentRow()
        if 0 < row < len(self.options):
            self.options.insert(0, self.options.pop(row))
            self._refresh()
            self.list.setCurrentRow(0)

    def _enable(self) -> None:
        full = len(self.options) >= MAX_OPTIONS
        for button in (self.add_current, self.add_file, self.add_copy):
            button.setEnabled(not full)
        picked = 0 <= self.list.currentRow() < len(self.options)
        for button in (self.edit_button, self.remove):
            button.setEnabled(picked)
        self.baseline.setEnabled(picked and self.list.currentRow() > 0)

    def _refresh(self) -> None:
        self.list.clear()
        for letter, option in zip(LETTERS, self.options):
            self.list.addItem(f"{letter}: {option.scenario.name}  ({option.origin})")
        self._enable()
        self.changed.emit()
