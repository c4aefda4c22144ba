"""The Compare view: 2-4 options run together on the same draws, side by side.

Headline measures with their paired differences, each area's change with its paired band,
winners and losers, the endowment's fan charts overlaid, and the exemplification table. One
Compare window per document (Ctrl+K raises it); its "current scenario" is the document's. The
comparison runs in the background, submitted to the document's runner (its jobs queue behind
or beside the document's own runs, never cancelling them), with one progress bar and a cancel
button, as does its report; the result exports to JSON, CSV or Excel.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.analysis import compare_figures as figures
from simulator.analysis.compare import METRICS, compare, option_label
from simulator.core.errors import FundsimError
from ui.areas_cache import areas_for
from ui.charts.base import ChartWidget
from ui.compare.options import OptionsList
from ui.compare.tables import AreaTable, HeadlineTable
from ui.dialogs.files import ask_save_file
from ui.reports.export import export_comparison_report

EMPTY = "Choose 2 to 4 options and press Compare."


class CompareWindow(QWidget):
    """A window of its own beside ``parent`` (closed with it); ``document`` supplies the current
    scenario."""

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.document = document
        self.comparison = None
        self.report_exporter = None
        self.setWindowTitle("fundsim: compare options")
        self.jobs = document.jobs(self)
        self.options = OptionsList(document)
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 10_000.0)
        self.threshold.setDecimals(2)
        self.threshold.setValue(1.0)
        self.threshold.setPrefix("£")
        self.threshold.setSuffix(" per head")
        self.threshold.setToolTip(
            "An area counts as gaining or losing when its allocation changes by more than this per head"
        )
        self.compare_button = QPushButton("Compare")
        self.compare_button.setToolTip(
            "Run every option on the same data and the same random draws (F5)"
        )
        self.compare_button.setShortcut("F5")
        self.cancel_button = QPushButton("Cancel")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "Write the comparison to JSON (everything), CSV (the per-area table) or Excel (with native charts)"
        )
        self.report_button = QPushButton("Report…")
        self.report_button.setToolTip(
            "Write a Word or PDF comparison report (the options run again on the same draws)"
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel(EMPTY)
        self.status.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(self.options, 1)
        form = QFormLayout()
        form.addRow("Winners and losers: more than", self.threshold)
        side.addLayout(form)
        side.addWidget(self.compare_button)
        side.addWidget(self.progress)
        side.addWidget(self.cancel_button)
        side.addWidget(self.export_button)
        side.addWidget(self.report_button)
        side.addWidget(self.status)
        left = QWidget()
        left.setLayout(side)
        left.setMinimumWidth(300)

        self.headlines = HeadlineTable()
        self.headline_chart = ChartWidget(
            lambda fig, c: figures.headline_chart(fig, c, self.measure.currentData()), EMPTY
        )
        self.measure = QComboBox()
        for name, label, _unit in METRICS:
            self.measure.addItem(label, name)
        self.measure.setCurrentIndex(
            self.measure.findData("recovery_fund.share_to_most_deprived.population_10")
        )
        self.measure.currentIndexChanged.connect(lambda _i: self.headline_chart.redraw())
        self.headline_chart.add_control(self.measure)
        headline_split = QSplitter(Qt.Orientation.Vertical)
        headline_split.addWidget(self.headlines)
        headline_split.addWidget(self.headline_chart)
        self.change_chart = ChartWidget(
            lambda fig, c: figures.change_chart(
                fig, c, max(1, self.against.currentIndex() + 1), self.search.text()
            ),
            EMPTY,
        )
        self.against = QComboBox()
        self.against.setToolTip("Which option to compare with the baseline (A)")
        self.against.currentIndexChanged.connect(lambda _i: self.change_chart.redraw())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find an area…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.change_chart.redraw())
        self.change_chart.add_control(self.against)
        self.change_chart.add_control(self.search)
        self.winners = ChartWidget(figures.winners_chart, EMPTY)
        self.fans = ChartWidget(figures.fan_overlay_chart, EMPTY)
        self.table = AreaTable()
        self.tabs = QTabWidget()
        self.tabs.addTab(headline_split, "Headlines")
        self.tabs.addTab(self.change_chart, "Change by area")
        self.tabs.addTab(self.winners, "Winners and losers")
        self.tabs.addTab(self.fans, "Endowment")
        self.tabs.addTab(self.table, "Table")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #444444;")
        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        right.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        holder = QWidget()
        holder.setLayout(right)
        split.addWidget(holder)
        split.setStretchFactor(1, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(split)

        self.options.changed.connect(self._enable)
        self.compare_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.jobs.cancel)
        self.export_button.clicked.connect(self.export_dialog)
        self.report_button.clicked.connect(lambda: export_comparison_report(self))
        self.cancel_button.clicked.connect(self._cancel_report)
        self.jobs.progress.connect(self._on_progress)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.cancelled.connect(lambda: self.status.setText("Comparison cancelled"))
        self.jobs.busy_changed.connect(self._on_busy)
        self.options.add_current_scenario()
        self._on_busy(False)
        self.resize(1400, 900)

    def _cancel_report(self) -> None:
        if self.report_exporter is not None:
            self.report_exporter.jobs.cancel()

    @property
    def busy(self) -> bool:
        return self.jobs.busy or (self.report_exporter is not None and self.report_exporter.busy)

    def _enable(self) -> None:
        busy = self.busy
        self.compare_button.setEnabled(not busy and 2 <= len(self.options.options))
        self.export_button.setEnabled(not busy and self.comparison is not None)
        self.report_button.setEnabled(not busy and 2 <= len(self.options.options))

    def run(self) -> None:
        """Compare the chosen options in the background."""
        if len(self.options.options) < 2 or self.jobs.busy:
            return
        scenarios = [o.scenario for o in self.options.options]
        files = [str(o.file) if o.file is not None else None for o in self.options.options]
        threshold = self.threshold.value()

        def job(progress, should_stop):
            areas = option_areas(scenarios, files, should_stop)
            return compare(
                scenarios,
                areas,
                files=files,
                threshold=threshold,
                progress=progress,
                should_stop=should_stop,
            )

        self.status.setText("Comparing…")
        self.jobs.start(job)

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        busy = self.busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setValue(0)
        self._enable()

    @Slot(float, str)
    def _on_progress(self, fraction: float, label: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(f"{label} %p%")

    @Slot(object)
    def _on_finished(self, c) -> None:
        self.set_comparison(c)
        self.status.setText(
            f"Done: {len(c.options)} options, {c.paths:,} paths each on the same draws, seed {c.seed}"
        )

    def set_comparison(self, c) -> None:
        """Show a finished comparison in every tab."""
        self.comparison = c
        self.against.blockSignals(True)
        self.against.clear()
        for L, o in zip(c.letters[1:], c.options[1:]):
            self.against.addItem(f"{L}: {o['name']} against A")
        self.against.blockSignals(False)
        self.headlines.set_comparison(c)
        for chart in (self.headline_chart, self.change_chart, self.winners, self.fans):
            chart.set_results(c)
        self.table.set_comparison(c)
        lines = list(c.notes)
        for p in c.pairing[1:]:
            for fund, label in (("recovery_fund", "recovery fund"), ("endowment", "endowment")):
                for note in p[fund]["notes"]:
                    lines.append(f"{p['label']} against A, {label}: {note}.")
        if not lines:
            lines.append(
                "Every option shares its random draws with the baseline: the bands show policy, not chance."
            )
        self.notes.setText("\n".join(lines))
        self._enable()

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.status.setText("Comparison failed")
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Cannot compare these options", message, parent=self
        )
        if details:
            box.setDetailedText(details)
        box.open()

    def export_dialog(self) -> None:
        if self.comparison is None:
            return
        path = ask_save_file(
            self,
            "Export the comparison",
            "comparison.xlsx",
            "Excel workbook (*.xlsx);;JSON, everything (*.json);;CSV, per-area table (*.csv)",
        )
        if path:
            self.export(path)

    def export(self, path: str) -> bool:
        from simulator.analysis.compare_export import write_comparison

        try:
            write_comparison(self.comparison, path)
        except FundsimError as exc:
            QMessageBox.warning(self, "Cannot export", str(exc))
            return False
        self.status.setText(f"Wrote {path}")
        return True

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.jobs.shutdown()
        if self.report_exporter is not None:
            self.report_exporter.shutdown()
        event.accept()


def option_areas(scenarios, files, should_stop=None) -> list:
    """Each option's areas (worker thread); a data problem names the option by its letter and
    its own file."""
    out = []
    for i, scenario in enumerate(scenarios):
        try:
            out.append(areas_for(scenario, should_stop))
        except FundsimError as exc:
            where = option_label(i, files[i])
            raise dataclasses.replace(
                exc,
                message=f"{where}: {exc.message}" if exc.file else exc.message,
                file=exc.file or where,
            ) from exc
    return out
