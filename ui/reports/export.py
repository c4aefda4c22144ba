"""File > Export report…: build and write a Word or PDF report of the results on screen.

The report is written on its own worker thread (charts are drawn at print resolution, which
takes a few seconds on real district data), so the window stays responsive and a simulation
run is never cancelled by it. Errors come back as one line for a dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from simulator.core.cancel import Cancelled
from simulator.report import REPORT_FORMATS, build_report, check_report_path, write_report
from simulator.results import Results
from ui.runner import Runner

FILTERS = {f"{label} (*{ext})": ext for ext, label in REPORT_FORMATS.items()}


def ask_report_path(parent: QWidget, suggested: str = "report.docx") -> str:
    """The report file: Word or PDF, its type following the name (or the chosen filter)."""
    from ui.dialogs.files import ask_save_file

    path, chosen = ask_save_file(
        parent, "Export report", suggested, ";;".join(FILTERS), next(iter(FILTERS)), True
    )
    if path and Path(path).suffix.lower() not in REPORT_FORMATS:
        path += FILTERS.get(chosen, ".docx")
    return path


class ReportExporter(QObject):
    """Writes reports one at a time on a background thread.

    Signals: ``finished(path)`` when a report is written, ``failed(message)`` when it could not
    be, ``progress(fraction, label)`` and ``busy_changed(bool)`` while it is written.
    """

    finished = Signal(str)
    failed = Signal(str)
    progress = Signal(float, str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = Runner(self)
        self.runner.progress.connect(self.progress)
        self.runner.busy_changed.connect(self.busy_changed)
        self.runner.finished.connect(lambda path: self.finished.emit(str(path)))
        self.runner.failed.connect(lambda message, _details: self.failed.emit(message))

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def start(
        self,
        results: Results,
        path: str | Path,
        scenario_file: Path | str | None = None,
        inputs=(),
        date: str | None = None,
    ) -> None:
        """Check the path now (a bad name fails at once), then build and write in the background."""
        out = check_report_path(path, inputs)

        def job(progress, should_stop):
            progress(0.1, "Report")
            document = build_report([results], date=date, files=[scenario_file])
            if should_stop():  # cancelled while drawing: nothing written, and said so
                raise Cancelled()
            return write_report(document, out)

        self.runner.start(job)

    def start_comparison(
        self, scenarios, path: str | Path, inputs=(), date: str | None = None, files=None
    ) -> None:
        """A comparison report: the scenarios run on the same draws and compared, in the background."""
        from simulator.report.runs import run_for_report
        from ui.areas_cache import areas_for

        out = check_report_path(path, inputs)
        scenarios = list(scenarios)
        if files is None:
            files = [str(s.path) if s.path is not None else None for s in scenarios]

        def job(progress, should_stop):
            progress(0.0, "Reading the data")
            areas = [areas_for(s, should_stop) for s in scenarios]
            runs, extras = run_for_report(
                scenarios,
                areas,
                files=files,
                progress=lambda f, label: progress(0.8 * f, label),
                should_stop=should_stop,
            )
            progress(0.8, "Drawing the charts and writing the report")
            document = build_report(runs, date=date, files=files, extras=extras)
            if should_stop():  # cancelled while drawing: nothing written, and said so
                raise Cancelled()
            progress(0.95, "Writing the file")
            return write_report(document, out)

        self.runner.start(job)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        return self.runner.shutdown(timeout_ms)


def export_comparison_report(window, path: str | Path | None = None) -> None:
    """The compare window's Report…: a Word or PDF comparison report of its options."""
    from PySide6.QtWidgets import QMessageBox

    from simulator.core.errors import FundsimError
    from simulator.scenario.files import input_files

    scenarios = [o.scenario for o in window.options.options]
    files = [str(o.file) if o.file is not None else None for o in window.options.options]
    if len(scenarios) < 2:
        return
    exporter = getattr(window, "report_exporter", None)
    if exporter is None:
        exporter = window.report_exporter = ReportExporter(window)
        exporter.finished.connect(lambda p: window.status.setText(f"Report written: {p}"))
        exporter.failed.connect(
            lambda message: QMessageBox.warning(window, "Could not write the report", message)
        )
        exporter.progress.connect(window._on_progress)  # the window's progress bar and Cancel
        exporter.busy_changed.connect(window._on_busy)
    path = path or ask_report_path(window, "comparison.docx")
    if not path:
        return
    try:
        exporter.start_comparison(
            scenarios, path, [pair for s in scenarios for pair in input_files(s)], files=files
        )
    except (FundsimError, OSError) as exc:
        QMessageBox.warning(window, "Could not write the report", str(exc))
        return
    window.status.setText(f"Writing report {Path(path).name}…")


class ReportActions:
    """The window's File > Export report… (a mixin of :class:`ui.main_window.MainWindow`)."""

    report_exporter: ReportExporter | None = None

    def export_report(self, path: str | Path | None = None) -> None:
        """Ask for a .docx or .pdf name (unless given) and write a report of the results shown."""
        from PySide6.QtWidgets import QApplication

        from simulator.core.errors import FundsimError
        from simulator.scenario.files import input_files

        doc = self.document
        if doc.results is None:
            self.show_error("Nothing to report yet", "Run the scenario first.")
            return
        if self.report_exporter is None:
            self.report_exporter = ReportExporter(self)
            self.report_exporter.finished.connect(
                lambda p: self.status_label.setText(f"Report written: {p}")
            )
            self.report_exporter.failed.connect(
                lambda message: self.show_error("Could not write the report", message)
            )
            QApplication.instance().aboutToQuit.connect(self.report_exporter.shutdown)
        path = path or ask_report_path(self)
        if not path:
            return
        try:
            scenario = doc.results_scenario or doc.scenario  # the inputs of the results shown
            source = scenario.path
            if source is not None and (doc.modified or doc.stale):
                # the file alone would not give these numbers
                source = (
                    f"{source} (with changes not saved to it; every setting used is listed "
                    "under Inputs)"
                )
            self.report_exporter.start(doc.results, path, source, input_files(scenario))
        except (FundsimError, OSError) as exc:
            self.show_error("Could not write the report", str(exc))
            return
        self.status_label.setText(f"Writing report {Path(path).name}…")
