"""Map a table's own column names to the ones fundsim needs (code, name, population, score)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from simulator.data.headers import PLAIN_ALIASES, normalise

ROLES = {
    "code": "Area code (unique)",
    "name": "Area name",
    "population": "Population",
    "score": "Deprivation score (higher = more deprived)",
}
NONE = "(not in this file)"


class ColumnMappingDialog(QDialog):
    """One drop-down per required column, listing the file's headers."""

    def __init__(
        self,
        file_name: str,
        headers: list[str],
        current: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Map columns")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Which columns of <b>{file_name}</b> hold each of these? Population can come from a "
            "separate population file instead; the name falls back to the code."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        current = current or {}
        for role, label in ROLES.items():
            combo = QComboBox()
            combo.setObjectName(f"map_{role}")
            combo.addItem(NONE)
            combo.addItems(headers)
            guess = current.get(role) or next(
                (h for h in headers if normalise(h) in PLAIN_ALIASES[role]), None
            )
            if guess in headers:
                combo.setCurrentText(guess)
            form.addRow(label, combo)
            self.combos[role] = combo
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, str]:
        """The chosen columns, leaving out roles mapped to nothing."""
        return {
            role: combo.currentText()
            for role, combo in self.combos.items()
            if combo.currentText() != NONE
        }
