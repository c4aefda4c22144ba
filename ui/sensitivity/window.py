"""The Sensitivity view: which assumptions move a result, how it varies, and goal seek.

A window beside the main one, always on its document's scenario. Choose a result (by what it
means); tick settings (by their form labels, low and high in the form's units) for a tornado
chart; or sweep one setting (a line with bands) or two (a heatmap). Only settings that can move
the chosen result are offered. Goal seek opens a dialog whose answer, in words and units, can
be applied to the document in one click, as one undoable edit. Every run happens in the
background, with progress and cancel.
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis import metrics
from simulator.analysis.sensitivity.figures import (
    format_metric,
    key_unit,
    sweep_chart,
    tornado_chart,
)
from simulator.analysis.sensitivity.sweep import SweepResult, axis, sweep
from simulator.analysis.sensitivity.tornado import TornadoResult, default_keys, tornado
from simulator.core.text import plain_text_charts
from ui.charts.data_dialog import ShowDataButton
from ui.sensitivity.goal_dialog import GoalSeekDialog
from ui.sensitivity.jobs import analysis_job
from ui.sensitivity.keys import COMMON_METRICS, KeyTable, fill_keys, fill_metrics, numeric_keys
from ui.sensitivity.units import SHOWN, can_move, from_shown, key_text, metric_text, to_shown

plain_text_charts()

NO_KEY = "(none)"


class SensitivityWindow(QWidget):
    """Tornado, sweep and heatmap on ``document``'s scenario; a goal seek's answer is applied to
    the document as one undoable edit."""

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Sensitivity — fundsim")
        self.document = document
        self.result: TornadoResult | SweepResult | None = None
        self.jobs = document.jobs(self)
        self.metric_box = QComboBox()
        self.metric_box.setToolTip("The result to explain: what moves it, and how far")
        self._fill_metrics()
        self.keys = KeyTable()
        self.tornado_button = QPushButton("Tornado chart")
        self.tornado_button.setToolTip("Move each ticked setting alone to its low and high value")

        self.sweep_key = QComboBox()
        self.sweep_from, self.sweep_to = QLineEdit("2"), QLineEdit("7")
        self.sweep_points = QSpinBox()
        self.sweep_points.setRange(2, 200)
        self.sweep_points.setValue(11)
        self.grid_key = QComboBox()
        self.grid_from, self.grid_to = QLineEdit("2"), QLineEdit("6")
        self.grid_points = QSpinBox()
        self.grid_points.setRange(2, 50)
        self.grid_points.setValue(5)
        self.sweep_unit, self.grid_unit = QLabel(), QLabel()
        self.sweep_button = QPushButton("Sweep")
        self.goal_button = QPushButton("Goal seek…")

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.status = QLabel("Choose a result, then a tornado chart, a sweep or a goal seek.")
        self.status.setWordWrap(True)
        self.figure = Figure(figsize=(9, 5.5), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.toolbar = NavigationToolbar2QT(self.canvas, self)
        self.data_button = ShowDataButton(self.canvas, "sensitivity")
        self._layout()
        self._connect()
        self._metric_changed()
        self.sweep_key.setCurrentIndex(max(0, self.sweep_key.findData("endowment.spending_rate")))
        self._units()
        self.resize(1300, 780)

    def chosen_metric(self) -> str:
        return self.metric_box.currentData() or ""

    def _fill_metrics(self) -> None:
        results = self.document.results
        names = metrics.available(metrics.Outcome.from_results(results)) if results else []
        fill_metrics(
            self.metric_box, COMMON_METRICS + names, self.chosen_metric() or COMMON_METRICS[0]
        )

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        form = QFormLayout()
        form.addRow("Result", self.metric_box)
        column.addLayout(form)
        tornado_box = QGroupBox("Tornado: settings and their low and high values")
        box = QVBoxLayout(tornado_box)
        box.addWidget(self.keys)
        box.addWidget(self.tornado_button)
        column.addWidget(tornado_box, 1)
        sweep_box = QGroupBox("Sweep (a second setting gives a heatmap)")
        grid = QFormLayout(sweep_box)
        for label, key, lo, hi, unit, n in (
            (
                "Setting",
                self.sweep_key,
                self.sweep_from,
                self.sweep_to,
                self.sweep_unit,
                self.sweep_points,
            ),
            (
                "Second setting",
                self.grid_key,
                self.grid_from,
                self.grid_to,
                self.grid_unit,
                self.grid_points,
            ),
        ):
            grid.addRow(label, key)
            row = QHBoxLayout()
            for w in (lo, QLabel("to"), hi, unit, QLabel("points"), n):
                row.addWidget(w)
            grid.addRow("", row)
        grid.addRow(self.sweep_button)
        column.addWidget(sweep_box)
        column.addWidget(self.goal_button)
        right = QWidget()
        chart = QVBoxLayout(right)
        chart.addWidget(self.toolbar)
        chart.addWidget(self.canvas, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.data_button)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        chart.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([430, 870])
        outer = QVBoxLayout(self)
        outer.addWidget(splitter)

    def _connect(self) -> None:
        self.metric_box.currentIndexChanged.connect(lambda _i: self._metric_changed())
        self.sweep_key.currentIndexChanged.connect(lambda _i: self._units(self.sweep_key))
        self.grid_key.currentIndexChanged.connect(lambda _i: self._units(self.grid_key))
        self.document.scenario_changed.connect(lambda _s: self._offer_keys())
        self.document.results_changed.connect(lambda _r: self._fill_metrics())
        self.tornado_button.clicked.connect(self.run_tornado)
        self.sweep_button.clicked.connect(self.run_sweep)
        self.goal_button.clicked.connect(self.open_goal_seek)
        self.cancel_button.clicked.connect(self.jobs.cancel)
        self.jobs.progress.connect(
            lambda f, label: (self.progress.setValue(int(f * 1000)), self.progress.setFormat(label))
        )
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(
            lambda message, _d: self.status.setText(f"Could not finish: {message}")
        )
        self.jobs.cancelled.connect(lambda: self.status.setText("Cancelled."))
        self.jobs.busy_changed.connect(self._on_busy)

    def _metric_changed(self) -> None:
        """A new result: offer only the settings that can move it, ticked as the default
        tornado ticks them."""
        self._offer_keys()
        self.keys.check_only(default_keys(self.document.scenario, [self.chosen_metric()]))

    def _offer_keys(self) -> None:
        scenario, metric = self.document.scenario, self.chosen_metric()
        movable = [k for k in self.keys.ranges if can_move(scenario, k, metric)]
        self.keys.offer_only(movable)
        numeric = [k for k in numeric_keys() if can_move(scenario, k, metric)]
        fill_keys(self.sweep_key, numeric, self.sweep_key.currentData())
        fill_keys(self.grid_key, numeric, self.grid_key.currentData(), none=True)
        self._units()

    def _units(self, box: QComboBox | None = None) -> None:
        """The unit beside a sweep's from and to; a new setting starts at its plausible range."""
        for combo, unit, lo, hi in (
            (self.sweep_key, self.sweep_unit, self.sweep_from, self.sweep_to),
            (self.grid_key, self.grid_unit, self.grid_from, self.grid_to),
        ):
            key = combo.currentData()
            unit.setText(SHOWN.get(key_unit(key), (1.0, ""))[1] if key else "")
            if combo is box and key in self.keys.ranges:
                low, high = self.keys.ranges[key]
                lo.setText(to_shown(key, low))
                hi.setText(to_shown(key, high))

    def _on_busy(self, busy: bool) -> None:
        for button in (self.tornado_button, self.sweep_button):
            button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setValue(0)

    # -- runs ------------------------------------------------------------------------------
    def run_tornado(self) -> None:
        metric = self.chosen_metric()
        try:
            ends = self.keys.chosen()
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        if not ends:
            self.status.setText("Tick at least one setting for the tornado chart.")
            return
        self.status.setText(f"Tornado: {len(ends)} settings, {2 * len(ends) + 1} runs…")
        self.jobs.start(
            analysis_job(self.document.scenario, [metric], lambda s, r: tornado(s, ends, metric, r))
        )

    def run_sweep(self) -> None:
        metric = self.chosen_metric()
        try:
            key = self.sweep_key.currentData()
            axes = [
                axis(
                    key,
                    from_shown(key, self.sweep_from.text()),
                    from_shown(key, self.sweep_to.text()),
                    self.sweep_points.value(),
                )
            ]
            second = self.grid_key.currentData()
            if second is not None:
                axes.append(
                    axis(
                        second,
                        from_shown(second, self.grid_from.text()),
                        from_shown(second, self.grid_to.text()),
                        self.grid_points.value(),
                    )
                )
        except ValueError:
            self.status.setText("The sweep's from and to values must be numbers.")
            return
        except Exception as exc:  # FundsimError: a key that cannot be swept
            self.status.setText(str(exc))
            return
        count = 1
        for a in axes:
            count *= len(a.values)
        self.status.setText(f"Sweep: {count} runs…")
        self.jobs.start(
            analysis_job(self.document.scenario, [metric], lambda s, r: sweep(s, axes, [metric], r))
        )

    def _on_finished(self, result) -> None:
        self.result = result
        if isinstance(result, TornadoResult):
            tornado_chart(self.figure, result)
            top = result.bars[0]
            what = metric_text(result.metric)
            self.status.setText(
                f"Tornado done: {key_text(top.key)} moves “{what[0].lower() + what[1:]}” most, "
                f"from {format_metric(result.metric, top.at_low)} to "
                f"{format_metric(result.metric, top.at_high)}."
            )
        else:
            sweep_chart(self.figure, result)
            self.status.setText(
                f"Sweep done: {len(result.points)} runs, the same seed at every point."
            )
        failed = result.failures()
        if failed:
            self.status.setText(
                f"{self.status.text()} {len(failed)} could not run: {'; '.join(failed)}"
            )
        self.status.setToolTip("\n".join(failed))
        self.data_button.refresh()
        self.canvas.draw_idle()

    def open_goal_seek(self) -> None:
        self.goal_dialog = GoalSeekDialog(self.document, self, self.chosen_metric())
        self.goal_dialog.apply_requested.connect(self.apply_answer)
        self.goal_dialog.show()

    def apply_answer(self, key: str, value: float) -> None:
        """A goal seek's answer, set on the document as one undoable edit."""
        self.document.change({key: value}, f"Goal seek: set {key_text(key)}")

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.jobs.shutdown()
        super().closeEvent(event)
