"""The Sensitivity view: which assumptions move a result, how it varies, and goal seek.

A window beside the main one, always on the scenario being edited. Choose a metric; tick keys
(each with its plausible range) for a tornado chart; or sweep one key (a line with bands) or two
(a heatmap). Goal seek opens a dialog whose answer can be applied to the scenario in one click,
as an undoable edit. Every run happens in the background, with progress and cancel.
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, Signal
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

from simulator.analysis.sensitivity.figures import format_metric, sweep_chart, tornado_chart
from simulator.analysis.sensitivity.sweep import SweepResult, axis, sweep
from simulator.analysis.sensitivity.tornado import TornadoResult, default_keys, tornado
from simulator.core.text import plain_text_charts
from ui.runner import Runner
from ui.sensitivity.goal_dialog import GoalSeekDialog
from ui.sensitivity.jobs import analysis_job
from ui.sensitivity.keys import COMMON_METRICS, KeyTable, numeric_keys

plain_text_charts()

NO_KEY = "(none)"


class SensitivityWindow(QWidget):
    """Tornado, sweep and heatmap on the current scenario; ``apply_requested(key, value)`` asks
    the main window to set a key (the goal seek's answer)."""

    apply_requested = Signal(str, float)

    def __init__(
        self, scenario_source, metrics: list[str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Sensitivity — fundsim")
        self._scenario = scenario_source  # a callable giving the scenario being edited
        self.result: TornadoResult | SweepResult | None = None
        self.runner = Runner(self)
        self.metric_box = QComboBox()
        self.metric_box.setEditable(True)
        self.metric_box.addItems(list(dict.fromkeys(COMMON_METRICS + (metrics or []))))
        self.metric_box.setToolTip(
            "Any result by its JSON path (fundsim metrics lists them), e.g. area:E06000009.mean"
        )
        self.keys = KeyTable()
        self.tornado_button = QPushButton("Tornado chart")
        self.tornado_button.setToolTip("Move each ticked key alone to its low and high value")

        self.sweep_key = QComboBox()
        self.sweep_key.addItems(numeric_keys())
        self.sweep_key.setCurrentText("endowment.spending_rate")
        self.sweep_from, self.sweep_to = QLineEdit("0.02"), QLineEdit("0.07")
        self.sweep_points = QSpinBox()
        self.sweep_points.setRange(2, 200)
        self.sweep_points.setValue(11)
        self.grid_key = QComboBox()
        self.grid_key.addItems([NO_KEY, *numeric_keys()])
        self.grid_from, self.grid_to = QLineEdit("0.02"), QLineEdit("0.06")
        self.grid_points = QSpinBox()
        self.grid_points.setRange(2, 50)
        self.grid_points.setValue(5)
        self.sweep_button = QPushButton("Sweep")
        self.goal_button = QPushButton("Goal seek…")

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.status = QLabel("Choose a metric, then a tornado chart, a sweep or a goal seek.")
        self.status.setWordWrap(True)
        self.figure = Figure(figsize=(9, 5.5), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.toolbar = NavigationToolbar2QT(self.canvas, self)
        self._layout()
        self._connect()
        self._metric_changed(self.metric_box.currentText())
        self.resize(1300, 780)

    def _layout(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        form = QFormLayout()
        form.addRow("Metric", self.metric_box)
        column.addLayout(form)
        tornado_box = QGroupBox("Tornado: keys and their low and high values")
        box = QVBoxLayout(tornado_box)
        box.addWidget(self.keys)
        box.addWidget(self.tornado_button)
        column.addWidget(tornado_box, 1)
        sweep_box = QGroupBox("Sweep (a second key gives a heatmap)")
        grid = QFormLayout(sweep_box)
        for label, key, lo, hi, n in (
            ("Key", self.sweep_key, self.sweep_from, self.sweep_to, self.sweep_points),
            ("Second key", self.grid_key, self.grid_from, self.grid_to, self.grid_points),
        ):
            grid.addRow(label, key)
            row = QHBoxLayout()
            for w in (lo, QLabel("to"), hi, QLabel("points"), n):
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
        self.metric_box.currentTextChanged.connect(self._metric_changed)
        self.tornado_button.clicked.connect(self.run_tornado)
        self.sweep_button.clicked.connect(self.run_sweep)
        self.goal_button.clicked.connect(self.open_goal_seek)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.runner.progress.connect(
            lambda f, label: (self.progress.setValue(int(f * 1000)), self.progress.setFormat(label))
        )
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(
            lambda message, _d: self.status.setText(f"Could not finish: {message}")
        )
        self.runner.cancelled.connect(lambda: self.status.setText("Cancelled."))
        self.runner.busy_changed.connect(self._on_busy)

    def _metric_changed(self, metric: str) -> None:
        try:
            self.keys.check_only(default_keys(self._scenario(), [metric.strip()]))
        except Exception:  # a half-typed metric name: leave the ticks alone
            pass

    def _on_busy(self, busy: bool) -> None:
        for button in (self.tornado_button, self.sweep_button):
            button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setValue(0)

    # -- runs ------------------------------------------------------------------------------
    def run_tornado(self) -> None:
        metric = self.metric_box.currentText().strip()
        try:
            ends = self.keys.chosen()
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        if not ends:
            self.status.setText("Tick at least one key for the tornado chart.")
            return
        self.status.setText(f"Tornado: {len(ends)} keys, {2 * len(ends) + 1} runs…")
        self.runner.start(
            analysis_job(self._scenario(), [metric], lambda s, r: tornado(s, ends, metric, r))
        )

    def run_sweep(self) -> None:
        metric = self.metric_box.currentText().strip()
        try:
            axes = [
                axis(
                    self.sweep_key.currentText(),
                    float(self.sweep_from.text()),
                    float(self.sweep_to.text()),
                    self.sweep_points.value(),
                )
            ]
            if self.grid_key.currentText() != NO_KEY:
                axes.append(
                    axis(
                        self.grid_key.currentText(),
                        float(self.grid_from.text()),
                        float(self.grid_to.text()),
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
        self.runner.start(
            analysis_job(self._scenario(), [metric], lambda s, r: sweep(s, axes, [metric], r))
        )

    def _on_finished(self, result) -> None:
        self.result = result
        if isinstance(result, TornadoResult):
            tornado_chart(self.figure, result)
            top = result.bars[0]
            self.status.setText(
                f"Tornado done: {top.key} moves {result.metric} most, from {format_metric(result.metric, top.at_low)} "
                f"to {format_metric(result.metric, top.at_high)}."
            )
        else:
            sweep_chart(self.figure, result)
            self.status.setText(
                f"Sweep done: {len(result.points)} runs, the same seed at every point."
            )
        self.canvas.draw_idle()

    def open_goal_seek(self) -> None:
        self.goal_dialog = GoalSeekDialog(
            self._scenario, self, [self.metric_box.currentText().strip()]
        )
        self.goal_dialog.apply_requested.connect(self.apply_requested)
        self.goal_dialog.show()

    def closeEvent(self, event) -> None:
        self.runner.shutdown()
        super().closeEvent(event)


def open_sensitivity(window) -> SensitivityWindow:
    """Open the view beside the main ``window``: its metric lists include every headline result
    of the latest run, and a goal seek's answer becomes one undoable edit of the scenario."""
    from simulator.analysis import metrics
    from ui.areas_cache import describe_source

    names = (
        metrics.available(metrics.Outcome.from_results(window.results))
        if window.results is not None
        else []
    )
    view = SensitivityWindow(lambda: window.scenario, names, window)

    def apply(key: str, value: float) -> None:
        window._apply(window.scenario.updated(key, value), f"Goal seek: set {key}")
        window.panel.set_scenario(window.scenario, describe_source(window.scenario))

    view.apply_requested.connect(apply)
    view.show()
    return view
