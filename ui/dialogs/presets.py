"""File › New from preset…: every bundled preset scenario, read from the installed package.

The presets ship inside the package (``simulator/_scenarios`` when installed, ``scenarios/`` in a
checkout), so this works after a plain ``pip install .`` as well as from a source folder. A preset
opens as a new, unsaved scenario: saving asks for a file and never writes over the preset.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.core.paths import scenarios_dir
from simulator.scenario import Scenario
from simulator.scenario.files import relocated


def presets() -> list[tuple[Path, str, str]]:
    """``(file, name, description)`` of every bundled preset, by name."""
    found = []
    for path in sorted(scenarios_dir().glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        found.append((path, str(raw.get("name", path.stem)), str(raw.get("description", ""))))
    return sorted(found, key=lambda item: item[1].lower())


def as_new(scenario: Scenario, preset: Path) -> Scenario:
    """The preset as an unsaved scenario (relative data paths made absolute)."""
    copy = relocated(scenario, None)
    copy._path, copy._source_text = None, None
    return copy


class PresetDialog(QDialog):
    """A list of the presets with each one's description; OK opens the chosen one."""

    def __init__(
        self, parent: QWidget | None = None, found: list[tuple[Path, str, str]] | None = None
    ) -> None:
        """``found``: the presets as :func:`presets` lists them (read by the caller on a worker
        thread); read here when not given."""
        super().__init__(parent)
        self.setWindowTitle("New scenario from a preset")
        self.list = QListWidget()
        for path, name, description in presets() if found is None else found:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(description)
            self.list.addItem(item)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.list.currentItemChanged.connect(
            lambda item, _old: self.about.setText(item.toolTip() if item else "")
        )
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Start a new scenario from one of the bundled presets:"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.about)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self.resize(520, 420)

    def path(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
