"""One picked area for the whole window: clicking a hex, a chart's bar or point, or a table row
picks it, and the map, every chart and the table show it.

Charts mark the area by name (a bold, coloured label and a ring around its point or a band
behind its bar); the mark is put back after every redraw.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt, Signal

from simulator.core.text import plain_text_charts

plain_text_charts()

MARK = "#D55E00"  # Okabe-Ito vermillion
GID = "fundsim-picked-area"


def mark_area(figure, name: str | None, xy: tuple[float, float] | None = None) -> int:
    """Mark the area called ``name`` on every axes of ``figure``; returns how many marks were made.

    Tick labels and annotations equal to ``name`` turn bold and vermillion (others go back to
    normal); a band goes behind a bar whose tick label it is, and a ring round the point ``xy``
    of a scatter that labels its points.
    """
    marks = 0
    for ax in figure.axes:
        for artist in [a for a in ax.get_children() if a.get_gid() == GID]:
            artist.remove()
        ax_marks = marks
        for text in [*ax.get_yticklabels(), *ax.texts]:
            original = getattr(text, "_fundsim_original", None)
            if original is not None:  # unmark what an earlier pick marked
                text.set_color(original[0])
                text.set_fontweight(original[1])
                del text._fundsim_original
            if name is None or text.get_text() != name:
                continue
            text._fundsim_original = (text.get_color(), text.get_fontweight())
            text.set_color(MARK)
            text.set_fontweight("bold")
            marks += 1
            if text in ax.texts:
                if xy is not None:
                    ax.plot(
                        *xy,
                        marker="o",
                        markersize=14,
                        markerfacecolor="none",
                        markeredgecolor=MARK,
                        markeredgewidth=2.2,
                        gid=GID,
                    )
            else:
                y = text.get_position()[1]
                ax.axhspan(y - 0.5, y + 0.5, color=MARK, alpha=0.15, zorder=0, gid=GID)
        if name is not None and xy is not None and marks == ax_marks and _scatter_has(ax, xy):
            # a point the chart left unnamed (a scatter of many areas): ring it and name it
            ax.plot(
                *xy,
                marker="o",
                markersize=14,
                markerfacecolor="none",
                markeredgecolor=MARK,
                markeredgewidth=2.2,
                gid=GID,
            )
            ax.annotate(
                name,
                xy,
                xytext=(6, 4),
                textcoords="offset points",
                fontsize="small",
                fontweight="bold",
                color=MARK,
                gid=GID,
            )
            marks += 1
    return marks


def _scatter_has(ax, xy: tuple[float, float]) -> bool:
    """Whether a scatter on ``ax`` has a point at ``xy``."""
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            offsets = np.asarray(collection.get_offsets(), dtype=float)
            if len(offsets) and np.any(np.all(np.isclose(offsets, xy, rtol=1e-9, atol=0), axis=1)):
                return True
    return False


class AreaSelection(QObject):
    """Keeps the map, the charts and the table of a :class:`ChartTabs` on one picked area."""

    changed = Signal(str)

    def __init__(self, tabs) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.code: str | None = None
        self._updating = False
        tabs.map.area_picked.connect(self.select)
        tabs.table.view.selectionModel().selectionChanged.connect(self._from_table)
        tabs.table.proxy.modelReset.connect(self._keep_row)  # new results: the pick stays picked
        for widget, _title, _tip in tabs.charts:
            if widget is tabs.map:
                continue
            widget.after_draw.append(self._mark)
            widget.canvas.mpl_connect(
                "button_press_event", lambda event, w=widget: self._from_chart(w, event)
            )

    # ------------------------------------------------------------ lookups
    def _table(self):
        results = self.tabs.map.results
        return None if results is None else results.recovery.table

    def _row(self, code: str | None):
        table = self._table()
        if table is None or code is None:
            return None
        match = table[table["code"] == code]
        return None if match.empty else match.iloc[0]

    # ------------------------------------------------------------ picking
    def select(self, code: str | None) -> None:
        """Pick an area (a code from the results' table, or a district of a neighbourhood run)."""
        if self._updating:
            return
        self._updating = True
        try:
            self.code = code
            self.tabs.map.select(code)
            self._select_rows(code)
            for widget, _title, _tip in self.tabs.charts:
                if (
                    widget is not self.tabs.map
                    and widget.results is not None
                    and widget.figure.axes
                ):
                    self._mark(widget.figure)
                    widget.canvas.draw_idle()
        finally:
            self._updating = False
        self.changed.emit(code or "")

    def _mark(self, figure) -> None:
        row = self._row(self.code)
        xy = None
        if row is not None and "need" in row and "per_capita" in row:
            xy = (float(row["need"]), float(row["per_capita"]))
        mark_area(figure, None if row is None else str(row["name"]), xy)

    def _select_rows(self, code: str | None) -> None:
        """Select the area's row in the table (a district's neighbourhoods, for a district code)."""
        self.tabs.flush_table()  # the table fills just after the chart paints; it must be full here
        table = self._table()
        view = self.tabs.table.view
        model = self.tabs.table.model
        proxy = self.tabs.table.proxy
        chosen = QItemSelection()
        if table is not None and code is not None and "code" in model.columns:
            codes = table["code"].astype(str)
            wanted = (
                set(codes[table["lad_code"] == code])
                if "lad_code" in table and code not in set(codes)
                else {code}
            )
            column = model.columns.index("code")
            frame_codes = model.frame["code"].astype(str).to_numpy()
            for source_row in np.flatnonzero(np.isin(frame_codes, list(wanted))):
                index = proxy.mapFromSource(model.index(int(source_row), column))
                if index.isValid():
                    chosen.select(index, index)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        view.selectionModel().select(chosen, flags)
        if not chosen.isEmpty():
            view.scrollTo(chosen.indexes()[0])

    def _keep_row(self) -> None:
        if self.code is None or self._updating:
            return
        self._updating = True
        try:
            self._select_rows(self.code)
        finally:
            self._updating = False

    def _from_table(self, *_args) -> None:
        if self._updating:
            return
        rows = self.tabs.table.view.selectionModel().selectedRows()
        if len(rows) != 1:
            return
        code = (
            rows[0]
            .siblingAtColumn(self.tabs.table.model.columns.index("code"))
            .data(Qt.ItemDataRole.UserRole)
        )
        self.select(str(code))

    def _from_chart(self, widget, event) -> None:
        """A click on a bar (or its label) or a labelled point picks that area."""
        table = self._table()
        if table is None or event.inaxes is None or widget.toolbar.mode or event.xdata is None:
            return
        ax = event.inaxes
        names = table["name"].astype(str).to_numpy()
        for label in ax.get_yticklabels():
            y = label.get_position()[1]
            if abs(event.ydata - y) <= 0.45 and label.get_text() in set(names):
                self.select(
                    str(table["code"].iloc[int(np.flatnonzero(names == label.get_text())[0])])
                )
                return
        for collection in ax.collections:
            if isinstance(collection, PathCollection) and len(collection.get_offsets()) == len(
                table
            ):
                points = ax.transData.transform(np.asarray(collection.get_offsets()))
                distance = np.hypot(points[:, 0] - event.x, points[:, 1] - event.y)
                nearest = int(np.argmin(distance))
                if distance[nearest] <= 10:
                    self.select(str(table["code"].iloc[nearest]))
                return
