"""The keys a sensitivity analysis can move: a table of tick boxes with each key's low and high."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem

from simulator.analysis.sensitivity.figures import format_key_value
from simulator.scenario.model import field_plausible, section_models
from ui.sensitivity.units import from_shown, key_text, metric_text, to_shown

#: Metrics offered first in the metric lists (any name from ``fundsim metrics`` can be typed).
COMMON_METRICS = [
    "endowment.prob_real_value_preserved",
    "endowment.prob_depleted",
    "endowment.value_real.p50[-1]",
    "endowment.cumulative_grants_real.mean[-1]",
    "endowment.prob_final_grants_at_least_first",
    "recovery_fund.share_to_most_deprived_decile",
    "recovery_fund.share_to_most_deprived.population_10.mean",
    "recovery_fund.concentration_index.mean",
    "recovery_fund.gini_per_capita",
    "recovery_fund.unspent.mean",
]


def plausible_keys() -> dict[str, tuple[float, float]]:
    """Every key with a declared plausible range, by section, with that range."""
    out = {}
    for section, model in section_models().items():
        for name in model.model_fields:
            span = field_plausible(model, name)
            if span is not None:
                out[f"{section}.{name}"] = (float(span[0]), float(span[1]))
    return out


def numeric_keys() -> list[str]:
    """Every number key of the scenario a sweep or goal seek may vary."""
    keys = []
    for section, model in section_models().items():
        if section == "simulation":
            continue
        for name, info in model.model_fields.items():
            if info.annotation in (int, float):
                keys.append(f"{section}.{name}")
    return keys


def fill_metrics(box: QComboBox, names: list[str], current: str | None = None) -> None:
    """Results by what they mean (the name kept as the item's data)."""
    box.blockSignals(True)
    box.clear()
    for name in dict.fromkeys(names):
        box.addItem(metric_text(name), name)
        box.setItemData(box.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
    index = box.findData(current) if current else -1
    box.setCurrentIndex(max(0, index))
    box.blockSignals(False)


def fill_keys(box: QComboBox, keys: list[str], current: str | None, none: bool = False) -> None:
    """Settings by their labels with units (the key kept as the item's data)."""
    box.blockSignals(True)
    box.clear()
    if none:
        box.addItem("(none)", None)
    for key in keys:
        box.addItem(key_text(key), key)
    index = box.findData(current) if current else -1
    box.setCurrentIndex(max(0, index))
    box.blockSignals(False)


class KeyTable(QTableWidget):
    """One row per key with a plausible range, by its label and in the form's units: tick to
    include it; low and high are editable. Keys that cannot move the metric are not offered."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Setting", "Low", "High"])
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.ranges = plausible_keys()
        for key, (low, high) in self.ranges.items():
            row = self.rowCount()
            self.insertRow(row)
            item = QTableWidgetItem(key_text(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(
                item.flags() & ~Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(
                f"Plausible range {format_key_value(key, low)} to {format_key_value(key, high)}"
            )
            self.setItem(row, 0, item)
            self.setItem(row, 1, QTableWidgetItem(to_shown(key, low)))
            self.setItem(row, 2, QTableWidgetItem(to_shown(key, high)))
        self.resizeColumnsToContents()

    def key(self, row: int) -> str:
        return self.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def offer_only(self, keys) -> None:
        """Show only ``keys`` (those that can move the chosen metric); hidden rows are unticked."""
        keys = set(keys)
        for row in range(self.rowCount()):
            hidden = self.key(row) not in keys
            self.setRowHidden(row, hidden)
            if hidden:
                self.item(row, 0).setCheckState(Qt.CheckState.Unchecked)

    def offered(self) -> list[str]:
        return [self.key(r) for r in range(self.rowCount()) if not self.isRowHidden(r)]

    def check_only(self, keys: list[str]) -> None:
        for row in range(self.rowCount()):
            self.item(row, 0).setCheckState(
                Qt.CheckState.Checked if self.key(row) in keys else Qt.CheckState.Unchecked
            )

    def chosen(self) -> dict[str, tuple[float, float]]:
        """The ticked keys and their low and high values (stored units); ValueError names a bad
        number."""
        out = {}
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item.checkState() != Qt.CheckState.Checked or self.isRowHidden(row):
                continue
            key = self.key(row)
            try:
                out[key] = (
                    from_shown(key, self.item(row, 1).text()),
                    from_shown(key, self.item(row, 2).text()),
                )
            except ValueError:
                raise ValueError(f"{key_text(key)}: low and high must be numbers") from None
        return out
