"""The Sensitivity view and goal-seek dialog, each driven alone with its Document (headless)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from simulator.analysis.sensitivity.executor import Runner  # noqa: E402
from simulator.analysis.sensitivity.tornado import tornado  # noqa: E402
from simulator.data import load_areas  # noqa: E402
from tests.conftest import WAIT_MS, run_document  # noqa: E402
from ui.sensitivity.goal_dialog import GoalSeekDialog  # noqa: E402
from ui.sensitivity.window import SensitivityWindow  # noqa: E402

PRESERVED = "endowment.prob_real_value_preserved"
#: A code name (section.key) or a number in exponent form: neither may reach the user.
CODE = re.compile(r"\b(recovery_fund|endowment|competition|simulation)\.[a-z_]+|\d[eE][+-]?\d")


@pytest.fixture
def view(qtbot, document):
    run_document(qtbot, document)
    window = SensitivityWindow(document)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def choose(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


def texts(box) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def test_the_tornado_in_the_view_is_the_engines_tornado(qtbot, view, document):
    choose(view.metric_box, PRESERVED)
    ends = view.keys.chosen()
    assert "endowment.spending_rate" in ends and "recovery_fund.progressivity" not in ends
    assert ends["endowment.spending_rate"] == pytest.approx((0.03, 0.06))  # shown 3 and 6 (%)
    with qtbot.waitSignal(view.jobs.finished, timeout=WAIT_MS):
        qtbot.mouseClick(view.tornado_button, Qt.MouseButton.LeftButton)
    s = document.scenario
    expected = tornado(s, ends, PRESERVED, Runner(s, load_areas(s), []))
    assert [(b.key, b.at_low, b.at_high) for b in view.result.bars] == [
        (b.key, b.at_low, b.at_high) for b in expected.bars
    ]
    ax = view.figure.axes[0]
    assert "What moves it most" in ax.get_title(loc="left")
    assert len(ax.patches) == 2 * len(ends)
    assert not CODE.search(view.status.text()), view.status.text()
    assert "real value" in view.status.text()


def test_settings_and_results_read_in_words_and_units(view):
    """The old view listed `recovery_fund.total` with a low of 2.5e+08 and metrics by path."""
    rows = range(view.keys.rowCount())
    shown = [view.keys.item(r, c).text() for r in rows for c in range(3)]
    assert not any(CODE.search(t) for t in shown), [t for t in shown if CODE.search(t)]
    total = next(r for r in rows if view.keys.key(r) == "recovery_fund.total")
    assert view.keys.item(total, 0).text() == "Fund size (recovery fund, £m)"
    assert float(view.keys.item(total, 1).text()) < 10_000  # £m, not pounds
    for box in (view.metric_box, view.sweep_key, view.grid_key):
        assert not any(CODE.search(t) for t in texts(box)), texts(box)
    assert view.sweep_unit.text() == "% a year"


def test_only_settings_that_can_move_the_result_are_offered(view, document):
    choose(view.metric_box, PRESERVED)  # an endowment result: no recovery fund setting moves it
    offered = view.keys.offered()
    assert offered and all(k.startswith(("endowment.", "simulation.")) for k in offered)
    sweepable = [view.sweep_key.itemData(i) for i in range(view.sweep_key.count())]
    assert "recovery_fund.total" not in sweepable and "endowment.spending_rate" in sweepable
    choose(view.metric_box, "recovery_fund.share_to_most_deprived_decile")
    offered = view.keys.offered()
    assert "recovery_fund.progressivity" in offered
    assert not any(k.startswith(("competition.", "endowment.")) for k in offered)  # formula
    assert "recovery_fund.bid_scale" not in offered  # a key that does not apply


def test_sweeps_draw_a_line_with_bands_and_a_heatmap(qtbot, view):
    choose(view.metric_box, "endowment.value_real.p50[-1]")
    choose(view.sweep_key, "endowment.spending_rate")
    view.sweep_from.setText("2")
    view.sweep_to.setText("7")  # percent a year, as the form shows them
    view.sweep_points.setValue(5)
    with qtbot.waitSignal(view.jobs.finished, timeout=WAIT_MS):
        view.sweep_button.click()
    ax = view.figure.axes[0]
    assert len(ax.lines[0].get_xdata()) == 5
    assert view.result.axes[0].values[-1] == pytest.approx(0.07)
    assert len(ax.collections) == 2  # the 5-95% band of draws and the Monte Carlo interval
    medians = view.result.grid("endowment.value_real.p50[-1]")
    assert list(medians) == sorted(medians, reverse=True)  # more spending, a smaller fund
    choose(view.grid_key, "endowment.real_return_mean")
    view.grid_points.setValue(3)
    with qtbot.waitSignal(view.jobs.finished, timeout=WAIT_MS):
        view.sweep_button.click()
    assert view.result.grid("endowment.value_real.p50[-1]").shape == (5, 3)
    assert len(view.figure.axes[0].images) == 1


def test_goal_seek_answers_in_words_and_applies_as_one_undo_step(qtbot, view, document):
    view.goal_button.click()
    dialog = view.goal_dialog
    question = dialog.question.text()
    assert "spending rate between 0% and 8%" in question and "at least 50.0%" in question
    with qtbot.waitSignal(dialog.jobs.finished, timeout=WAIT_MS):
        dialog.find_button.click()
    solution = dialog.solution
    assert solution.found and solution.achieved >= 0.5
    answer = dialog.answer.text()
    assert not CODE.search(answer), answer
    assert "spending rate of " in answer.lower() and "% a year" in answer
    assert "real value is preserved" in answer  # the measures registry's label
    before = document.scenario.endowment.spending_rate
    steps = document.undo_stack.count()
    dialog.apply_button.click()
    assert document.scenario.endowment.spending_rate == solution.value
    assert document.modified and document.undo_stack.count() == steps + 1
    document.undo_stack.undo()
    assert document.scenario.endowment.spending_rate == before
    dialog.close()


def test_goal_seek_that_cannot_be_met_says_so(qtbot, document):
    dialog = GoalSeekDialog(document)
    qtbot.addWidget(dialog)
    dialog.target.setText("150")  # percent: more than certain
    with qtbot.waitSignal(dialog.jobs.finished, timeout=WAIT_MS):
        dialog.find_button.click()
    assert "cannot be met" in dialog.answer.text()
    assert not dialog.apply_button.isEnabled()


def test_a_long_sweep_can_be_cancelled(qtbot, view):
    view.sweep_points.setValue(200)
    choose(view.grid_key, "endowment.real_return_mean")
    view.grid_points.setValue(50)
    view.sweep_button.click()
    qtbot.waitUntil(lambda: view.cancel_button.isEnabled(), timeout=5000)
    with qtbot.waitSignal(view.jobs.cancelled, timeout=WAIT_MS):
        view.cancel_button.click()
    assert view.status.text() == "Cancelled."
    assert view.sweep_button.isEnabled()


def test_an_impossible_range_is_reported_not_fatal(qtbot, view):
    choose(view.metric_box, PRESERVED)
    row = next(
        r for r in range(view.keys.rowCount()) if view.keys.key(r) == "endowment.spending_rate"
    )
    view.keys.item(row, 2).setText("150")  # percent
    with qtbot.waitSignal(view.jobs.finished, timeout=WAIT_MS):
        view.tornado_button.click()
    # the end out of range is named with its reason; the other ends ran
    assert "could not run: endowment.spending_rate = 1.5: endowment.spending_rate" in (
        view.status.text()
    )
    assert sum(b.failure_high is not None for b in view.result.bars) == 1


def test_a_tornado_end_that_cannot_run_is_named_in_the_view(qtbot, view):
    choose(view.metric_box, "recovery_fund.share_to_most_deprived_decile")
    assert view.keys.chosen()["recovery_fund.eligible_share"][0] == pytest.approx(0.2)
    with qtbot.waitSignal(view.jobs.finished, timeout=WAIT_MS):
        qtbot.mouseClick(view.tornado_button, Qt.MouseButton.LeftButton)
    text = view.status.text()
    assert "1 could not run: recovery_fund.eligible_share = 0.2: recovery_fund.cap_share" in text
    assert view.status.toolTip().startswith("recovery_fund.eligible_share = 0.2")
    assert any(
        "could not run at 20%" in t.get_text() for t in view.figure.axes[0].get_yticklabels()
    )
