"""The document's one runner: every window's work in turn on one worker thread, ``busy`` while any
of it runs, cancellable per window (headless; each test drives one widget with its Document)."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")

from simulator.analysis.compare import compare  # noqa: E402
from simulator.engine import Cancelled, run  # noqa: E402
from tests.conftest import WAIT_MS, run_document  # noqa: E402
from ui.areas_cache import areas_for  # noqa: E402
from ui.compare.options import Option  # noqa: E402
from ui.compare.window import CompareWindow  # noqa: E402
from ui.sensitivity.window import SensitivityWindow  # noqa: E402

PRESERVED = "endowment.prob_real_value_preserved"


def held(release: threading.Event, started: threading.Event | None = None, result="held"):
    """A job that holds the worker until ``release`` is set, stopping when asked."""

    def job(progress, should_stop):
        if started is not None:
            started.set()
        while not release.wait(0.005):
            if should_stop():
                raise Cancelled()
        return result

    return job


def busy_record(document) -> list[bool]:
    seen: list[bool] = []
    document.busy_changed.connect(seen.append)
    return seen


def test_a_comparison_makes_the_document_busy_and_leaves_its_runs_alone(qtbot, document):
    view = CompareWindow(document)
    qtbot.addWidget(view)
    view.show()
    view.options.add(Option(document.scenario.updated("recovery_fund.progressivity", 2.0)))
    seen = busy_record(document)
    with qtbot.waitSignal(view.jobs.finished, timeout=WAIT_MS):
        view.compare_button.click()
        assert document.busy and not document.running  # a job of the document, not a run
    assert seen == [True, False] and not document.busy
    assert document.results is None  # the comparison did not touch the document's results
    view.close()


def test_a_sensitivity_analysis_makes_the_document_busy(qtbot, document):
    run_document(qtbot, document)
    view = SensitivityWindow(document)
    qtbot.addWidget(view)
    view.show()
    view.metric_box.setCurrentIndex(view.metric_box.findData(PRESERVED))
    seen = busy_record(document)
    with qtbot.waitSignal(view.jobs.finished, timeout=WAIT_MS):
        view.tornado_button.click()
        assert document.busy
    assert seen == [True, False] and view.result is not None
    view.close()


def test_a_goal_seek_makes_the_document_busy(qtbot, document):
    from ui.sensitivity.goal_dialog import GoalSeekDialog

    dialog = GoalSeekDialog(document)
    qtbot.addWidget(dialog)
    seen = busy_record(document)
    with qtbot.waitSignal(dialog.jobs.finished, timeout=WAIT_MS):
        dialog.find_button.click()
        assert document.busy and not document.running
    assert seen == [True, False] and dialog.solution is not None


def test_jobs_of_two_windows_run_in_turn_and_give_the_results_they_give_alone(qtbot, document):
    """Two windows' engine work submitted at once: never at the same time on the worker, and
    each result equal to the same computation done alone."""
    scenario = document.scenario
    other = scenario.updated("recovery_fund.progressivity", 2.0)
    areas = areas_for(scenario)
    spans: dict[str, tuple[float, float]] = {}

    def timed(name, work):
        def job(progress, should_stop):
            start = time.perf_counter()
            out = work(should_stop)
            spans[name] = (start, time.perf_counter())
            return out

        return job

    first, second = document.jobs(document), document.jobs(document)
    got = {}
    first.finished.connect(lambda r: got.__setitem__("run", r))
    second.finished.connect(lambda r: got.__setitem__("compare", r))
    first.start(timed("run", lambda stop: run(other, areas, should_stop=stop)))
    second.start(timed("compare", lambda stop: compare([scenario, other], [areas, areas])))
    qtbot.waitUntil(lambda: len(got) == 2 and not document.busy, timeout=WAIT_MS)
    (a0, a1), (b0, b1) = sorted(spans.values())
    assert a1 <= b0  # one after the other, never overlapping
    alone = run(other, areas)
    assert got["run"].recovery.table[["mean", "p5", "p95"]].to_numpy().tolist() == (
        alone.recovery.table[["mean", "p5", "p95"]].to_numpy().tolist()
    )
    expected = compare([scenario, other], [areas, areas])
    assert [m["values"] for m in got["compare"].metrics] == [m["values"] for m in expected.metrics]


def test_the_scenarios_run_goes_ahead_of_queued_analyses(qtbot, document):
    release, started = threading.Event(), threading.Event()
    order: list[str] = []
    holder, queued = document.jobs(document), document.jobs(document)
    holder.start(held(release, started))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    queued.finished.connect(lambda _r: order.append("analysis"))
    document.results_changed.connect(lambda _r: order.append("run"))
    queued.start(lambda progress, should_stop: "analysis")
    said = []
    document.message.connect(said.append)
    document.run()  # queued after the analysis, yet run before it
    assert said == ["Waiting for the comparison or analysis in progress to finish…"]
    release.set()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=WAIT_MS)
    assert order == ["run", "analysis"]


def test_a_queued_job_cancelled_never_runs_and_a_running_one_stops(qtbot, document):
    release, started = threading.Event(), threading.Event()
    ran = threading.Event()
    running, waiting = document.jobs(document), document.jobs(document)
    running.start(held(release, started))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)

    def never(progress, should_stop):
        ran.set()

    waiting.start(never)
    with qtbot.waitSignal(waiting.cancelled, timeout=1000):  # at once: it had not started
        waiting.cancel()
    assert not waiting.busy and running.busy and document.busy
    with qtbot.waitSignal(running.cancelled, timeout=WAIT_MS):
        running.cancel()  # stops at its next check, without being released
    assert not document.busy and not ran.is_set()
    assert document.runner.shutdown()  # nothing left on the worker


def test_closing_a_compare_window_cancels_its_own_job_only(qtbot, document):
    view = CompareWindow(document)
    qtbot.addWidget(view)
    view.show()
    view.options.options[0].scenario = document.scenario.updated("simulation.paths", 400_000)
    view.options.add(Option(document.scenario.updated("recovery_fund.mechanism", "competitive")))
    cancelled = []
    view.jobs.cancelled.connect(lambda: cancelled.append(True))
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.progress.value() > 0, timeout=WAIT_MS)
    document.run()  # queued behind the comparison
    with qtbot.waitSignal(document.results_changed, timeout=WAIT_MS):
        view.close()
    assert cancelled == [True] and view.comparison is None
    assert document.results is not None and not document.stale
    qtbot.waitUntil(lambda: not document.busy, timeout=WAIT_MS)


def test_closing_the_document_stops_every_windows_work(qtbot, document):
    release, started = threading.Event(), threading.Event()
    running, waiting = document.jobs(document), document.jobs(document)
    cancelled = []
    running.cancelled.connect(lambda: cancelled.append("running"))
    waiting.cancelled.connect(lambda: cancelled.append("waiting"))
    running.start(held(release, started))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    waiting.start(held(release))
    document.shutdown()  # waits for the worker: the running job stopped without being released
    assert not document.busy and not release.is_set()
    qtbot.waitUntil(lambda: sorted(cancelled) == ["running", "waiting"], timeout=WAIT_MS)
    assert not running.busy and not waiting.busy


def test_an_edit_in_workshop_mode_cancels_the_before_after_comparison_of_the_old_scenario(
    qtbot, document
):
    from ui.workshop.window import WorkshopWindow

    run_document(qtbot, document)
    shop = WorkshopWindow(document)
    qtbot.addWidget(shop)
    qtbot.waitUntil(lambda: not document.busy, timeout=WAIT_MS)
    release, started = threading.Event(), threading.Event()
    holder = document.jobs(document)
    holder.start(held(release, started))
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    shop.paired.compare(shop.before_scenario, document.scenario)  # queued behind the holder
    with qtbot.waitSignal(shop.paired.jobs.cancelled, timeout=1000):
        document.edit("recovery_fund.progressivity", 2.0)  # its numbers would be of the old one
    release.set()
    qtbot.waitUntil(lambda: not document.busy, timeout=WAIT_MS)
    shop.close()


def test_closing_the_workshop_again_disconnects_nothing_twice(qtbot, document, recwarn):
    """The workshop leaves the document's signals once: a second close (the app quitting after
    the window was closed) used to print PySide's "Failed to disconnect" warnings."""
    from ui.workshop.window import WorkshopWindow

    run_document(qtbot, document)
    shop = WorkshopWindow(document)
    qtbot.addWidget(shop)
    qtbot.waitUntil(lambda: not document.busy, timeout=WAIT_MS)
    shop.close()
    shop.close()
    assert not [w for w in recwarn if "Failed to disconnect" in str(w.message)]
    document.edit("recovery_fund.progressivity", 2.0)  # the closed window follows no longer
    qtbot.waitUntil(lambda: not document.busy, timeout=WAIT_MS)
