"""The parameter panel: every scenario key, grouped as a user thinks about them.

It edits nothing itself: each change is announced as ``edited(dotted_key, value)`` and the
window decides. Run it on its own with ``python -m ui.panels.parameters``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from simulator.scenario import Scenario, section_models
from ui.fields import label_for, make_editor

SECTION_TITLES = {
    "recovery_fund": "Community Recovery Fund (one-off)",
    "endowment": "Levelling Up Communities Fund (endowment)",
    "simulation": "Simulation",
}

INVALID_STYLE = "border: 2px solid #D55E00; border-radius: 3px;"


class ParameterPanel(QScrollArea):
    """Scrollable form for a scenario."""

    edited = Signal(str, object)
    open_data_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.editors: dict[str, QWidget] = {}
        self._tips: dict[str, str] = {}

        scenario_box = QGroupBox("Scenario")
        form = QFormLayout(scenario_box)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setToolTip("A short name shown in charts and exports.")
        self.name_edit.editingFinished.connect(lambda: self.edited.emit("name", self.name_edit.text()))
        form.addRow("Name", self.name_edit)
        self.data_label = QLabel()
        self.data_label.setWordWrap(True)
        self.data_label.setObjectName("data_label")
        self.data_button = QPushButton("Open data file…")
        self.data_button.setToolTip("Use a CSV of areas (code, name, population, score) instead of the current data.")
        self.data_button.clicked.connect(self.open_data_requested)
        row = QHBoxLayout()
        row.addWidget(self.data_label, 1)
        row.addWidget(self.data_button)
        form.addRow("Data", row)
        layout.addWidget(scenario_box)

        for section, model in section_models().items():
            if section == "data":
                continue
            box = QGroupBox(SECTION_TITLES.get(section, section))
            box.setToolTip((model.__doc__ or "").strip())
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for key in model.model_fields:
                dotted = f"{section}.{key}"
                editor = make_editor(model, key)
                editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                editor.valueEdited.connect(lambda value, d=dotted: self.edited.emit(d, value))
                label = QLabel(label_for(key))
                label.setToolTip(editor.toolTip())
                label.setBuddy(editor)
                form.addRow(label, editor)
                self.editors[dotted] = editor
                self._tips[dotted] = editor.toolTip()
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)
        self.setMinimumWidth(380)

    def set_scenario(self, scenario: Scenario, data_text: str) -> None:
        """Show a scenario's values without emitting ``edited``."""
        self.name_edit.setText(scenario.name)
        self.data_label.setText(data_text)
        for dotted, editor in self.editors.items():
            section, key = dotted.split(".")
            editor.set_model_value(getattr(getattr(scenario, section), key))

    def mark_problems(self, problems: list[tuple[str, str]]) -> None:
        """Outline invalid fields and put the reason in their tooltip; clear the rest."""
        bad = dict(problems)
        for dotted, editor in self.editors.items():
            section, key = dotted.split(".")
            reason = bad.get(dotted)
            if reason is None and key in bad.get(section, ""):  # a rule across several keys
                reason = bad[section]
            if reason:
                editor.setStyleSheet(INVALID_STYLE)
                editor.setToolTip(f"⚠ {reason}\n\n{self._tips[dotted]}")
            else:
                editor.setStyleSheet("")
                editor.setToolTip(self._tips[dotted])


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
