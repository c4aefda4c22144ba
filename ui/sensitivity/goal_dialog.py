"""The goal-seek dialog: find a key's value at which a metric reaches a target, then apply it."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from simulator.analysis.sensitivity.figures import format_key_value, format_metric, goal_chart
from simulator.analysis.sensitivity.goalseek import Solution, solve
from simulator.core.text import plain_text_charts
from ui.runner import Runner
from ui.sensitivity.jobs import analysis_job
from ui.sensitivity.keys import COMMON_METRICS, numeric_keys

plain_text_charts()


class GoalSeekDialog(QDialog):
    """Key, range, metric and target; Find runs in the background; Apply sets the key (undoable).

    ``apply_requested(key, value)`` is emitted when the user applies the answer.
    """

    apply_requested = Signal(str, float)

    def __init__(self, scenario_source, parent=None, metrics: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Goal seek")
        self._scenario = scenario_source  # a callable giving the current scenario
        self.solution: Solution | None = None
        self.runner = Runner(self)
        self.key = QComboBox()
        self.key.addItems(numeric_keys())
        self.key.setCurrentText("endowment.spending_rate")
        self.low, self.high = QLineEdit("0"), QLineEdit("0.08")
        self.metric_box = QComboBox()
        self.metric_box.setEditable(True)
        self.metric_box.addItems(list(dict.fromkeys(COMMON_METRICS + (metrics or []))))
        self.metric_box.setCurrentText("endowment.prob_real_value_preserved")
        self.goal = QComboBox()
        self.goal.addItem("at least", "at_least")
        self.goal.addItem("at most", "at_most")
        self.target = QLineEdit("0.5")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-weight: 600;")
        form = QFormLayout()
        form.addRow("Key to change", self.key)
        span = QHBoxLayout()
        span.addWidget(self.low)
        span.addWidget(QLabel("to"))
        span.addWidget(self.high)
        form.addRow("Search from", span)
        form.addRow("Metric", self.metric_box)
        target = QHBoxLayout()
        target.addWidget(self.goal)
        target.addWidget(self.target)
        form.addRow("Must be", target)
        self.find_button = QPushButton("Find")
        self.find_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel search")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.answer = QLabel("")
        self.answer.setWordWrap(True)
        self.apply_button = QPushButton("Apply to scenario")
        self.apply_button.setEnabled(False)
        self.figure = Figure(figsize=(6, 3.4), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(260)
        buttons = QHBoxLayout()
        for w in (self.find_button, self.cancel_button, self.progress):
            buttons.addWidget(w)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.answer)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(close)
        for w in (self.low, self.high, self.target):
            w.textChanged.connect(self._describe)
        for w in (self.key, self.metric_box, self.goal):
            w.currentTextChanged.connect(self._describe)
        self.find_button.clicked.connect(self.find)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.apply_button.clicked.connect(self._apply)
        self.runner.progress.connect(
            lambda f, label: (self.progress.setValue(int(f * 1000)), self.progress.setFormat(label))
        )
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(lambda: self.answer.setText("Search cancelled."))
        self.runner.busy_changed.connect(self._on_busy)
        self._describe()
        self.resize(640, 640)

    def _describe(self) -> None:
        key = self.key.currentText()
        try:
            low, high, target = (
                float(self.low.text()),
                float(self.high.text()),
                float(self.target.text()),
            )
        except ValueError:
            self.question.setText("Low, high and target must be numbers.")
            return
        metric = self.metric_box.currentText()
        self.question.setText(
            f"Find the {key.partition('.')[2].replace('_', ' ')} between {format_key_value(key, low)} and "
            f"{format_key_value(key, high)} at which {metric} is {self.goal.currentText()} {format_metric(metric, target)}."
        )

    def find(self) -> None:
        try:
            low, high, target = (
                float(self.low.text()),
                float(self.high.text()),
                float(self.target.text()),
            )
        except ValueError:
            self.answer.setText("Low, high and target must be numbers.")
            return
        key, metric, goal = (
            self.key.currentText(),
            self.metric_box.currentText().strip(),
            self.goal.currentData(),
        )
        self.solution = None
        self.apply_button.setEnabled(False)
        self.answer.setText("Searching…")
        self.runner.start(
            analysis_job(
                self._scenario(),
                [metric],
                lambda scenario, r: solve(scenario, key, low, high, metric, target, r, goal=goal),
            )
        )

    def _on_busy(self, busy: bool) -> None:
        self.find_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setValue(0)

    def _on_finished(self, solution: Solution) -> None:
        self.solution = solution
        goal_chart(self.figure, solution)
        self.canvas.draw_idle()
        if solution.found:
            se = (
                f" ± {format_metric(solution.metric, solution.achieved_se)}"
                if solution.achieved_se
                else ""
            )
            lo, hi = solution.bracket
            self.answer.setText(
                f"<b>{solution.key} = {format_key_value(solution.key, solution.value, 4)}</b> gives {solution.metric} = "
                f"{format_metric(solution.metric, solution.achieved)}{se} (the crossing lies between "
                f"{format_key_value(solution.key, lo, 5)} and {format_key_value(solution.key, hi, 5)})."
            )
        else:
            self.answer.setText(solution.message[0].upper() + solution.message[1:] + ".")
        self.apply_button.setEnabled(solution.found)

    def _on_failed(self, message: str, _details: str) -> None:
        self.answer.setText(f"The search could not finish: {message}")

    def _apply(self) -> None:
        if self.solution is not None and self.solution.found:
            self.apply_requested.emit(self.solution.key, float(self.solution.value))
            self.answer.setText(
                self.answer.text() + " Applied to the scenario (Edit > Undo takes it back)."
            )
            self.apply_button.setEnabled(False)

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)
