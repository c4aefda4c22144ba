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

from simulator.analysis.sensitivity.figures import (
    format_key_value,
    format_metric,
    goal_chart,
    key_unit,
)
from simulator.analysis.sensitivity.goalseek import Solution, solve
from simulator.core.text import plain_text_charts
from ui.charts.data_dialog import ShowDataButton
from ui.sensitivity.jobs import analysis_job
from ui.sensitivity.keys import COMMON_METRICS, fill_keys, fill_metrics, numeric_keys
from ui.sensitivity.units import (
    SHOWN,
    answer_text,
    can_move,
    from_shown,
    key_words,
    metric_from_shown,
    metric_text,
    metric_unit,
)

plain_text_charts()


class GoalSeekDialog(QDialog):
    """Key, range, metric and target; Find runs in the background; Apply sets the key (undoable).

    ``apply_requested(key, value)`` is emitted when the user applies the answer.
    """

    apply_requested = Signal(str, float)

    def __init__(self, document, parent=None, metric: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Goal seek")
        self.document = document
        self.solution: Solution | None = None
        self.jobs = document.jobs(self)
        self.metric_box = QComboBox()
        fill_metrics(self.metric_box, COMMON_METRICS, "endowment.prob_real_value_preserved")
        self.key = QComboBox()
        self.low, self.high = QLineEdit("0"), QLineEdit("8")
        self.low_unit, self.high_unit, self.target_unit = QLabel(), QLabel(), QLabel()
        self.goal = QComboBox()
        self.goal.addItem("at least", "at_least")
        self.goal.addItem("at most", "at_most")
        self.target = QLineEdit("50")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setStyleSheet("font-weight: 600;")
        form = QFormLayout()
        span = QHBoxLayout()
        for w in (self.low, self.low_unit, QLabel("to"), self.high, self.high_unit):
            span.addWidget(w)
        form.addRow("Result", self.metric_box)
        form.addRow("Setting to change", self.key)
        form.addRow("Search from", span)
        target = QHBoxLayout()
        for w in (self.goal, self.target, self.target_unit):
            target.addWidget(w)
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
        self.data_button = ShowDataButton(self.canvas, "goal seek")
        layout.addWidget(self.data_button)
        layout.addWidget(close)
        for w in (self.low, self.high, self.target):
            w.textChanged.connect(self._describe)
        for w in (self.key, self.goal):
            w.currentTextChanged.connect(self._describe)
        self.metric_box.currentIndexChanged.connect(lambda _i: self._keys())
        self.find_button.clicked.connect(self.find)
        self.cancel_button.clicked.connect(self.jobs.cancel)
        self.apply_button.clicked.connect(self._apply)
        self.jobs.progress.connect(
            lambda f, label: (self.progress.setValue(int(f * 1000)), self.progress.setFormat(label))
        )
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.cancelled.connect(lambda: self.answer.setText("Search cancelled."))
        self.jobs.busy_changed.connect(self._on_busy)
        self._keys()
        self.key.setCurrentIndex(max(0, self.key.findData("endowment.spending_rate")))
        self._describe()
        self.resize(640, 640)

    def _keys(self) -> None:
        """Only settings that can move the chosen result; units beside the boxes."""
        metric = self.metric_box.currentData()
        scenario = self.document.scenario
        fill_keys(
            self.key,
            [k for k in numeric_keys() if can_move(scenario, k, metric)],
            self.key.currentData(),
        )
        unit = metric_unit(metric)
        self.target_unit.setText(unit)
        self._describe()

    def _numbers(self) -> tuple[float, float, float]:
        key, metric = self.key.currentData(), self.metric_box.currentData()
        return (
            from_shown(key, self.low.text()),
            from_shown(key, self.high.text()),
            metric_from_shown(metric, self.target.text()),
        )

    def _describe(self) -> None:
        key, metric = self.key.currentData(), self.metric_box.currentData()
        if not key or not metric:
            return
        unit = SHOWN.get(key_unit(key), (1.0, ""))[1]
        self.low_unit.setText(unit)
        self.high_unit.setText(unit)
        try:
            low, high, target = self._numbers()
        except ValueError:
            self.question.setText("From, to and the target must be numbers.")
            return
        what = metric_text(metric)
        self.question.setText(
            f"Find {key_words(key)} between {format_key_value(key, low)} and "
            f"{format_key_value(key, high)} at which {what[0].lower() + what[1:]} is "
            f"{self.goal.currentText()} {format_metric(metric, target)}."
        )

    def find(self) -> None:
        try:
            low, high, target = self._numbers()
        except ValueError:
            self.answer.setText("From, to and the target must be numbers.")
            return
        key, metric, goal = (
            self.key.currentData(),
            self.metric_box.currentData(),
            self.goal.currentData(),
        )
        self.solution = None
        self.apply_button.setEnabled(False)
        self.answer.setText("Searching…")
        self.jobs.start(
            analysis_job(
                self.document.scenario,
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
        self.data_button.refresh()
        self.canvas.draw_idle()
        if solution.found:
            self.answer.setText(answer_text(solution))
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
        self.jobs.shutdown()
        super().done(result)
