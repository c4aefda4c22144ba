"""A sortable, filterable table of per-area results; Ctrl+C copies the selection as
tab-separated text that pastes straight into Excel."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from simulator.core.money import format_per_head, format_pounds, format_share
from simulator.outputs.safe import tsv_text

COLUMNS = {
    "code": ("Code", None),
    "name": ("Area", None),
    "region": ("Region", None),
    "authority_type": ("Authority type", None),
    "population": ("Population", lambda v: f"{v:,.0f}"),
    "need": ("Need", lambda v: f"{v:,.3g}"),
    "mean": ("Mean (£)", format_pounds),
    "p5": ("5th pct (£)", format_pounds),
    "p95": ("95th pct (£)", format_pounds),
    "per_capita": ("Per head", format_per_head),
    "prob_funded": ("Chance funded", format_share),
    "gain": ("Gain vs equal per head (£)", format_pounds),
}


class FrameModel(QAbstractTableModel):
    """A read-only view of a DataFrame; sorts on the raw numbers, shows them formatted."""

    def __init__(self, frame: pd.DataFrame | None = None) -> None:
        super().__init__()
        self.set_frame(frame if frame is not None else pd.DataFrame())

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.columns = [c for c in COLUMNS if c in frame.columns]
        self.frame = frame[self.columns].reset_index(drop=True)
        # plain Python values per column, read once: the view and its sorting proxy ask for
        # thousands of cells on each fill (a pandas lookup each took 100 ms per fill)
        self._values = [self.frame[c].tolist() for c in self.columns]
        self._text: list[dict[int, str]] = [{} for _ in self.columns]
        self._rows = len(self.frame)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row, col = index.row(), index.column()
        value = self._values[col][row]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = self._text[col].get(row)
            if shown is None:
                formatter = COLUMNS[self.columns[col]][1]
                if isinstance(value, float) and np.isnan(value):
                    shown = ""
                else:
                    shown = formatter(value) if formatter else str(value)
                self._text[col][row] = shown
            return shown
        if role == Qt.ItemDataRole.UserRole:  # raw value, for sorting and copying
            return value.item() if hasattr(value, "item") else value
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[self.columns[col]][1] is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[self.columns[section]][0]
        return None


class ResultsTable(QWidget):
    """Filter box, table and a copy button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FrameModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter areas by name, code, region or type…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.copy_button = QPushButton("Copy selection")
        self.copy_button.setToolTip(
            "Copy the selected cells (or the whole table) as tab-separated text for Excel (Ctrl+C)"
        )
        self.copy_button.clicked.connect(self.copy)
        QShortcut(QKeySequence.StandardKey.Copy, self.view, activated=self.copy)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        self.filter.textChanged.connect(lambda _t: self._count())

    def _count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount():,} of {self.model.rowCount():,} areas")

    def set_frame(self, frame: pd.DataFrame) -> None:
        columns = list(frame.columns)
        self.model.set_frame(frame)
        if columns != getattr(
            self, "_columns", None
        ):  # widths from the first rows, once per layout
            self._columns = columns
            self.view.horizontalHeader().setResizeContentsPrecision(60)
            self.view.resizeColumnsToContents()
        self._count()

    def selection_text(self) -> str:
        """The selected cells (or every visible row) as tab-separated text with a header."""
        indexes = self.view.selectionModel().selectedIndexes() if self.view.selectionModel() else []
        if indexes:
            rows = sorted({i.row() for i in indexes})
            cols = sorted({i.column() for i in indexes})
        else:
            rows = list(range(self.proxy.rowCount()))
            cols = list(range(self.proxy.columnCount()))
        lines = [
            "\t".join(
                str(tsv_text(str(self.proxy.headerData(c, Qt.Orientation.Horizontal))))
                for c in cols
            )
        ]
        for r in rows:
            values = [self.proxy.index(r, c).data(Qt.ItemDataRole.UserRole) for c in cols]
            # pasted into a spreadsheet, a name like "=HYPERLINK(...)" must stay text
            lines.append(
                "\t".join(
                    "" if v is None else repr(v) if isinstance(v, float) else str(tsv_text(str(v)))
                    for v in values
                )
            )
        return "\n".join(lines) + "\n"

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.selection_text())
