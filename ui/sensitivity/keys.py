"""The keys a sensitivity analysis can move: a table of tick boxes with each key's low and high."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from simulator.analysis.sensitivity.figures import format_key_value
from simulator.scenario.model import field_plausible, section_models

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


class KeyTable(QTableWidget):
    """One row per key with a plausible range: tick to include it; low and high are editable."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(["Key", "Low", "High"])
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.ranges = plausible_keys()
        for key, (low, high) in self.ranges.items():
            row = self.rowCount()
            self.insertRow(row)
            item = QTableWidgetItem(key)
            item.setFlags(
                item.flags() & ~Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(
                f"Plausible range {format_key_value(key, low)} to {format_key_value(key, high)}"
            )
            self.setItem(row, 0, item)
            self.setItem(row, 1, QTableWidgetItem(f"{low:g}"))
            self.setItem(row, 2, QTableWidgetItem(f"{high:g}"))
        self.resizeColumnsToContents()

    def check_only(self, keys: list[str]) -> None:
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            item.setCheckState(
                Qt.CheckState.Checked if item.text() in keys else Qt.CheckState.Unchecked
            )

    def chosen(self) -> dict[str, tuple[float, float]]:
        """The ticked keys and their low and high values; ValueError names a bad number."""
        out = {}
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            try:
                out[item.text()] = (
                    float(self.item(row, 1).text()),
                    float(self.item(row, 2).text()),
                )
            except ValueError:
                raise ValueError(f"{item.text()}: low and high must be numbers") from None
        return out
