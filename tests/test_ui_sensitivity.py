"""The Sensitivity view and goal-seek dialog, driven through their widgets (headless)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from simulator.analysis.sensitivity.executor import Runner  # noqa: E402
from simulator.analysis.sensitivity.tornado import tornado  # noqa: E402
from simulator.data import load_areas  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

PRESERVED = "endowment.prob_real_value_preserved"


@pytest.fixture
def window(qtbot, preset_path, tmp_path, monkeypatch):
    copy = tmp_path / "scenario.toml"
    copy.write_text(preset_path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w = MainWindow(copy)
    w.live_action.setChecked(False)
    w.show()
    qtbot.waitUntil(lambda: w.results is not None, timeout=15000)
    w.sensitivity_action.trigger()
    yield w
    w.sensitivity.close()
    w.close()
    w.runner.shutdown()
    w.deleteLater()


def test_the_tornado_in_the_view_is_the_engines_tornado(qtbot, window):
    view = window.sensitivity
    assert view.isVisible()
    view.metric_box.setCurrentText(PRESERVED)
    ends = view.keys.chosen()
    assert "endowment.spending_rate" in ends and "recovery_fund.progressivity" not in ends
    with qtbot.waitSignal(view.runner.finished, timeout=30000):
        qtbot.mouseClick(view.tornado_button, Qt.MouseButton.LeftButton)
    expected = tornado(
        window.scenario, ends, PRESERVED, Runner(window.scenario, load_areas(window.scenario), [])
    )
    assert [(b.key, b.at_low, b.at_high) for b in view.result.bars] == [
        (b.key, b.at_low, b.at_high) for b in expected.bars
    ]
    ax = view.figure.axes[0]
    assert "What moves it most" in ax.get_title(loc="left")
    assert len(ax.patches) == 2 * len(ends)
    assert view.result.bars[0].key.split(".")[1] in view.status.text()


def test_sweeps_draw_a_line_with_bands_and_a_heatmap(qtbot, window):
    view = window.sensitivity
    view.metric_box.setCurrentText("endowment.value_real.p50[-1]")
    view.sweep_points.setValue(5)
    with qtbot.waitSignal(view.runner.finished, timeout=30000):
        view.sweep_button.click()
    ax = view.figure.axes[0]
    assert len(ax.lines[0].get_xdata()) == 5
    assert len(ax.collections) == 2  # the 5-95% band of draws and the Monte Carlo interval
    medians = view.result.grid("endowment.value_real.p50[-1]")
    assert list(medians) == sorted(medians, reverse=True)  # more spending, a smaller fund
    view.grid_key.setCurrentText("endowment.real_return_mean")
    view.grid_points.setValue(3)
    with qtbot.waitSignal(view.runner.finished, timeout=30000):
        view.sweep_button.click()
    assert view.result.grid("endowment.value_real.p50[-1]").shape == (5, 3)
    assert len(view.figure.axes[0].images) == 1


def test_goal_seek_answer_applies_in_one_click_and_undoes(qtbot, window):
    view = window.sensitivity
    view.goal_button.click()
    dialog = view.goal_dialog
    assert (
        "spending rate between 0% and 8%" in dialog.question.text()
        and "at least 50.0%" in dialog.question.text()
    )
    with qtbot.waitSignal(dialog.runner.finished, timeout=30000):
        dialog.find_button.click()
    solution = dialog.solution
    assert solution.found and solution.achieved >= 0.5
    assert dialog.apply_button.isEnabled()
    before = window.scenario.endowment.spending_rate
    dialog.apply_button.click()
    assert window.scenario.endowment.spending_rate == solution.value
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert window.scenario.endowment.spending_rate == before
    window.redo_action.trigger()
    assert window.scenario.endowment.spending_rate == solution.value


def test_goal_seek_that_cannot_be_met_says_so(qtbot, window):
    window.sensitivity.goal_button.click()
    dialog = window.sensitivity.goal_dialog
    dialog.target.setText("1.5")
    with qtbot.waitSignal(dialog.runner.finished, timeout=30000):
        dialog.find_button.click()
    assert "cannot be met" in dialog.answer.text()
    assert not dialog.apply_button.isEnabled()


def test_a_long_sweep_can_be_cancelled(qtbot, window):
    view = window.sensitivity
    view.sweep_points.setValue(200)
    view.grid_key.setCurrentText("endowment.real_return_mean")
    view.grid_points.setValue(50)
    view.sweep_button.click()
    qtbot.waitUntil(lambda: view.cancel_button.isEnabled(), timeout=5000)
    with qtbot.waitSignal(view.runner.cancelled, timeout=30000):
        view.cancel_button.click()
    assert view.status.text() == "Cancelled."
    assert view.sweep_button.isEnabled()


def test_an_impossible_range_is_reported_not_fatal(qtbot, window):
    view = window.sensitivity
    row = next(
        r
        for r in range(view.keys.rowCount())
        if view.keys.item(r, 0).text() == "endowment.spending_rate"
    )
    view.keys.item(row, 2).setText("1.5")
    with qtbot.waitSignal(view.runner.finished, timeout=30000):
        view.tornado_button.click()
    # the end out of range is named with its reason; the other ends ran
    assert "could not run: endowment.spending_rate = 1.5: endowment.spending_rate" in (
        view.status.text()
    )
    assert sum(b.failure_high is not None for b in view.result.bars) == 1


def test_a_tornado_end_that_cannot_run_is_named_in_the_view(qtbot, window):
    view = window.sensitivity
    view.metric_box.setCurrentText("recovery_fund.share_to_most_deprived_decile")
    assert view.keys.chosen()["recovery_fund.eligible_share"][0] == pytest.approx(0.2)
    with qtbot.waitSignal(view.runner.finished, timeout=60000):
        qtbot.mouseClick(view.tornado_button, Qt.MouseButton.LeftButton)
    text = view.status.text()
    assert "1 could not run: recovery_fund.eligible_share = 0.2: recovery_fund.cap_share" in text
    assert view.status.toolTip().startswith("recovery_fund.eligible_share = 0.2")
    assert any(
        "could not run at 20%" in t.get_text() for t in view.figure.axes[0].get_yticklabels()
    )
