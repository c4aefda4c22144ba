"""The parameter panel: every scenario key, grouped as a user thinks about them.

It edits nothing itself: each change is announced as ``edited(dotted_key, value)`` and the
window decides. Run it on its own with ``python -m ui.panels.parameters``.
"""

from __future__ import annotations

from typing import get_origin

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from simulator.data import BUILTINS
from simulator.scenario import DataConfig, Scenario, section_models
from simulator.scenario.applies import why_unused
from ui.panels.fields import label_for, make_editor

SECTION_TITLES = {
    "recovery_fund": "Community Recovery Fund (one-off)",
    "competition": "Competition: organisations bidding (competitive, hybrid)",
    "endowment": "Levelling Up Communities Fund (endowment)",
    "simulation": "Simulation",
}

INVALID_STYLE = "border: 2px solid #D55E00; border-radius: 3px;"


def _set_elided(label: QLabel, text: str, tooltip: str) -> None:
    """Show ``text`` shortened in the middle to fit the panel; the full text in the tooltip."""
    metrics = label.fontMetrics()
    label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, 250))
    label.setToolTip(tooltip or text)


def _buttons(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _stack(*items) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(2)
    for item in items:
        if isinstance(item, QWidget):
            column.addWidget(item)
        else:
            column.addLayout(item)
    return column


class DescriptionEdit(QPlainTextEdit):
    """A few lines of notes; the text is taken when the field is left."""

    finished = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().focusOutEvent(event)
        self.finished.emit(self.toPlainText())

    def set_text(self, text: str) -> None:
        if self.toPlainText() != text:
            self.setPlainText(text)


class ParameterPanel(QScrollArea):
    """Scrollable form for a scenario."""

    edited = Signal(str, object)
    #: A message about a field (a typed value brought into its range), shown where it happened.
    notice = Signal(str)
    open_data_requested = Signal()
    open_population_requested = Signal()
    map_columns_requested = Signal()
    #: A bundled dataset was picked by name: "builtin:england-districts-2025", "builtin:workshop".
    builtin_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(
            "background: #FFF4CC; color: #000; padding: 4px; border: 1px solid #E69F00;"
        )
        self.notice_label.hide()
        self.editors: dict[str, QWidget] = {}
        self._tips: dict[str, str] = {}
        self.labels: dict[str, QLabel] = {}
        self._unused: dict[str, str | None] = {}  # field -> why it cannot change the results
        self._problems: dict[str, str | None] = {}

        scenario_box = QGroupBox("Scenario")
        form = QFormLayout(scenario_box)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setToolTip("A short name shown in charts and exports.")
        self.name_edit.editingFinished.connect(
            lambda: self.edited.emit("name", self.name_edit.text())
        )
        form.addRow("Name", self.name_edit)
        self.description_edit = DescriptionEdit()
        self.description_edit.setObjectName("description")
        self.description_edit.setToolTip(
            "What this scenario represents: several lines are kept as written."
        )
        self.description_edit.finished.connect(lambda text: self.edited.emit("description", text))
        form.addRow("Description", self.description_edit)
        self.data_label = QLabel()
        self.data_label.setObjectName("data_label")
        # a long name ("Built-in: England: 296 districts (IoD2025)") wraps rather than widening
        # the panel past its scroll area, which would cut off every field's right edge
        self.data_label.setWordWrap(True)
        self.data_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.data_button = QPushButton("Open data file…")
        self.data_button.setToolTip(
            "Open a published English Indices of Deprivation 2025 or 2019 file (neighbourhood Files "
            "1, 2, 5, 6, 7 or the File 10 district summaries) or a CSV/XLSX table with code, name, "
            "population and score."
        )
        self.builtin_combo = QComboBox()
        self.builtin_combo.setObjectName("builtin_data")
        self.builtin_combo.setToolTip(
            "Data bundled with fundsim: England's 296 districts (English Indices of Deprivation "
            "2025, ONS mid-2022 population) or the twelve fictional workshop areas."
        )
        self.builtin_combo.addItem("Built-in data…", "")
        for name, builtin in BUILTINS.items():
            self.builtin_combo.addItem(builtin.title, f"builtin:{name}")
        self.builtin_combo.activated.connect(self._builtin_picked)
        self.data_button.clicked.connect(self.open_data_requested)
        self.data_info = QLabel()
        self.data_info.setObjectName("data_info")
        self.data_info.setWordWrap(True)
        self.data_info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.map_button = QPushButton("Map columns…")
        self.map_button.setToolTip(
            "Say which of a table's columns hold the area code, name, population and score."
        )
        self.map_button.clicked.connect(self.map_columns_requested)
        form.addRow(
            "Data",
            _stack(
                self.data_label,
                self.data_info,
                _buttons(self.data_button, self.map_button),
                _buttons(self.builtin_combo),
            ),
        )
        self.population_label = QLabel()
        self.population_button = QPushButton("Choose file…")
        self.population_button.setToolTip(
            DataConfig.model_fields["population"].description
            + " With the workshop data, choosing a population file then asks for the deprivation file."
        )
        self.population_button.clicked.connect(self.open_population_requested)
        self.population_clear = QPushButton("Clear")
        self.population_clear.setToolTip("Use the population in the data file itself.")
        self.population_clear.clicked.connect(lambda: self.edited.emit("data.population", None))
        form.addRow(
            "Population",
            _stack(self.population_label, _buttons(self.population_button, self.population_clear)),
        )
        for key in ("level", "population_measure"):
            self._add_editor(form, "data", DataConfig, key)
        layout.addWidget(scenario_box)

        for section, model in section_models().items():
            if section == "data":
                continue
            box = QGroupBox(SECTION_TITLES.get(section, section))
            box.setToolTip((model.__doc__ or "").strip())
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for key, info in model.model_fields.items():
                if get_origin(info.annotation) is list:
                    continue  # asset mixes, correlations and bands are edited in the scenario file
                self._add_editor(form, section, model, key)
            layout.addWidget(box)
        layout.addStretch(1)
        outer = QWidget()
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notice_label)
        column.addWidget(body, 1)
        self.setWidget(outer)
        self.setMinimumWidth(400)

    def _add_editor(self, form: QFormLayout, section: str, model, key: str) -> None:
        dotted = f"{section}.{key}"
        editor = make_editor(model, key)
        editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        editor.valueEdited.connect(lambda value, d=dotted: self.edited.emit(d, value))
        editor.valueEdited.connect(lambda _v: self.notice_label.hide())
        if hasattr(editor, "clamped"):
            editor.clamped.connect(lambda text, d=dotted: self._notice(d, text))
        label = QLabel(label_for(key))
        label.setToolTip(editor.toolTip())
        label.setBuddy(editor)
        form.addRow(label, editor)
        self.editors[dotted] = editor
        self.labels[dotted] = label
        self._tips[dotted] = editor.toolTip()
        self._show_tip(dotted)

    def _notice(self, dotted: str, text: str) -> None:
        """Say beside the field (and to whoever listens) that a typed value was changed."""
        self.notice_label.setText(f"ⓘ {text}")
        self.notice_label.show()
        self.ensureWidgetVisible(self.editors[dotted])
        self.notice.emit(text)

    def _builtin_picked(self, index: int) -> None:
        source = self.builtin_combo.itemData(index)
        if source:
            self.builtin_requested.emit(source)

    def _show_builtin(self, source: str) -> None:
        """The picker shows the bundled dataset in use, or its prompt when the data are a file."""
        index = self.builtin_combo.findData(source)
        self.builtin_combo.setCurrentIndex(max(index, 0))

    def set_data_info(self, text: str, details: str = "") -> None:
        """What was recognised in the data: format, level, rows, warnings."""
        self.data_info.setText(text)
        self.data_info.setToolTip(details)

    def set_indicators(self, names: list[str]) -> None:
        """Offer the need indicators the loaded data have."""
        self.editors["recovery_fund.need_indicator"].set_indicators(names)
        self.editors["recovery_fund.second_indicator"].set_indicators(names)

    def set_scenario(self, scenario: Scenario, data_text: str) -> None:
        """Show a scenario's values without emitting ``edited``."""
        from pathlib import Path

        self.name_edit.setText(scenario.name)
        self.description_edit.set_text(scenario.description)
        builtin = scenario.data.source.startswith("builtin:")
        _set_elided(self.data_label, data_text, "" if builtin else scenario.data.source)
        pop = scenario.data.population
        _set_elided(
            self.population_label, Path(pop).name if pop else "from the data file", pop or ""
        )
        self.population_clear.setEnabled(bool(pop))
        self.map_button.setEnabled(not builtin)
        self._show_builtin(scenario.data.source)
        for dotted in ("data.level", "data.population_measure"):
            self.editors[dotted].setEnabled(not builtin)
        for dotted, editor in self.editors.items():
            section, key = dotted.split(".")
            editor.set_model_value(getattr(getattr(scenario, section), key))
        self._show_applicable(scenario)

    def show_values(self, scenario: Scenario) -> None:
        """Follow a change made elsewhere (workshop mode, undo): only fields whose value differs
        are touched, so a field being typed in keeps its cursor."""
        if not self.name_edit.hasFocus() and self.name_edit.text() != scenario.name:
            self.name_edit.setText(scenario.name)
        if not self.description_edit.hasFocus():
            self.description_edit.set_text(scenario.description)
        for dotted, editor in self.editors.items():
            if dotted.startswith("data."):
                continue
            section, key = dotted.split(".")
            value = getattr(getattr(scenario, section), key)
            if editor.model_value() != value:
                editor.set_model_value(value)
        self._show_applicable(scenario)

    def _show_applicable(self, scenario: Scenario) -> None:
        """Grey out the fields that cannot change the results under the other settings (the
        reduced-form bidding keys under the organisations' competition, say), saying why."""
        for dotted in self.editors:
            if dotted.startswith("data."):
                continue
            why = why_unused(scenario, dotted)
            if why != self._unused.get(dotted):
                self._unused[dotted] = why
                self._enable(dotted)
                self._show_tip(dotted)

    def _enable(self, dotted: str) -> None:
        """Greyed out when it cannot matter, unless it is the problem to fix (a floor that a
        competitive fund cannot pay stays editable, so it can be set to 0)."""
        usable = self._unused.get(dotted) is None or bool(self._problems.get(dotted))
        self.editors[dotted].setEnabled(usable)
        self.labels[dotted].setEnabled(usable)

    def _show_tip(self, dotted: str) -> None:
        tip = self._tips[dotted]
        if self._unused.get(dotted):
            tip = f"{self._unused[dotted]}\n\n{tip}"
        if self._problems.get(dotted):
            tip = f"⚠ {self._problems[dotted]}\n\n{tip}"
        self.editors[dotted].setToolTip(tip)
        self.editors[dotted].setAccessibleDescription(" ".join(tip.split()))
        self.labels[dotted].setToolTip(tip)

    def mark_problems(self, problems: list[tuple[str, str]]) -> None:
        """Outline invalid fields and put the reason in their tooltip; clear the rest."""
        bad = dict(problems)
        for dotted, editor in self.editors.items():
            section, key = dotted.split(".")
            reason = bad.get(dotted)
            if reason is None and key in bad.get(section, ""):  # a rule across several keys
                reason = bad[section]
            if reason == self._problems.get(dotted):
                continue  # as shown already (restyling every field is slow)
            editor.setStyleSheet(INVALID_STYLE if reason else "")
            self._problems[dotted] = reason
            if not dotted.startswith("data."):
                self._enable(dotted)
            self._show_tip(dotted)


if __name__ == "__main__":  # a quick look at the panel on its own
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    panel = ParameterPanel()
    panel.set_scenario(Scenario(), "builtin:workshop")
    panel.edited.connect(lambda key, value: print(key, value))
    panel.resize(420, 800)
    panel.show()
    sys.exit(app.exec())
