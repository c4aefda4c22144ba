"""What the user feels: from a changed value to the visible chart repainted with the new numbers.

Drives the real main window (and workshop mode) offscreen on 317 districts read from files laid
out like IoD2019 Files 1 and 6: a value is changed as a user would, and the clock stops when the
chart's canvas has been painted with results that carry that value. Reported by
``fundsim bench`` (the console launcher passes these cases in; the engine never imports Qt).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: Edits timed per case (the median is reported), after one warm-up edit.
EDITS = 12
QUICK_EDITS = 5


class _Painted:
    """Records when a chart's canvas was last drawn, and with which results."""

    def __init__(self, chart) -> None:
        self.chart, self.when, self.results = chart, None, None
        chart.canvas.mpl_connect("draw_event", self._on_draw)

    def _on_draw(self, _event) -> None:
        self.when, self.results = time.perf_counter(), self.chart.results


def _until(app, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError("the chart was not repainted in time")
        time.sleep(0.0005)


def _time_edits(app, window, painted: _Painted, edit: Callable[[int], object], key: str, edits: int) -> list[float]:
    """Seconds from each edit to the chart painted with results holding the new value."""
    section, name = key.split(".")
    seconds = []
    for i in range(edits + 1):
        _until(app, lambda: not window.runner.busy and not window._refine_timer.isActive())
        value = edit(i)
        start = time.perf_counter()
        _until(app, lambda: painted.when is not None and painted.when > start and painted.results is not None
               and painted.results.scenario[section][name] == value)
        if i:  # the first edit warms caches up
            seconds.append(painted.when - start)
    _until(app, lambda: not window.runner.busy)
    return seconds


def _window(files: tuple[Path, Path]):
    from ui.main_window import MainWindow

    window = MainWindow()
    window.live_action.setChecked(True)
    window.resize(1400, 860)
    window.show()
    window.apply_data_choice({"source": str(files[0]), "population": str(files[1]), "level": "lad", "columns": {}}, "rank_exponential")
    return window


def app_cases(quick: bool = False):
    """End-to-end cases for ``fundsim bench``: formula, competition and workshop mode."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("FUNDSIM_SETTINGS_DIR", tempfile.mkdtemp(prefix="fundsim-bench-"))
    from PySide6.QtWidgets import QApplication

    from simulator.bench import Case, write_iod_like_files

    app = QApplication.instance() or QApplication([])
    edits = QUICK_EDITS if quick else EDITS
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        files = write_iod_like_files(tmp)
        window = _window(files)
        _until(app, lambda: window.results is not None and len(window.results.recovery.table) == 317 and not window.runner.busy, 60)
        painted = _Painted(window.allocation_chart)
        progressivity = window.panel.editors["recovery_fund.progressivity"]
        values = [round(1.0 + 0.1 * (1 + i % 9), 2) for i in range(edits + 1)]
        seconds = _time_edits(app, window, painted, lambda i: (progressivity.setValue(values[i]), values[i])[1], "recovery_fund.progressivity", edits)
        cases.append(Case("App: edit to allocation chart repainted, formula, 317 districts (median)", statistics.median(seconds), "< 200 ms"))

        window.on_edited("recovery_fund.mechanism", "competitive")
        _until(app, lambda: window.results.scenario["recovery_fund"]["mechanism"] == "competitive" and not window.runner.busy, 60)
        bid = window.panel.editors["recovery_fund.bid_probability"]
        shares = [round(0.5 + 0.04 * (1 + i % 9), 2) for i in range(edits + 1)]
        seconds = _time_edits(app, window, painted, lambda i: (bid.setValue(100 * shares[i]), round(shares[i], 12))[1], "recovery_fund.bid_probability", edits)
        cases.append(Case("App: edit to allocation chart repainted, competition, 317 districts (median)", statistics.median(seconds), "< 300 ms"))

        window.on_edited("recovery_fund.mechanism", "formula")
        window.workshop_action.trigger()
        shop = window.workshop
        shop.showNormal()
        shop.resize(1920, 1080)
        _until(app, lambda: not window.runner.busy, 60)
        after = _Painted(shop.after_alloc)
        rates = [20 + 5 * (i % 9) for i in range(edits + 1)]
        seconds = _time_edits(app, window, after, lambda i: (shop.rate.setValue(rates[i]), rates[i] / 1000)[1], "endowment.spending_rate", edits)
        cases.append(Case("App: workshop slider to chart repainted, 317 districts, 1920x1080 (median)", statistics.median(seconds), "< 300 ms"))
        shop.close()
        window._set_dirty(False)  # nothing to save: no prompt
        window.close()
        window.runner.shutdown()
    return cases
