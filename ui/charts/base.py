"""A chart widget: a matplotlib canvas with the zoom/pan toolbar, Save (PNG at 300 dpi, SVG,
PDF) and Copy chart (pastes into Word and PowerPoint).

Each chart is a plain function of results from :mod:`simulator.outputs.figures`, so the same drawing
code serves the app, exports and tests. On screen the chart follows the window's theme; saved
and copied charts are drawn afresh on white at a Word page's width.
"""

from __future__ import annotations

import io
import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.core.text import plain_text_charts
from simulator.outputs.figures import fit_to_page
from simulator.outputs.house import ChartInfo, chart_info
from simulator.results import Results
from ui.charts.style import PRINT_DPI, PRINT_SIZE_IN, apply_palette
from ui.charts.text_images import renderer_for

log = logging.getLogger(__name__)

# Every text a chart draws is taken literally (a "$" in a name is a dollar sign, never
# mathematics): the engine's one switch for every chart text.
plain_text_charts()

DrawFn = Callable[[Figure, Results], None]
SAVE_FILTERS = {
    "PNG image, 300 dpi (*.png)": ".png",
    "SVG vector image (*.svg)": ".svg",
    "PDF document (*.pdf)": ".pdf",
}


class Badge(QLabel):
    """A note laid over the top-right corner of its parent, outside any layout, so showing or
    hiding it never resizes what it covers (a resized chart would be drawn again)."""

    STYLE = (
        "background: #E69F00; color: #000; padding: 2px 8px; font-weight: 600; border-radius: 3px;"
    )

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setStyleSheet(self.STYLE)
        self.hide()
        parent.installEventFilter(self)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        self._place()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._place()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.move(max(0, parent.width() - self.width() - 6), 4)
            self.raise_()


class ChartToolbar(NavigationToolbar2QT):
    """Matplotlib's toolbar without its figure-options buttons, with print-ready Save and Copy."""

    toolitems = [
        t
        for t in NavigationToolbar2QT.toolitems
        if t[0] in ("Home", "Back", "Forward", None, "Pan", "Zoom", "Save")
    ]

    def __init__(self, canvas, chart: ChartWidget) -> None:
        self.chart = chart
        super().__init__(canvas, chart)
        self._actions["save_figure"].setToolTip(
            "Save the chart: PNG at 300 dpi, SVG or PDF, sized for a Word page"
        )
        self.copy_action = self.addAction("Copy chart", chart.copy_chart)
        self.copy_action.setToolTip("Copy the chart to paste into Word or PowerPoint")

    def save_figure(self, *args) -> str | None:  # noqa: D401 (matplotlib API)
        return self.chart.save_dialog()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # matplotlib before 3.11 colours an icon for the palette when it makes it: make them
            # again for the new palette (3.11's icons follow it by themselves)
            for _text, _tip, image, callback in self.toolitems:
                if image and callback in self._actions:
                    self._actions[callback].setIcon(self._icon(image + ".png"))
            self.update()


class Canvas(FigureCanvasQTAgg):
    """Matplotlib's Qt canvas that says when the picture reached the screen (``painted``), so
    work that can wait (filling the table) waits until the chart is seen."""

    painted = Signal()

    def get_renderer(self):  # noqa: D102 (matplotlib API)
        return renderer_for(self)  # text rasterised once, reused (ui.charts.text_images)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        self.painted.emit()


