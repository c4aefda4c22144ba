"""Picking the options to compare: the current scenario, files, or a changed copy of the current."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis.compare import LETTERS, MAX_OPTIONS
from simulator.core.errors import FundsimError
from simulator.scenario import Scenario, load_scenario
from simulator.scenario.files import relocated
from ui.panels.parameters import ParameterPanel


@dataclass
class Option:
    scenario: Scenario
    source: str  # where it came from: a file name, "current scenario" or "changed copy"


class ChangedCopyDialog(QDialog):
    """Edit a copy of a scenario with the usual parameter form ("duplicate current and change")."""

    def __init__(self, scenario: Scenario, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Duplicate the current scenario and change it")
        # a copy is no longer the file it came from: its files become absolute paths and it
        # records no scenario file of its own (outputs then show its own settings, not the file's)
        self.scenario = relocated(scenario, None).updated("name", f"{scenario.name} (changed)")
        self.panel = ParameterPanel()
        self.panel.set_scenario(self.scenario, "as the current scenario")
        for button in (
            self.panel.data_button,
            self.panel.map_button,
            self.panel.population_button,
            self.panel.population_clear,
        ):
            button.setEnabled(False)  # the data stay those of the current scenario
        self.panel.edited.connect(self._edited)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #D55E00;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Change what this option does differently; it runs on the same data and draws.")
        )
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, 720)

    def _edited(self, dotted: str, value: object) -> None:
        try:
            self.scenario = self.scenario.updated(dotted, value)
        except FundsimError as exc:
            self.problem.setText(str(exc))
            self.panel.mark_problems(exc.problems or [(dotted, str(exc))])
            return
        self.problem.setText("")
        self.panel.mark_problems([])


class OptionsList(QWidget):
    """The 2-4 options; the first is the baseline (A)."""

    changed = Signal()

    def __init__(self, current, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current  # a callable returning the main window's scenario
        self.options: list[Option] = []
        self.list = QListWidget()
        self.list.setToolTip(
            "Option A is the baseline: every other option is compared with it, draw by draw"
        )
        self.add_current = QPushButton("Add the current scenario")
        self.add_file = QPushButton("Add a scenario file…")
        self.add_copy = QPushButton("Duplicate current and change…")
        self.remove = QPushButton("Remove")
        self.baseline = QPushButton("Make baseline")
        self.add_current.clicked.connect(
            lambda: self.add(Option(self.current(), "current scenario"))
        )
        self.add_file.clicked.connect(self.add_file_dialog)
        self.add_copy.clicked.connect(self.add_copy_dialog)
        self.remove.clicked.connect(self.remove_selected)
        self.baseline.clicked.connect(self.make_baseline)
        edit = QHBoxLayout()
        edit.addWidget(self.remove)
        edit.addWidget(self.baseline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Options</b> (2 to 4; A is the baseline)"))
        layout.addWidget(self.list, 1)
        for button in (self.add_current, self.add_file, self.add_copy):
            layout.addWidget(button)
        layout.addLayout(edit)
        self._refresh()

    def add(self, option: Option) -> None:
        if len(self.options) >= MAX_OPTIONS:
            return
        self.options.append(option)
        self._refresh()

    def add_file_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Add scenarios to compare", "", "Scenario files (*.toml)"
        )
        for name in names:
            try:
                self.add(Option(load_scenario(name), Path(name).name))
            except FundsimError as exc:
                QMessageBox.warning(self, "Cannot add this scenario", str(exc))

    def add_copy_dialog(self) -> None:
        dialog = ChangedCopyDialog(self.current(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add(Option(dialog.scenario, "changed copy of the current scenario"))

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

    def _refresh(self) -> None:
        self.list.clear()
        for letter, option in zip(LETTERS, self.options):
            self.list.addItem(f"{letter}: {option.scenario.name}  ({option.source})")
        full = len(self.options) >= MAX_OPTIONS
        for button in (self.add_current, self.add_file, self.add_copy):
            button.setEnabled(not full)
        self.changed.emit()
