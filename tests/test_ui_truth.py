"""Controls that tell the truth: every view follows every change, and nothing changes unasked."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from simulator.core.money import format_money  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from tests.conftest import write  # noqa: E402
from tests.test_ui import run_and_wait  # noqa: E402


def wheel(widget, steps: int = 1) -> None:
    event = QWheelEvent(
        QPointF(5, 5),
        QPointF(widget.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_workshop_changes_show_in_the_panel_and_back(qtbot, window):
    window.workshop_action.trigger()
    shop = window.workshop
    try:
        shop.mechanism.setCurrentIndex(shop.mechanism.findData("competitive"))
        assert window.scenario.recovery_fund.mechanism == "competitive"
        assert window.panel.editors["recovery_fund.mechanism"].model_value() == "competitive"
        shop.rate.setValue(45)
        assert window.panel.editors["endowment.spending_rate"].model_value() == pytest.approx(0.045)
        window.panel.editors["recovery_fund.mechanism"].set_model_value("hybrid")
        window.panel.editors["recovery_fund.mechanism"].valueEdited.emit("hybrid")
        assert shop.mechanism.currentData() == "hybrid"
        window.undo_action.trigger()  # undo, too, is followed everywhere
        assert shop.mechanism.currentData() == "competitive"
        assert window.panel.editors["recovery_fund.mechanism"].model_value() == "competitive"
    finally:
        shop.close()
        window.live_action.setChecked(False)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)


def test_the_wheel_changes_a_field_only_when_it_has_focus(qtbot, window):
    editor = window.panel.editors["recovery_fund.progressivity"]  # a field the formula uses
    before, steps = editor.value(), window.undo_stack.count()
    window.panel.setFocus()
    wheel(editor, -3)
    assert editor.value() == before and window.undo_stack.count() == steps
    combo = window.panel.editors["recovery_fund.mechanism"]
    wheel(combo, -1)
    assert combo.model_value() == "formula"
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    wheel(editor, 1)
    assert editor.value() == pytest.approx(before + editor.singleStep())


def test_results_are_marked_out_of_date_until_run(qtbot, window):
    assert not window.summary.stale_note.isVisibleTo(window)
    window.panel.editors["recovery_fund.progressivity"].setValue(2.0)
    assert window.summary.stale_note.isVisibleTo(window)
    assert not window.summary.cards["decile"].value.isEnabled()
    assert window.allocation_chart.out_of_date.isVisibleTo(window)
    run_and_wait(qtbot, window)
    assert not window.summary.stale_note.isVisibleTo(window)
    assert window.summary.cards["decile"].value.isEnabled()
    assert not window.allocation_chart.out_of_date.isVisibleTo(window)


def test_awarded_and_unspent_money_is_shown_for_a_competition(qtbot, window):
    window.on_edited("recovery_fund.mechanism", "competitive")
    window.on_edited("recovery_fund.success_rate", 0.3)
    run_and_wait(qtbot, window)
    m = window.results.recovery.measures
    assert m["unspent"]["mean"] > 1e6
    card = window.summary.cards["distributed"]
    assert card.value.text() == format_money(m["awarded"]["mean"])
    assert f"{format_money(m['unspent']['mean'])} unspent" in card.caption.text()
    assert "£475.0m distributed" not in card.caption.text()
    title = window.allocation_chart.figure.axes[0].get_title(loc="left")
    assert "unspent" in title and f"{format_money(m['awarded']['mean'])} awarded" in title


def test_no_save_prompt_without_a_real_change(qtbot, window, tmp_path):
    assert not window.isWindowModified()
    window.panel.name_edit.setFocus()
    window.tabs.search.setFocus()  # leaving the name unchanged is no change
    window.panel.name_edit.editingFinished.emit()
    window.tabs.search.setText("east")
    window.tabs.search.clear()
    assert not window.isWindowModified() and window.undo_stack.count() == 0
    bad = write(tmp_path / "bad.csv", "code,name,population,score\nA,a,-3,1\n")
    with qtbot.waitSignal(window.runner.failed, timeout=15000):
        window.use_data(bad)
    assert not window.isWindowModified()
    assert window.scenario.data.source == "builtin:workshop"
    window.panel.editors["recovery_fund.progressivity"].setValue(2.0)
    assert window.isWindowModified()
    window.undo_action.trigger()  # back to the saved state
    assert not window.isWindowModified()


def test_shortcuts_work_while_a_number_field_has_focus(qtbot, window, tmp_path, monkeypatch):
    editor = window.panel.editors["recovery_fund.progressivity"]
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    qtbot.keyClicks(editor, "3")  # typed, not yet committed
    with qtbot.waitSignal(window.runner.finished, timeout=15000):
        qtbot.keyClick(editor, Qt.Key.Key_F5)
    assert window.results.scenario["recovery_fund"]["progressivity"] == 3.0
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(
        type(window), "ask_export_path", lambda self, suggested="results.xlsx": str(target)
    )
    qtbot.keyClick(editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert target.exists() and target.stat().st_size > 1000


def test_the_export_file_type_follows_the_name(qtbot, window, tmp_path, monkeypatch):
    seen = {}

    def fake(parent, caption, folder, filters, selected=None, *rest):
        seen.update(folder=folder, filters=filters, selected=selected)
        return str(tmp_path / "typed"), "CSV (per-area table) (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    path = window.ask_export_path("results.xlsx")
    assert seen["folder"].endswith("results.xlsx") and seen["selected"] == "Excel workbook (*.xlsx)"
    assert path == str(tmp_path / "typed.csv")


def test_undo_entries_use_the_fields_label(qtbot, window):
    window.panel.editors["recovery_fund.bid_scale"].setValue(1.8)
    assert window.undo_action.text() == "&Undo change to Bid size (× entitlement)"
    assert "recovery_fund" not in window.undo_action.text()


def test_a_multi_line_description_is_kept(qtbot, window, tmp_path):
    edit = window.panel.description_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.setPlainText("Option B for the submission.\nFloor of £250k.\n\nChecked by finance.")
    window.panel.name_edit.setFocus()
    qtbot.waitUntil(lambda: window.scenario.description.count("\n") == 3)
    target = tmp_path / "kept.toml"
    assert window._save_to(target)
    text = target.read_text(encoding="utf-8")
    assert (
        'description = """Option B for the submission.\nFloor of £250k.\n\nChecked by finance."""'
        in text
    )
    assert (
        load_scenario(target).description
        == "Option B for the submission.\nFloor of £250k.\n\nChecked by finance."
    )


def test_fields_that_cannot_change_the_results_are_greyed_out_with_the_reason(qtbot, window):
    editors, labels = window.panel.editors, window.panel.labels
    assert window.scenario.recovery_fund.mechanism == "formula"
    gap, scale = editors["competition.quality_gap"], editors["recovery_fund.bid_scale"]
    assert not gap.isEnabled() and not labels["competition.quality_gap"].isEnabled()
    assert gap.toolTip().startswith("Used only when organisations bid")
    assert editors["recovery_fund.progressivity"].isEnabled()
    window.on_edited("recovery_fund.mechanism", "competitive")
    assert gap.isEnabled() and not gap.toolTip().startswith("Used only")
    assert not scale.isEnabled() and "reduced-form" in scale.toolTip()
    window.undo_action.trigger()  # undo is followed too
    assert not gap.isEnabled() and window.scenario.recovery_fund.mechanism == "formula"
    window.panel.mark_problems([("competition.quality_gap", "must be at most 10")])
    assert (
        gap.toolTip().startswith("⚠ must be at most 10")
        and "Used only when organisations bid" in gap.toolTip()
    )
