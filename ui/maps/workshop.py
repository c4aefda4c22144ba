"""Workshop mode's before/after maps: allocation per head on the workshop areas' hex map, both
sides on one colour scale, in the place of the allocation bars at the press of a button."""

from __future__ import annotations

from matplotlib import rc_context
from matplotlib.text import Annotation
from PySide6.QtWidgets import QGridLayout, QPushButton

from simulator.core.text import plain_text_charts
from simulator.outputs.map_data import map_data
from ui.maps.map_tab import MapWidget

plain_text_charts()

LARGE = {"font.size": 14}
TYPE_PT = 13  # the workshop type LARGE is for
HEX_PT = 11  # names and amounts in the hexes, at TYPE_PT
MEASURE = "allocation_per_head"


class BeforeAfterMaps:
    """Two maps sharing the allocation bars' cells in ``grid``; ``toggle`` swaps bars and maps."""

    def __init__(self, grid: QGridLayout, before_bars, after_bars) -> None:
        self.bars = (before_bars, after_bars)
        self.picked = ""  # the area the trainer highlights
        self.before = MapWidget(choose=False)
        self.after = MapWidget(choose=False)
        self.before.placeholder.setText("Press ‘Keep this as before’")
        for widget, bars in ((self.before, before_bars), (self.after, after_bars)):
            index = grid.indexOf(bars)
            row, column, _rows, _columns = grid.getItemPosition(index)
            grid.addWidget(widget, row, column)
            widget.toolbar.hide()
            widget.hover.hide()
            widget.hide()
            draw = widget._draw

            def large(figure, results, draw=draw, widget=widget):
                # the workshop's type, which follows the screen's height (13 pt at 768 pixels)
                scale = getattr(widget.window(), "type_pt", TYPE_PT) / TYPE_PT
                with rc_context({key: size * scale for key, size in LARGE.items()}):
                    draw(figure, results)
                    _fit(figure, results, scale)

            widget._draw = large
        self.toggle = QPushButton("Show the map")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip(
            "Swap the allocation bars for a map of allocation per head, before and after on one colour scale"
        )
        self.toggle.toggled.connect(self.show_maps)

    def show_maps(self, on: bool) -> None:
        self.toggle.setText("Show the bars" if on else "Show the map")
        for widget, bars in zip((self.before, self.after), self.bars):
            widget.setVisible(on)
            bars.setVisible(not on)
        self._redraw()

    def set_before(self, results) -> None:
        self.before.results = results
        self._redraw()

    def set_after(self, results) -> None:
        self.after.results = results
        self._redraw()

    def _redraw(self) -> None:
        """Both maps on the range of both (drawn only while shown)."""
        if not self.toggle.isChecked():
            return
        values = [
            v
            for w in (self.before, self.after)
            if w.results is not None
            for v in map_data(w.results, MEASURE).values.values()
        ]
        limits = (min(values), max(values)) if values else None
        for widget in (self.before, self.after):
            widget.limits = limits
            if widget.results is not None:
                widget.redraw()
        self.mark(self.picked)

    def mark(self, name: str) -> None:
        """Outline the trainer's area (by name) on both maps, as its bar is coloured."""
        self.picked = name
        for widget in (self.before, self.after):
            if widget.results is None:
                continue
            table = widget.results.recovery.table
            codes = table.loc[table["name"].astype(str) == name, "code"] if name else []
            widget.select(str(codes.iloc[0]) if len(codes) else None)


def _fit(figure, results, scale: float = 1.0) -> None:
    """Fit a map to a half-screen panel: a one-line title, the map as large as the panel allows,
    names in the hexes small enough to fit, and only the first sentence of the source line."""
    ax = figure.axes[0]
    ax.set_title(
        f"Allocation per head: {results.recovery.measures.get('mechanism', 'formula')}",
        loc="left",
        fontsize="large",
    )
    ax.set_position((0.01, 0.09, 0.98, 0.82))
    for text in ax.texts:
        if isinstance(text, Annotation):
            text.set_text(text.get_text().split(". ")[0] + ".")
        else:
            text.set_fontsize(HEX_PT * scale)  # no smaller than the window's own type
