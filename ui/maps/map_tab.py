"""A hex map of the latest results: choose what it shows, hover for a district's name, value
and band, click to pick it (every chart and the table follow), zoom and save at print quality.

The drawing is :func:`simulator.outputs.map_data.draw_results_map`, the same as the command line
and the exports use.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QComboBox, QLabel, QToolTip, QWidget

from simulator.core.errors import FundsimError
from simulator.outputs.map_data import MEASURES, available, draw_results_map, results_map_figure
from simulator.results import Results
from ui.charts.base import ChartWidget
from ui.charts.style import PRINT_SIZE_IN

#: What the menu offers from one run (a comparison's maps come from the Compare view).
RUN_MEASURES = [m for m in MEASURES.values() if m.key not in ("change", "prob_gain")]


class MapWidget(ChartWidget):
    """The map of one measure of the latest results; ``area_picked`` carries a clicked area's code."""

    area_picked = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, choose: bool = True) -> None:
        super().__init__(self._draw_map, "Press Run to see the map.", parent, name="map")
        self.hexmap = None
        self.selected: str | None = None
        #: Values the colour scale must reach too (workshop mode shares one scale before and after).
        self.limits: tuple[float, float] | None = None
        self.measure = QComboBox()
        for m in RUN_MEASURES:
            self.measure.addItem(m.label, m.key)
            self.measure.setItemData(self.measure.count() - 1, m.help, role=3)  # Qt.ToolTipRole
        self.measure.setToolTip(
            "What the map shows; each hex is one district (or workshop area), all the same size"
        )
        self.measure.currentIndexChanged.connect(lambda _i: self.redraw())
        self.hover = QLabel(
            "Hover over a hex for its name, value and band; click it to pick the area everywhere."
        )
        # the hint wraps rather than widening the window: its one line (about 500 px beside the
        # measure) made the main window 1,402 px wide at least, wider than a 1366x768 screen
        self.hover.setWordWrap(True)
        self.hover.setMinimumWidth(160)
        if choose:
            self.add_control(self.measure)
        self.add_control(self.hover)
        self.canvas.mpl_connect("motion_notify_event", self._on_move)
        self.canvas.mpl_connect("button_press_event", self._on_click)

    # ------------------------------------------------------------ drawing
    def measure_key(self) -> str:
        return self.measure.currentData()

    def _draw_map(self, figure, results: Results) -> None:
        offered = {m.key for m in available(results)}
        model = self.measure.model()
        for row in range(self.measure.count()):
            model.item(row).setEnabled(self.measure.itemData(row) in offered)
        key = self.measure_key()
        if key not in offered:
            self.measure.blockSignals(True)
            self.measure.setCurrentIndex(self.measure.findData("allocation_per_head"))
            self.measure.blockSignals(False)
            key = "allocation_per_head"
        self.hexmap = draw_results_map(
            figure, results, key, highlight=self.map_code(self.selected), limits=self.limits
        )

    def print_figure(self):
        """The map drawn afresh on white, sized to its shape at a Word page's width (Save, Copy)."""
        try:
            figure, _hexmap = results_map_figure(
                self.results,
                self.measure_key(),
                width=PRINT_SIZE_IN[0],
                highlight=self.map_code(self.selected),
            )
        except FundsimError:  # no area on a hex map: the on-screen drawing says so
            return super().print_figure()
        return figure

    def map_code(self, code: str | None) -> str | None:
        """The hex of an area: itself, or for a neighbourhood its district."""
        if code is None or self.results is None:
            return code
        table = self.results.recovery.table
        if "lad_code" in table and self.results.data.level == "lsoa":
            match = table.loc[table["code"] == code, "lad_code"]
            return str(match.iloc[0]) if len(match) else code
        return code

    def select(self, code: str | None) -> None:
        """Outline an area's hex (None clears it) without redrawing the map."""
        self.selected = code
        if self.hexmap is not None:
            self.hexmap.highlight(self.map_code(code))
            self.canvas.draw_idle()

    # ------------------------------------------------------------ mouse
    def _code_under(self, event) -> str | None:
        if self.hexmap is None or event.inaxes is not self.hexmap.ax:
            return None
        return self.hexmap.code_at(event.xdata, event.ydata)

    def _on_move(self, event) -> None:
        code = self._code_under(event)
        if code is None:
            QToolTip.hideText()
            return
        text = self.hexmap.describe(code)
        self.hover.setText(text.replace("\n", "  ·  "))
        QToolTip.showText(QCursor.pos(), text, self.canvas)

    def _on_click(self, event) -> None:
        if self.toolbar.mode:  # zooming or panning, not picking
            return
        code = self._code_under(event)
        if code is not None:
            self.area_picked.emit(code)
