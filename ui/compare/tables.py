"""The Compare view's tables: headline measures side by side, and the per-area
exemplification table (sortable, filterable, Ctrl+C copies to Excel)."""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from simulator.analysis.compare import Comparison
from simulator.analysis.compare_excel import COLUMN_LABELS
from simulator.core.money import format_in_unit, format_money, format_pounds, format_share
from ui.panels.results_table import FrameModel, ResultsTable


def signed(text_of, value: float) -> str:
    """``+£1.2m`` / ``-£3.4m`` / ``0``: a change with its sign."""
    if value is None or not math.isfinite(value):
        return "–"
    if value == 0:
        return "0"
    text = text_of(abs(value))
    return ("+" if value > 0 else "-") + text


def format_value(value: float, unit: str) -> str:
    """A comparison's value in its unit, as everywhere else; areas funded keep one decimal
    (a mean over draws, so 296.0 says every district on every draw)."""
    if unit == "areas" and value is not None and math.isfinite(value):
        return f"{value:,.1f}"
    return format_in_unit(value, unit)


def format_change(value: float, unit: str) -> str:
    if unit == "pounds":
        return signed(format_money, value)
    if unit in ("share", "probability"):
        return signed(lambda v: f"{100 * v:.1f} pts", value)
    if unit == "areas":
        return signed(lambda v: f"{v:,.1f}", value)
    return signed(lambda v: f"{v:.3f}", value)


class HeadlineTable(QTableWidget):
    """One row per headline measure and a column per option: its value and, for options other
    than the baseline, the paired difference from A with its 5-95% band (the Monte Carlo
    standard error is in the tooltip)."""

    def set_comparison(self, c: Comparison) -> None:
        k = len(c.letters)
        headers = ["Measure"] + [
            f"{L}: {o['name'][:26]}" + ("…" if len(o["name"]) > 26 else "")
            for L, o in zip(c.letters, c.options)
        ]
        self.clear()
        self.setColumnCount(len(headers))
        self.setRowCount(len(c.metrics))
        self.setHorizontalHeaderLabels(headers)
        for i, o in enumerate(c.options):
            self.horizontalHeaderItem(i + 1).setToolTip(f"{o['name']} ({o['file'] or 'not saved'})")
        self.verticalHeader().hide()
        self.setWordWrap(False)
        for r, m in enumerate(c.metrics):
            unit = m["unit"]
            item = QTableWidgetItem(m["label"])
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            self.setItem(r, 0, item)
            for i in range(k):
                text = format_value(m["values"][i], unit)
                tip = (
                    f"Mean over draws; Monte Carlo standard error ±{format_value(m['se'][i], unit)}"
                )
                if i:
                    text += (
                        f"\nvs A: {format_change(m['difference_mean'][i], unit)} "
                        f"({format_change(m['difference_p5'][i], unit)} to {format_change(m['difference_p95'][i], unit)})"
                    )
                    tip += (
                        f"\nPaired difference from A on the same draws: mean {format_change(m['difference_mean'][i], unit)}, "
                        f"5th-95th percentile {format_change(m['difference_p5'][i], unit)} to "
                        f"{format_change(m['difference_p95'][i], unit)}, standard error ±{format_value(m['difference_se'][i], unit)}"
                    )
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, i + 1, item)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.resizeRowsToContents()


def _per_head(value: float) -> str:
    return signed(lambda v: f"£{v:,.2f}" if v < 100 else f"£{v:,.0f}", value)


def _formatter(column: str):
    suffix = column[2:] if len(column) > 2 and column[1] == "_" else column
    return {
        "population": lambda v: f"{v:,.0f}",
        "mean": format_pounds,
        "p5": format_pounds,
        "p95": format_pounds,
        "per_head": lambda v: f"£{v:,.2f}",
        "rank": lambda v: f"{v:.0f}",
        "change": lambda v: signed(format_pounds, v),
        "change_p5": lambda v: signed(format_pounds, v),
        "change_p95": lambda v: signed(format_pounds, v),
        "change_pct": lambda v: signed(lambda x: f"{100 * x:.1f}%", v),
        "change_per_head": _per_head,
        "prob_gain": format_share,
        "rank_change": lambda v: f"{v:+.0f}" if v else "0",
    }.get(suffix)


class ComparisonModel(FrameModel):
    """The exemplification table: sorts on raw numbers, shows money as money."""

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.columns = list(frame.columns)
        self.frame = frame.reset_index(drop=True)
        self._rows = len(self.frame)  # what FrameModel.rowCount reads
        self.endResetModel()

    def label(self, column: str) -> str:
        if len(column) > 2 and column[1] == "_" and column[2:] in COLUMN_LABELS:
            return f"{column[0]} {COLUMN_LABELS[column[2:]]}"
        return {"code": "Code", "name": "Area", "population": "Population"}.get(column, column)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        column = self.columns[index.column()]
        value = self.frame.iat[index.row(), index.column()]
        formatter = _formatter(column)
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float) and math.isnan(value):
                return ""
            return formatter(value) if formatter else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value.item() if hasattr(value, "item") else value
        if role == Qt.ItemDataRole.TextAlignmentRole and formatter is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt API)
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.label(self.columns[section])
        return None


class AreaTable(ResultsTable):
    """Filter box, the exemplification table and a copy button."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = ComparisonModel()
        self.proxy.setSourceModel(self.model)
        self.filter.setPlaceholderText("Filter areas by name or code…")

    def set_comparison(self, c: Comparison) -> None:
        self.set_frame(c.exemplification())
