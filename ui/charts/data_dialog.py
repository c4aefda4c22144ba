""" "Show the data": the table behind a chart, with the chart's one-sentence summary.

A chart is a picture to a screen reader; this dialog gives the same numbers as a table that can
be read cell by cell, sorted, and copied (tab-separated, full precision) to paste into Excel.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from simulator.core.money import format_money
from simulator.outputs.house import ChartInfo


def cell_text(column: str, value) -> str:
    """A value as a reader wants it: money in £, shares in %, other numbers to 4 figures."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, (float, np.floating)):
        name = column.lower()
        if "£" in column:
            return format_money(float(value)) if abs(value) >= 10_000 else f"£{value:,.2f}"
        if "share" in name or "chance" in name or name.startswith("probability"):
            return f"{100 * value:.1f}%"
        if float(value).is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.4g}"
    return str(value)


def tsv(data: pd.DataFrame) -> str:
    """The table as tab-separated text with full precision (for pasting into a spreadsheet)."""
    lines = ["\t".join(map(str, data.columns))]
    for row in data.itertuples(index=False):
        cells = [
            "" if v is None else repr(float(v)) if isinstance(v, (float, np.floating)) else str(v)
            for v in row
        ]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


class _Item(QStandardItem):
    """A cell that sorts by its number, not its text."""

    def __init__(self, text: str, key) -> None:
        super().__init__(text)
        self.setEditable(False)
        self.setData(key, Qt.ItemDataRole.UserRole)

    def __lt__(self, other) -> bool:
        a, b = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


def table_model(data: pd.DataFrame) -> QStandardItemModel:
    model = QStandardItemModel(len(data), len(data.columns))
    model.setHorizontalHeaderLabels([str(c) for c in data.columns])
    for j, column in enumerate(data.columns):
        for i, value in enumerate(data[column].tolist()):
            number = isinstance(value, (int, float, np.number)) and not isinstance(value, bool)
            key = float(value) if number else str(value)
            item = _Item(cell_text(str(column), value), key)
            if number:  # numbers line up on the right, as in a spreadsheet
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            model.setItem(i, j, item)
    return model


class ChartDataDialog(QDialog):
    """The chart's summary sentence over its data table; Copy puts the table on the clipboard."""

    def __init__(self, info: ChartInfo, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(f"Data behind the chart: {title or info.title or 'chart'}")
        self.summary = QLabel(info.summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a screen reader reaches it by Tab
        self.summary.setAccessibleName("Summary of the chart")
        self.summary.setAccessibleDescription(info.summary)
        self.model = table_model(info.data)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as the chart lists them
        self.table.setAlternatingRowColors(True)
        self.table.setAccessibleName(f"Table: {title or info.title or 'chart data'}")
        self.table.setAccessibleDescription(
            f"{len(info.data):,} rows, {len(info.data.columns)} columns: {', '.join(map(str, info.data.columns))}"
        )
        self.table.resizeColumnsToContents()
        self.copy_button = QPushButton("&Copy table")
        self.copy_button.setToolTip("Copy every row as tab-separated numbers, to paste into Excel")
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.table)
        copy.activated.connect(self.copy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)
        self.table.setFocus()

    def copy(self) -> None:
        QApplication.clipboard().setText(tsv(self.info.data))


class ShowDataButton(QPushButton):
    """ "Show the data…" for a bare matplotlib canvas (the Sensitivity view, goal seek): after
    each drawing, :meth:`refresh` reads the figure's :class:`ChartInfo`, makes its summary the
    canvas's accessible description and this button's tooltip, and enables the button."""

    def __init__(self, canvas, title: str, parent: QWidget | None = None) -> None:
        super().__init__("Show the &data…", parent)
        self.canvas, self.title = canvas, title
        self.setObjectName("show_data")
        self.setEnabled(False)
        self.setToolTip("The table behind this chart, and a sentence saying what it shows")
        self.canvas.setAccessibleName(f"Chart: {title}")
        self.clicked.connect(self.show_data)
        self.info: ChartInfo | None = None
        self.dialog: ChartDataDialog | None = None

    def refresh(self) -> None:
        from simulator.outputs.house import chart_info

        self.info = chart_info(self.canvas.figure)
        summary = self.info.summary if self.info is not None else ""
        self.canvas.setAccessibleDescription(summary)
        self.setAccessibleDescription(summary)
        self.setToolTip(f"{summary}\n\nShow the table behind this chart." if summary else "")
        self.setEnabled(self.info is not None and not self.info.data.empty)

    def show_data(self) -> None:
        if self.info is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ChartDataDialog(self.info, self.info.title or self.title, self.window())
        self.dialog.show()
