"""Workshop mode: full screen, large type, the few controls that tell the story, and a
before/after view so a trainer can show a trade-off in one click.

A view of the window's :class:`ui.document.Document`: it edits the document (a slider moved
is one undo step, however far it is dragged) and shows the document's results as they come;
live mode recomputes as a slider moves. Its state (the 'before', the highlighted area, the
view) is kept as it changes, so a crash brings workshop mode back as the room last saw it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from simulator.core.money import format_money
from simulator.outputs import figures
from simulator.outputs.competition_figures import who_wins_lines
from simulator.scenario.applies import SIMPLE, why_unused
from simulator.scenario.competition import CompetitionConfig
from simulator.scenario.labels import choice_label
from ui.charts.base import ChartWidget
from ui.maps.workshop import BeforeAfterMaps
from ui.workshop.charts import (
    MARGINS,
    NARROW_PX,
    TYPE_PT,
    _large,
    match_pair,
    same_scales,
    title_chars,
    type_size,
    workshop_bars,
)
from ui.workshop.paired import BeforeAfterSummary
from ui.workshop.state import forget_workshop, keep_state, restore_into
from ui.workshop.titles import PanelTitle, describe

TOTAL_FUNDS = 2_500_000_000.0  # £500m + £2bn, as proposed
USUAL_GRADIENT = CompetitionConfig.model_fields["deprivation_gradient"].default
VIEWS = {"recovery": "Recovery fund", "endowment": "Endowment", "both": "Both funds"}


def _capacity_position(s) -> int:
    """Where the capacity-bias slider stands (tenths) for a scenario."""
    if s.recovery_fund.mechanism in SIMPLE:
        return round(10 * s.recovery_fund.capacity_gradient)
    return min(30, round(10 * sum(s.competition.deprivation_gradient) / sum(USUAL_GRADIENT)))


class WorkshopWindow(QWidget):
    """The trainer's screen, on ``document``; ``closed`` when the trainer leaves it."""

    closed = Signal()

    def __init__(self, document, restore: dict | None = None) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.document = document
        self.before = None
        self.before_scenario = None
        self._editing = False
        self.setWindowTitle("fundsim: workshop mode")
        self.type_pt = 0
        self._set_type(type_size(self.screen().availableGeometry().height()))
        controls = QGridLayout()
        self.split = QSlider(Qt.Orientation.Horizontal)
        self.split.setRange(0, 100)
        self.split.setToolTip(
            "How the £2.5bn is split between the one-off recovery fund and the endowment"
        )
        self.split_label = QLabel()
        self.mechanism = QComboBox()
        for value, text in (
            ("formula", "Formula (by need)"),
            ("competitive", "Competitive bidding"),
            ("hybrid", "Part formula, part competition"),
        ):
            self.mechanism.addItem(text, value)
        self.capacity = QSlider(Qt.Orientation.Horizontal)
        self.capacity.setRange(0, 30)
        self.capacity.setToolTip(
            "How much harder it is for deprived areas to bid (0 = no bias, 1 = the usual gradient): deprived "
            "areas have fewer organisations per head to bid. Not used by the formula."
        )
        self.capacity_label = QLabel()
        self.rule = QComboBox()
        for value, text in (
            ("fixed_rate", "Fixed % of value"),
            ("tobin", "Yale (smoothed)"),
            ("real_fixed", "Fixed real amount"),
            ("spend_down", "Spend it all"),
        ):
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
        capacity_row = QHBoxLayout()
        capacity_row.addWidget(self.capacity, 1)
        capacity_row.addWidget(self.capacity_label)
        self.pin = QPushButton("Keep this as ‘before’")
        self.pin.setToolTip(
            "Freeze the current results on the left; changes then show on the right"
        )
        self.close_button = QPushButton("Leave workshop mode (Esc)")
        self.highlight = QComboBox()
        self.highlight.setToolTip("Pick an area to colour in every chart (e.g. the coastal town)")
        self.highlight.addItem("(no area)", "")
        self.view = QComboBox()
        for value, text in VIEWS.items():
            self.view.addItem(text, value)
        for combo in (self.mechanism, self.rule, self.highlight, self.view):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)  # a long name must not widen the window
        # two controls a row, so the window fits a 1366x768 screen with type a room can read
        for row, pairs in enumerate(
            (
                (("Recovery / endowment", split_row), ("How money is given", self.mechanism)),
                (("Capacity bias", capacity_row), ("Spending rule", self.rule)),
                (("Spending rate", rate_row), ("Highlight", self.highlight)),
            )
        ):
            for pair, (text, field) in enumerate(pairs):
                label = QLabel(text)
                controls.addWidget(label, row, 2 * pair)
                if isinstance(field, QHBoxLayout):
                    controls.addLayout(field, row, 2 * pair + 1)
                else:
                    label.setBuddy(field)
                    controls.addWidget(field, row, 2 * pair + 1)
        controls.setColumnStretch(1, 3)
        controls.setColumnStretch(3, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pin)
        show = QLabel("Show")
        show.setBuddy(self.view)
        buttons.addWidget(show)
        buttons.addWidget(self.view)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        picked = self.highlight.currentData
        bars = workshop_bars(picked)
        size = lambda: float(self.type_pt)  # noqa: E731
        self.before_alloc = ChartWidget(
            _large(bars, MARGINS["allocation"], picked, size), "", name="before-allocation"
        )
        self.after_alloc = ChartWidget(
            _large(bars, MARGINS["allocation"], picked, size), name="now-allocation"
        )
        fan = figures.endowment_fan_chart
        self.before_fan = ChartWidget(
            _large(fan, MARGINS["fan"], type_pt=size), "", name="before-endowment"
        )
        self.after_fan = ChartWidget(
            _large(fan, MARGINS["fan"], type_pt=size), name="now-endowment"
        )
        for chart in (self.before_alloc, self.after_alloc, self.before_fan, self.after_fan):
            chart.toolbar.hide()
            # asks for little room: the window fits a small screen, the charts take what is left
            chart.figure.set_size_inches(3.2, 2.4)
            chart.canvas.mpl_connect("resize_event", lambda _e, c=chart: self._resized(c))
        self.grid = grid = QGridLayout()
        grid.addWidget(self.before_alloc, 1, 0)
        grid.addWidget(self.after_alloc, 1, 1)
        grid.addWidget(self.before_fan, 2, 0)
        grid.addWidget(self.after_fan, 2, 1)
        self.maps = BeforeAfterMaps(grid, self.before_alloc, self.after_alloc)
        # each chart's "Before" or "Now" in its own row, beside its "Show the data" button
        self.before_titles, self.now_titles = [], []
        for charts, titles, text in (
            ((self.before_alloc, self.before_fan, self.maps.before), self.before_titles, "Before"),
            ((self.after_alloc, self.after_fan, self.maps.after), self.now_titles, "Now"),
        ):
            for chart in charts:
                chart.data_button.setText("&Data…")  # short: the room is for the chart's title
                chart.data_button.setAccessibleName("Show the data")
                label = PanelTitle(text)
                chart.controls.insertWidget(0, label, 1)  # the rest of the row is the title's
                chart.controls.setStretch(1, 0)
                titles.append(label)
        self.before_title = self.before_titles[0]
        self.before_who, self.after_who = QLabel(), QLabel()  # who wins, what bidding cost
        for col, label in enumerate((self.before_who, self.after_who)):
            label.setToolTip(
                "Bids, success, the share won by small and micro organisations and the cost of bidding"
            )
            label.setWordWrap(True)  # a long line must not widen its half of the screen
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            grid.addWidget(label, 3, col)
        for col in (0, 1):  # before and after always share the screen equally
            grid.setColumnStretch(col, 1)
        buttons.insertWidget(1, self.maps.toggle)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(buttons)
        layout.addLayout(grid, 1)
        self.paired = BeforeAfterSummary(
            self.document
        )  # the before/after numbers, paired on the same draws
        layout.addWidget(self.paired)

        self._show_scenario()
        self.split.valueChanged.connect(self._on_split)
        for slider in (self.split, self.capacity, self.rate):
            slider.sliderReleased.connect(self.document.end_gesture)
        self.mechanism.currentIndexChanged.connect(self._on_mechanism)
        self.capacity.valueChanged.connect(self._on_capacity)
        self.rule.currentIndexChanged.connect(
            lambda _i: self._edit(
                {"endowment.spending_rule": self.rule.currentData()}, "spending rule"
            )
        )
        self.rate.valueChanged.connect(self._on_rate)
        self.pin.clicked.connect(self.pin_before)
        self.highlight.currentIndexChanged.connect(lambda _i: self._redraw_all())
        self.highlight.currentIndexChanged.connect(lambda _i: keep_state(self))
        self.view.currentIndexChanged.connect(lambda _i: self._show_view())
        self.maps.toggle.toggled.connect(lambda _on: self._show_view())
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.document.results_changed.connect(self.show_results)
        self.document.scenario_changed.connect(self._follow)
        self._following = True
        self.before_jobs = self.document.jobs(self)  # the restored 'before', run after a crash
        self.before_jobs.finished.connect(lambda results: self._set_before(results, "restored"))
        if restore is not None:
            restore_into(self, restore)
        elif self.document.results is not None:
            self._fill_areas(self.document.results)
            self.pin_before(as_opened=True)  # both halves filled from the start
            self.show_results(self.document.results)
        self._show_view()
        keep_state(self)
        self.resize(self.screen().availableGeometry().size())  # the screen, framed or full

    def _show_scenario(self) -> None:
        s = self.document.scenario
        total = s.recovery_fund.total + s.endowment.initial
        share = s.recovery_fund.total / total if total > 0 else 0.2
        for widget, value in (
            (self.split, round(100 * share)),
            (self.capacity, _capacity_position(s)),
            (self.rate, round(1000 * s.endowment.spending_rate)),
        ):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        for combo, value in (
            (self.mechanism, s.recovery_fund.mechanism),
            (self.rule, s.endowment.spending_rule),
        ):
            combo.blockSignals(True)
            if (
                combo.findData(value) < 0
            ):  # a setting made elsewhere: shown as it is, never as another
                combo.addItem(choice_label(value), value)
            combo.setCurrentIndex(combo.findData(value))
            combo.blockSignals(False)
        self._labels()

    def _follow(self, _scenario) -> None:
        """The main window's scenario changed (panel, undo): show it. Changes made here are
        already shown (and a slider being dragged is not moved under the pointer)."""
        if not self._editing:
            self._show_scenario()
        self._labels()

    def _edit(self, changes: dict, text: str, slider: QSlider | None = None) -> None:
        """Edit the document: every key at once, one undo step (a slider dragged is one step
        from where the drag began)."""
        self._editing = True
        try:
            gesture = text if slider is not None and slider.isSliderDown() else None
            self.document.change(changes, f"Workshop: {text}", merge=gesture)
        finally:
            self._editing = False

    def _labels(self) -> None:
        s = self.document.scenario
        self.split_label.setText(
            f"{format_money(s.recovery_fund.total)} / {format_money(s.endowment.initial)}"
        )
        self.rate_label.setText(f"{100 * s.endowment.spending_rate:.1f}% a year")
        self.capacity_label.setText(
            "not used"
            if s.recovery_fund.mechanism == "formula"
            else f"{self.capacity.value() / 10:.1f}"
        )
        self.capacity.setEnabled(s.recovery_fund.mechanism != "formula")
        unused = why_unused(s, "endowment.spending_rate")
        self.rate.setEnabled(unused is None)
        self.rate.setToolTip(unused or "The share of the endowment's value spent each year")
        if unused:
            self.rate_label.setText("not used")

    def _on_split(self, value: int) -> None:
        s = self.document.scenario
        total = s.recovery_fund.total + s.endowment.initial or TOTAL_FUNDS
        self._edit(
            {
                "recovery_fund.total": round(total * value / 100, -6),
                "endowment.initial": round(total * (100 - value) / 100, -6),
            },
            "split between the funds",
            self.split,
        )
        self._labels()

    def _on_mechanism(self, _index: int) -> None:
        self._edit({"recovery_fund.mechanism": self.mechanism.currentData()}, "mechanism")
        self._show_scenario()  # the capacity slider stands for another key under another mechanism

    def _on_capacity(self, value: int) -> None:
        """The simple mechanisms' capacity gradient, or for organisations bidding, the usual
        gradient of organisations per head by deprivation scaled (0 = none, 1 = as usual)."""
        if self.document.scenario.recovery_fund.mechanism in SIMPLE:
            changes = {"recovery_fund.capacity_gradient": value / 10}
        else:
            changes = {
                "competition.deprivation_gradient": [
                    round(g * value / 10, 6) for g in USUAL_GRADIENT
                ]
            }
        self._edit(changes, "capacity bias", self.capacity)
        self._labels()

    def _on_rate(self, value: int) -> None:
        self._edit({"endowment.spending_rate": value / 1000}, "spending rate", self.rate)
        self._labels()

    def _fill_areas(self, results) -> None:
        names = sorted(results.recovery.table["name"].astype(str))
        if [self.highlight.itemText(i) for i in range(1, self.highlight.count())] == names:
            return
        current = self.highlight.currentData()
        self.highlight.blockSignals(True)
        self.highlight.clear()
        self.highlight.addItem("(no area)", "")
        for name in names:
            self.highlight.addItem(name, name)
        self.highlight.setCurrentIndex(max(0, self.highlight.findData(current)))
        self.highlight.blockSignals(False)

    def _redraw_all(self) -> None:
        for chart in (self.before_alloc, self.after_alloc):
            chart.redraw()
        self.maps.mark(self.highlight.currentData() or "")
        self._same_scales()

    def _resized(self, chart) -> None:
        """Margins kept in pixels; a title wrapped for another width is drawn again."""
        getattr(chart.figure, "fundsim_fit", lambda: None)()
        if chart.results is not None and getattr(chart.figure, "fundsim_chars", None) not in (
            None,
            title_chars(chart.figure, self.type_pt / TYPE_PT),
        ):
            # afresh only when it turns narrow or wide (a narrow chart's key and ticks must not
            # stay); otherwise in place, the title wrapped again
            narrow = chart.figure.get_figwidth() * chart.figure.dpi < NARROW_PX * (
                self.type_pt / TYPE_PT
            )
            chart.redraw(rebuild=narrow != getattr(chart.figure, "fundsim_narrow", narrow))
        self._same_scales()  # before and now alike again (title depths, name sizes)

    def _arrange(self, both: bool) -> None:
        """One fund: before and after side by side, each half the screen. Both funds: four tall
        charts in a row (recovery before, after; endowment before, after), so none is squashed."""
        for chart in (self.before_fan, self.after_fan):
            self.grid.removeWidget(chart)
        for col, chart in enumerate((self.before_fan, self.after_fan)):
            self.grid.addWidget(chart, 1 if both else 2, col + 2 if both else col)
        for col in (2, 3):
            self.grid.setColumnStretch(col, 1 if both else 0)

    def _show_view(self) -> None:
        """Recovery fund, endowment or both: the charts shown fill the screen."""
        view = self.view.currentData()
        self._arrange(view == "both")
        recovery = view in ("recovery", "both")
        maps_on = self.maps.toggle.isChecked()  # the map takes the bars' place when chosen
        for chart, area_map in zip(
            (self.before_alloc, self.after_alloc), (self.maps.before, self.maps.after)
        ):
            chart.setVisible(recovery and not maps_on)
            area_map.setVisible(recovery and maps_on)
        for chart in (self.before_fan, self.after_fan):
            chart.setVisible(view in ("endowment", "both"))
        for label in (self.before_who, self.after_who):  # four charts leave no room for them
            label.setVisible(view == "recovery")
        for chart in (self.after_alloc, self.after_fan):
            if not chart.isHidden() and chart.stale and chart.results is not None:
                chart.redraw()
                chart.stale = False
        self._same_scales()
        keep_state(self)

    def pin_before(self, as_opened: bool = False) -> None:
        """Freeze the current results as the 'before' view."""
        if self.document.results is None:
            return
        self.before_scenario = self.document.scenario
        self._set_before(self.document.results, "as opened" if as_opened else "kept")
        keep_state(self)

    def _set_before(self, results, when: str) -> None:
        self.before = results
        self.paired.compare(self.before_scenario, self.document.scenario)
        self.before_alloc.set_results(self.before)
        self.before_fan.set_results(self.before)
        self.before_who.setText("   ·   ".join(who_wins_lines(self.before)))
        self.maps.set_before(self.before)
        self._same_scales()
        for title in self.before_titles:
            title.setText(
                f"Before ({when}): {describe(self.before)}",
                f"Before: {describe(self.before)}",
                "Before",
            )

    def show_results(self, results) -> None:
        self._fill_areas(results)
        for title in self.now_titles:
            title.setText(f"Now: {describe(results)}", "Now")
        for chart in (self.after_alloc, self.after_fan):
            if not chart.isHidden():  # shown in the chosen view (the window itself may not be yet)
                chart.set_results(results)
            else:
                chart.results, chart.stale = results, True
        self.after_who.setText("   ·   ".join(who_wins_lines(results)))
        self.maps.set_after(results)
        self._same_scales()
        if self.before is None and self.before_scenario is None:
            self.pin_before(as_opened=True)  # opened before the first results came
        elif self.before is not None and results.paths >= self.document.scenario.simulation.paths:
            self.paired.compare(self.before_scenario, self.document.scenario)  # not for a preview

    def _same_scales(self) -> None:
        """Before and after on the same axes, so bars and bands compare by eye."""
        if self.before is not None:
            same_scales(
                (self.before_alloc, self.after_alloc, "x"), (self.before_fan, self.after_fan, "y")
            )
            match_pair(self.before_alloc, self.after_alloc)
            match_pair(self.before_fan, self.after_fan)

    def _set_type(self, points: int) -> bool:
        """Type of ``points`` for every control and chart; False when it is already so."""
        if points == self.type_pt:
            return False
        self.type_pt = points
        self.setStyleSheet(
            f"QWidget {{ font-size: {points}pt; }} QPushButton {{ padding: 4px 12px; }}"
        )
        if self.layout() is not None:  # the panels take their sizes for this type now
            self.layout().activate()
        return True

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """The type follows the screen's height (or the window's, when taller), so the room
        sees it as large on a 1366x768 projector as on a 1920x1080 one."""
        super().resizeEvent(event)
        screen = self.screen().availableGeometry().height()
        if self._set_type(type_size(max(screen, event.size().height()))):
            for chart in (self.before_alloc, self.after_alloc, self.before_fan, self.after_fan):
                if chart.results is not None:  # hidden ones too: shown later in this type
                    chart.redraw()  # in place where it can be (the bars live mode moves)
            self.maps._redraw()
            self._same_scales()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self._following:  # a second close (the app quitting after the window) has nothing
            self._following = False  # to disconnect: PySide would warn "Failed to disconnect"
            self.document.results_changed.disconnect(self.show_results)
            self.document.scenario_changed.disconnect(self._follow)
        self.paired.jobs.shutdown()
        self.before_jobs.shutdown()
        forget_workshop()  # left normally: nothing to restore next time
        self.closed.emit()
        event.accept()