class ChartWidget(QWidget):
    """Shows one chart of the latest results; ``set_results`` redraws it."""

    def __init__(
        self,
        draw: DrawFn,
        empty_text: str = "Press Run to see this chart.",
        parent: QWidget | None = None,
        name: str = "chart",
    ) -> None:
        super().__init__(parent)
        self._draw = draw
        self.name = name
        self.results: Results | None = None
        self.stale = False
        self._rebuild = False
        #: Called with the figure after every redraw (e.g. to mark the area picked elsewhere).
        self.after_draw: list[Callable[[Figure], None]] = []
        self.figure = Figure(figsize=(8, 5), dpi=100, layout=None)
        self.canvas = Canvas(self.figure)
        self.toolbar = ChartToolbar(self.canvas, self)
        self.placeholder = QLabel(empty_text)
        self.placeholder.setStyleSheet("font-size: 14pt; padding: 40px;")
        self.placeholder.setEnabled(False)  # the palette's faded text, in either theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(6, 4, 6, 0)
        self.controls.addStretch(1)
        # the table behind the chart and its summary: for screen readers, and to read numbers
        self.data_button = QPushButton("Show the &data…")
        self.data_button.setObjectName("show_data")
        self.data_button.setToolTip(
            "The table behind this chart, and a sentence saying what it shows"
        )
        self.data_button.setEnabled(False)
        self.data_button.clicked.connect(self.show_data)
        self.controls.addWidget(self.data_button)
        self.info: ChartInfo | None = None
        self.data_dialog = None
        self.canvas.setAccessibleName(f"Chart: {name}")
        self.out_of_date = Badge("⟳ Out of date", self.canvas)
        self.out_of_date.setObjectName("out_of_date")
        self.out_of_date.setToolTip("This chart shows the results for the previous inputs.")
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

    def redraw(self, rebuild: bool = False) -> None:
        """Draw the latest results. A chart that can moves its artists in place (live mode
        follows a slider that way); ``rebuild`` starts from an empty figure (a theme switch)."""
        if self.results is None:
            return
        if rebuild or self._rebuild:
            self.figure.clear()
            self._rebuild = False
        self.figure.set_facecolor("white")  # drawn for paper, then recoloured for the theme
        try:
            self._draw(self.figure, self.results)
            for hook in self.after_draw:
                hook(self.figure)
        except Exception as exc:  # noqa: BLE001 - a chart bug must not blank the chart silently
            self._failed(exc)
            return
        self._describe(chart_info(self.figure))
        apply_palette(self.figure, self)
        self.placeholder.hide()
        self.canvas.show()
        self.canvas.draw_idle()

    def _failed(self, exc: Exception) -> None:
        """The chart could not be drawn: say so on the chart and in a dialog (with the details),
        log it, and keep the app running; the next results draw it afresh."""
        details = traceback.format_exc()
        log.error("chart %s could not be drawn:\n%s", self.name, details)
        self.figure.clear()
        vars(self.figure).pop("fundsim_allocation", None)  # nothing kept to move in place
        self._rebuild = True
        self.canvas.hide()
        self.placeholder.setText(f"This chart could not be drawn: {exc}")
        self.placeholder.show()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "A chart could not be drawn",
            f"The {self.name.replace('-', ' ')} chart could not be drawn: {exc}\n\n"
            "The other charts and the numbers are unaffected.",
            QMessageBox.StandardButton.Ok,
            self.window(),
        )
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _describe(self, info: ChartInfo | None) -> None:
        """The chart's summary as the canvas's accessible description (what a screen reader
        says of the picture) and on the Show the data button's tooltip."""
        self.info = info
        summary = info.summary if info is not None else ""
        title = (info.title if info is not None and info.title else "") or self.name
        self.canvas.setAccessibleName(f"Chart: {title}")
        self.canvas.setAccessibleDescription(summary)
        self.data_button.setEnabled(info is not None and not info.data.empty)
        self.data_button.setAccessibleDescription(summary)
        self.data_button.setToolTip(
            f"{summary}\n\nShow the table behind this chart."
            if summary
            else "The table behind this chart"
        )
        if self.data_dialog is not None and self.data_dialog.isVisible() and info is not None:
            self.show_data()  # an open table follows the chart

    def show_data(self) -> None:
        """Open the table behind the chart, with its summary (one dialog per chart)."""
        from ui.charts.data_dialog import ChartDataDialog

        if self.info is None:
            return
        if self.data_dialog is not None:
            self.data_dialog.close()
        self.data_dialog = ChartDataDialog(self.info, self.info.title or self.name, self)
        self.data_dialog.show()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.results is not None:
            if self.isVisible():
                self.redraw(rebuild=True)  # a theme switch shows at once
            else:
                self.stale = self._rebuild = True  # drawn afresh when its tab is shown

    # ----------------------------------------------------------------- leaving the app
    def print_figure(self) -> Figure:
        """The chart drawn afresh on white at a Word page's width (16 cm)."""
        figure = Figure(figsize=PRINT_SIZE_IN, dpi=100)
        FigureCanvasAgg(figure)  # laid out with Agg's text sizes, whatever the screen
        self._draw(figure, self.results)
        fit_to_page(figure, PRINT_SIZE_IN[0])  # names, titles and source line that fit the page
        return figure

    def save_chart(self, path: str | Path) -> Path:
        """Write the chart as PNG (300 dpi), SVG or PDF, by the file's extension."""
        path = Path(path)
        self.print_figure().savefig(
            path, dpi=PRINT_DPI, facecolor="white", format=path.suffix.lstrip(".").lower() or "png"
        )
        return path

    def save_dialog(self) -> str | None:
        if self.results is None:
            return None
        from ui.dialogs.files import ask_save_file

        path, chosen = ask_save_file(
            self, "Save chart", f"{self.name}.png", ";;".join(SAVE_FILTERS), with_filter=True
        )
        if not path:
            return None
        if Path(path).suffix.lower() not in SAVE_FILTERS.values():
            path += SAVE_FILTERS.get(chosen, ".png")
        self.save_chart(path)
        return path

    def chart_mime(self) -> QMimeData:
        """The chart for the clipboard: a 300 dpi image (Word, PowerPoint) and SVG."""
        figure = self.print_figure()
        png, svg = io.BytesIO(), io.BytesIO()
        figure.savefig(png, dpi=PRINT_DPI, format="png", facecolor="white")
        figure.savefig(svg, format="svg", facecolor="white")
        mime = QMimeData()
        mime.setImageData(QImage.fromData(png.getvalue(), "PNG"))
        mime.setData("image/png", png.getvalue())
        mime.setData("image/svg+xml", svg.getvalue())
        return mime

    def copy_chart(self) -> None:
        if self.results is not None:
            QApplication.clipboard().setMimeData(self.chart_mime())
