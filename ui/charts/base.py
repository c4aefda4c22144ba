"""A chart widget: a matplotlib canvas with the zoom/pan/save toolbar.

Each chart is a plain function of results from :mod:`simulator.outputs.figures`, so the same drawing
code serves the app, exports and tests.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.results import Results

DrawFn = Callable[[Figure, Results], None]


class ChartWidget(QWidget):
    """Shows one chart of the latest results; ``set_results`` redraws it."""

    def __init__(self, draw: DrawFn, empty_text: str = "Press Run to see this chart.", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draw = draw
        self.results: Results | None = None
        self.stale = False
        self.figure = Figure(figsize=(8, 5), dpi=100, layout=None)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.toolbar = NavigationToolbar2QT(self.canvas, self)
        self.placeholder = QLabel(empty_text)
        self.placeholder.setStyleSheet("color: #666; font-size: 14pt; padding: 40px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(6, 4, 6, 0)
        self.controls.addStretch(1)
        self.out_of_date = QLabel("⟳ Out of date")
        self.out_of_date.setObjectName("out_of_date")
        self.out_of_date.setToolTip("This chart shows the results for the previous inputs.")
        self.out_of_date.setStyleSheet("background: #E69F00; color: #000; padding: 2px 8px; font-weight: 600;")
        self.out_of_date.hide()
        self.controls.addWidget(self.out_of_date)
        layout.addLayout(self.controls)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.placeholder)
        self.canvas.hide()

    def add_control(self, widget: QWidget) -> None:
        """Put a control (e.g. a real/nominal switch) above the chart, left-aligned."""
        self.controls.insertWidget(self.controls.count() - 1, widget)

    def set_out_of_date(self, stale: bool) -> None:
        self.out_of_date.setVisible(stale and self.results is not None)

    def set_results(self, results: Results) -> None:
        self.results = results
        self.redraw()

    def redraw(self) -> None:
        if self.results is None:
            return
        self._draw(self.figure, self.results)
        self.placeholder.hide()
        self.canvas.show()
        self.canvas.draw_idle()
