"""Workshop mode: full screen, large type, the few controls that tell the story, and a
before/after view so a trainer can show a trade-off in one click.

It edits the main window's scenario (so nothing is lost when it closes) and shows results as
they come from the main window's runner; live mode recomputes as a slider moves.
"""

from __future__ import annotations

from matplotlib import rc_context
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from simulator.outputs import figures
from simulator.outputs.competition_figures import who_wins_lines
from simulator.core.money import format_money
from ui.charts.base import ChartWidget
from ui.maps.workshop import BeforeAfterMaps

LARGE = {"font.size": 14}
TOTAL_FUNDS = 2_500_000_000.0  # £500m + £2bn, as proposed


def _large(draw):
    """Draw a chart in large type, fitted to a half-screen panel."""

    def wrapped(figure, results):
        with rc_context(LARGE):
            draw(figure, results)
            for ax in figure.axes:
                title = ax.get_title(loc="left")
                ax.set_title(title, loc="left", fontsize=14, wrap=True)
            for text in figure.texts:  # the source line: keep only its first sentence
                text.set_text(text.get_text().split(". ")[0] + ".")
            figure.tight_layout(rect=(0, 0.05, 1, 1))

    return wrapped


class WorkshopWindow(QWidget):
    """The trainer's screen."""

    def __init__(self, main) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.main = main
        self.before = None
        self._editing = False
        self.setWindowTitle("fundsim: workshop mode")
        self.setStyleSheet("QWidget { font-size: 16pt; } QPushButton { padding: 8px 18px; }")
        controls = QFormLayout()
        self.split = QSlider(Qt.Orientation.Horizontal)
        self.split.setRange(0, 100)
        self.split.setToolTip("How the £2.5bn is split between the one-off recovery fund and the endowment")
        self.split_label = QLabel()
        self.mechanism = QComboBox()
        for value, text in (("formula", "Formula (by need)"), ("competitive", "Competitive bidding"), ("hybrid", "Half and half")):
            self.mechanism.addItem(text, value)
        self.capacity = QSlider(Qt.Orientation.Horizontal)
        self.capacity.setRange(0, 30)
        self.capacity.setToolTip("How much harder it is for deprived areas to bid (0 = no bias)")
        self.rule = QComboBox()
        for value, text in (("fixed_rate", "Fixed % of value"), ("tobin", "Yale (smoothed)"), ("real_fixed", "Fixed real amount"), ("spend_down", "Spend it all")):
            self.rule.addItem(text, value)
        self.rate = QSlider(Qt.Orientation.Horizontal)
        self.rate.setRange(10, 100)  # 1.0% to 10.0%
        self.rate_label = QLabel()
        split_row = QHBoxLayout()
        split_row.addWidget(self.split, 1)
        split_row.addWidget(self.split_label)
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate, 1)
        rate_row.addWidget(self.rate_label)
        controls.addRow("Recovery fund / endowment", split_row)
        controls.addRow("How money is given", self.mechanism)
        controls.addRow("Capacity bias", self.capacity)
        controls.addRow("Endowment spending rule", self.rule)
        controls.addRow("Spending rate", rate_row)
        self.pin = QPushButton("Keep this as ‘before’")
        self.pin.setToolTip("Freeze the current results on the left; changes then show on the right")
        self.close_button = QPushButton("Leave workshop mode (Esc)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.pin)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.before_alloc = ChartWidget(_large(figures.allocation_chart), "Press ‘Keep this as before’")
        self.after_alloc = ChartWidget(_large(figures.allocation_chart))
        self.before_fan = ChartWidget(_large(figures.endowment_fan_chart), "")
        self.after_fan = ChartWidget(_large(figures.endowment_fan_chart))
        for chart in (self.before_alloc, self.after_alloc, self.before_fan, self.after_fan):
            chart.toolbar.hide()
        grid = QGridLayout()
        self.before_title = QLabel("<b>Before</b>")
        grid.addWidget(self.before_title, 0, 0)
        grid.addWidget(QLabel("<b>Now</b>"), 0, 1)
        grid.addWidget(self.before_alloc, 1, 0)
        grid.addWidget(self.after_alloc, 1, 1)
        grid.addWidget(self.before_fan, 2, 0)
        grid.addWidget(self.after_fan, 2, 1)
        self.before_who, self.after_who = QLabel(), QLabel()  # who wins a competition, what bidding cost
        for col, label in enumerate((self.before_who, self.after_who)):
            label.setToolTip("Bids, success, the share won by small and micro organisations and the cost of bidding")
            grid.addWidget(label, 3, col)
        self.maps = BeforeAfterMaps(grid, self.before_alloc, self.after_alloc)
        buttons.insertWidget(1, self.maps.toggle)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(buttons)
        layout.addLayout(grid, 1)

        self._show_scenario()
        self.split.valueChanged.connect(self._on_split)
        self.mechanism.currentIndexChanged.connect(lambda _i: self._edit("recovery_fund.mechanism", self.mechanism.currentData()))
        self.capacity.valueChanged.connect(lambda v: self._edit("recovery_fund.capacity_gradient", v / 10))
        self.rule.currentIndexChanged.connect(lambda _i: self._edit("endowment.spending_rule", self.rule.currentData()))
        self.rate.valueChanged.connect(self._on_rate)
        self.pin.clicked.connect(self.pin_before)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.main.runner.finished.connect(self.show_results)
        self.main.scenario_changed.connect(self._follow)
        if self.main.results is not None:
            self.show_results(self.main.results)
        self.main.live_action.setChecked(True)

    def _show_scenario(self) -> None:
        s = self.main.scenario
        total = s.recovery_fund.total + s.endowment.initial
        share = s.recovery_fund.total / total if total > 0 else 0.2
        for widget, value in (
            (self.split, round(100 * share)),
            (self.capacity, round(10 * s.recovery_fund.capacity_gradient)),
            (self.rate, round(1000 * s.endowment.spending_rate)),
        ):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        for combo, value in ((self.mechanism, s.recovery_fund.mechanism), (self.rule, s.endowment.spending_rule)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self._labels()

    def _follow(self, _scenario) -> None:
        """The main window's scenario changed (panel, undo): show it. Changes made here are
        already shown (and a slider being dragged is not moved under the pointer)."""
        if not self._editing:
            self._show_scenario()
        self._labels()

    def _edit(self, *pairs) -> None:
        """Edit the main window's scenario: ``_edit(key, value, key, value, ...)``."""
        self._editing = True
        try:
            for key, value in zip(pairs[::2], pairs[1::2]):
                self.main.on_edited(key, value)
        finally:
            self._editing = False

    def _labels(self) -> None:
        s = self.main.scenario
        self.split_label.setText(f"{format_money(s.recovery_fund.total)} / {format_money(s.endowment.initial)}")
        self.rate_label.setText(f"{100 * s.endowment.spending_rate:.1f}% a year")

    def _on_split(self, value: int) -> None:
        total = self.main.scenario.recovery_fund.total + self.main.scenario.endowment.initial or TOTAL_FUNDS
        self._edit("recovery_fund.total", round(total * value / 100, -6), "endowment.initial", round(total * (100 - value) / 100, -6))
        self._labels()

    def _on_rate(self, value: int) -> None:
        self._edit("endowment.spending_rate", value / 1000)
        self._labels()

    def pin_before(self) -> None:
        """Freeze the current results as the 'before' view."""
        if self.main.results is None:
            return
        self.before = self.main.results
        self.before_alloc.set_results(self.before)
        self.before_fan.set_results(self.before)
        self.before_who.setText("   ·   ".join(who_wins_lines(self.before)))
        self.maps.set_before(self.before)
        self._same_scales()
        self.before_title.setText(f"<b>Before</b>: {self.before.recovery.measures.get('mechanism', '')}, "
                                  f"{100 * self.before.scenario['endowment']['spending_rate']:.1f}% spending")

    def show_results(self, results) -> None:
        self.after_alloc.set_results(results)
        self.after_fan.set_results(results)
        self.after_who.setText("   ·   ".join(who_wins_lines(results)))
        self.maps.set_after(results)
        self._same_scales()

    def _same_scales(self) -> None:
        """Before and after on the same axes, so bars and bands compare by eye."""
        if self.before is None:
            return
        for left, right, axis in ((self.before_alloc, self.after_alloc, "x"), (self.before_fan, self.after_fan, "y")):
            if not (left.figure.axes and right.figure.axes):
                continue
            a, b = left.figure.axes[0], right.figure.axes[0]
            get, put = (("get_xlim", "set_xlim") if axis == "x" else ("get_ylim", "set_ylim"))
            top = max(getattr(a, get)()[1], getattr(b, get)()[1])
            for ax, chart in ((a, left), (b, right)):
                getattr(ax, put)(0, top)
                chart.canvas.draw_idle()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        try:
            self.main.runner.finished.disconnect(self.show_results)
            self.main.scenario_changed.disconnect(self._follow)
        except (RuntimeError, TypeError):
            pass
        event.accept()
