"""The Document and the findings of the third round of use (issue 24), each driven through one
widget with its Document where it can be, through the whole window where the finding is about
the window."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from simulator.core.cancel import Cancelled  # noqa: E402
from simulator.core.paths import scenarios_dir  # noqa: E402
from simulator.scenario import Scenario, load_scenario  # noqa: E402
from tests.conftest import (  # noqa: E402
    PRESET,
    REPO,
    WAIT_MS,
    message_boxes,
    run_document,
    windows_of,
    write,
)
from ui.main_window import MainWindow  # noqa: E402
from ui.panels.parameters import INVALID_STYLE, ParameterPanel  # noqa: E402


# ----------------------------------------------------------------- the Document alone
def test_a_multi_key_change_is_one_undo_step_and_undo_restores_a_chosen_state(qtbot, document):
    before = document.scenario
    assert document.change(
        {"recovery_fund.total": 750e6, "endowment.initial": 1750e6}, "split the funds"
    )
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.scenario == before  # never £750m beside the old £2,000m


def test_an_invalid_edit_waits_and_names_its_field(qtbot, document):
    seen = []
    document.problems_changed.connect(seen.append)
    assert not document.edit("recovery_fund.progressivity", -1.0)
    assert not document.can_run and seen[-1][0][0] == "recovery_fund.progressivity"
    assert document.scenario.recovery_fund.progressivity == 1.0
    assert document.edit("recovery_fund.progressivity", 2.0)
    assert document.can_run and seen[-1] == []


def test_problems_are_announced_only_when_they_change(qtbot, document):
    """Each valid edit clears the problems; announcing "none" again on every edit re-styled
    every field of the form (about 10 ms of each live edit)."""
    seen = []
    document.problems_changed.connect(seen.append)
    for value in (1.5, 2.0, 2.5):
        assert document.edit("recovery_fund.progressivity", value)
    assert seen == []
    assert not document.edit("recovery_fund.progressivity", -1.0)
    assert not document.edit("recovery_fund.progressivity", -1.0)  # the same problem again
    assert len(seen) == 1
    assert document.edit("recovery_fund.progressivity", 1.0)
    assert len(seen) == 2 and seen[-1] == []


def test_a_form_restyles_only_the_fields_whose_problem_changed(qtbot, monkeypatch):
    panel = ParameterPanel()
    qtbot.addWidget(panel)
    styled = []
    for dotted, editor in panel.editors.items():
        monkeypatch.setattr(editor, "setStyleSheet", lambda s, d=dotted: styled.append((d, s)))
    panel.mark_problems([])
    assert styled == []  # nothing was outlined: nothing to restyle
    panel.mark_problems([("recovery_fund.floor", "too large")])
    assert styled == [("recovery_fund.floor", INVALID_STYLE)]
    assert "too large" in panel.editors["recovery_fund.floor"].toolTip()
    panel.mark_problems([])
    assert styled[-1] == ("recovery_fund.floor", "")
    assert "too large" not in panel.editors["recovery_fund.floor"].toolTip()
    assert panel.editors["recovery_fund.floor"].accessibleDescription()


def test_a_failed_run_marks_the_results_out_of_date(qtbot, document):
    run_document(qtbot, document)
    shown = document.results
    stale = []
    document.stale_changed.connect(stale.append)
    document.change({"recovery_fund.mechanism": "competitive", "recovery_fund.floor": 250e3}, "x")
    with qtbot.waitSignal(document.failed, timeout=WAIT_MS):
        document.run()
    assert document.results is shown and document.stale and stale[-1] is True
    assert ("recovery_fund.floor", document.problems[0][1]) == document.problems[0]


# ----------------------------------------------------------------- findings in the window
def test_a_failed_live_run_leaves_old_results_marked_and_the_field_outlined(qtbot, window):
    """Old code: only "Run failed" in the status bar, the results unmarked."""
    panel = window.panel
    panel.editors["recovery_fund.floor"].setValue(0.25)  # £m
    mechanism = panel.editors["recovery_fund.mechanism"]
    mechanism.setCurrentIndex(mechanism.findData("competitive"))
    with qtbot.waitSignal(window.document.failed, timeout=WAIT_MS):
        window.run()
    assert "Out of date" in window.summary.stale_note.text()
    assert not window.summary.stale_note.isHidden()
    assert not window.allocation_chart.out_of_date.isHidden()
    floor = panel.editors["recovery_fund.floor"]
    assert floor.styleSheet() == INVALID_STYLE and floor.isEnabled()  # outlined, fixable
    assert "formula part only" in floor.toolTip()
    message_boxes()[-1].close()
    floor.setValue(0.0)
    with qtbot.waitSignal(window.document.results_changed, timeout=WAIT_MS):
        window.run()
    assert window.summary.stale_note.isHidden() and floor.styleSheet() == ""


def test_a_workshop_slider_move_is_one_undo_step(qtbot, document):
    """Old code: two steps, and one Undo left £750m + £2,000m."""
    from ui.workshop.window import WorkshopWindow

    run_document(qtbot, document)
    shop = WorkshopWindow(document)
    qtbot.addWidget(shop)
    before = document.scenario
    shop.split.setSliderDown(True)  # a drag: many values, one step
    for value in (25, 30, 35):
        shop.split.setValue(value)
    shop.split.setSliderDown(False)
    assert document.undo_stack.count() == 1
    assert document.scenario.recovery_fund.total == 875e6
    assert document.scenario.endowment.initial == 1625e6
    shop.split.setValue(40)  # a key press: a step of its own, both funds at once
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.scenario.recovery_fund.total + document.scenario.endowment.initial == 2500e6
    document.undo_stack.undo()
    assert document.scenario == before
    shop.close()


def test_workshop_mode_comes_back_after_a_crash_with_its_before_highlight_and_view(
    qtbot, window, monkeypatch, preset_path
):
    window.workshop_action.trigger()
    shop = window.workshop
    shop.pin_before()
    pinned = window.scenario
    shop.highlight.setCurrentIndex(shop.highlight.findData("Saltmouth"))
    shop.view.setCurrentIndex(shop.view.findData("both"))
    shop.rate.setValue(55)  # an edit: the working scenario is autosaved
    window.autosave()
    window.document.shutdown()  # the crash: its timers (the next autosave) go with its process,
    window.autosave_slot.release()  # and its lock
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    other = MainWindow(preset_path)  # the next session, after the crash
    try:
        qtbot.waitUntil(lambda: getattr(other, "workshop", None) is not None, timeout=WAIT_MS)
        again = other.workshop
        assert other.scenario.endowment.spending_rate == pytest.approx(0.055)
        assert again.view.currentData() == "both" and again.highlight.currentData() == "Saltmouth"
        assert again.before_scenario.model_dump() == pinned.model_dump()
        qtbot.waitUntil(lambda: again.before is not None, timeout=WAIT_MS)
        assert again.before.scenario["endowment"]["spending_rate"] == pinned.endowment.spending_rate
        assert "restored" in again.before_title.text()
    finally:
        monkeypatch.setattr(
            QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
        )
        other.close()
        other.document.shutdown()
        other.deleteLater()
        shop.close()


def test_a_value_beyond_a_fields_range_is_reported_where_it_is_typed(qtbot):
    """Old code: typing 150 into Admin top-slice gave 15.0% without a word."""
    panel = ParameterPanel()
    qtbot.addWidget(panel)
    panel.set_scenario(Scenario(), "Fictional workshop dataset")
    panel.show()
    edited, notices = [], []
    panel.edited.connect(lambda key, value: edited.append((key, value)))
    panel.notice.connect(notices.append)
    field = panel.editors["recovery_fund.admin_share"]
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "150")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    top = field.maximum()
    assert field.value() == top and edited[-1] == ("recovery_fund.admin_share", top / 100)
    assert notices and "Admin top-slice" in notices[-1] and "150" in notices[-1]
    assert panel.notice_label.isVisible() and "150" in panel.notice_label.text()


# ----------------------------------------------------------------- files
def test_data_files_are_read_off_the_window_thread(qtbot, window, tmp_path, monkeypatch):
    import simulator.data.kinds as kinds

    threads = []
    real = kinds.peek_headers

    def watched(path):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(path)

    monkeypatch.setattr(kinds, "peek_headers", watched)
    rows = "".join(f"R{i},Area {i},{1000 + i},{5 + i}\n" for i in range(6))
    table = write(tmp_path / "t.csv", "code,name,population,score\n" + rows)
    with qtbot.waitSignal(window.document.results_changed, timeout=WAIT_MS):
        window.use_data(table)
    assert threads == [False]  # read on a worker; the old code read it on the window's thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_as_data_is_refused_without_freezing(qtbot, window, tmp_path):
    """Old code: the header peek read the pipe on the window's thread and froze for good."""
    pipe = tmp_path / "areas.csv"
    os.mkfifo(pipe)
    writer = threading.Timer(20, lambda: open(pipe, "w").close())  # only unblocks old code
    writer.daemon = True
    writer.start()
    try:
        window.use_data(pipe)
        assert "not a regular file" in message_boxes()[-1].text()
        assert window.scenario.data.source == "builtin:workshop"
    finally:
        writer.cancel()
        message_boxes()[-1].close()


def test_a_slow_read_shows_progress_and_cancel_returns_at_once(qtbot):
    from ui.dialogs.reading import read_in_background

    gate = threading.Event()
    pressed = []

    def press_cancel():
        dialogs = windows_of(QProgressDialog)
        if dialogs:
            pressed.append(dialogs[-1].labelText())
            dialogs[-1].findChild(QPushButton).click()  # the dialog's Cancel
        else:
            QTimer.singleShot(50, press_cancel)

    QTimer.singleShot(50, press_cancel)
    with pytest.raises(Cancelled):
        read_in_background(None, "Reading big.csv…", lambda: gate.wait(WAIT_MS / 1000))
    gate.set()
    assert pressed == ["Reading big.csv…"]  # the dialog appeared while the read went on


def test_every_file_dialog_starts_in_the_last_folder(qtbot, window, tmp_path, monkeypatch):
    from ui.compare.window import CompareWindow

    folder = tmp_path / "project"
    folder.mkdir()
    chosen = write(folder / "option.toml", PRESET.read_text(encoding="utf-8"))
    starts = []

    def open_one(parent, title, start, filters, *a):
        starts.append(start)
        return str(chosen), ""

    def open_many(parent, title, start, filters, *a):
        starts.append(start)
        return [str(chosen)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_one)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_many)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.open_dialog()  # the main window's Open…
    compare = CompareWindow(window.document, window)
    compare.options.add_file_dialog()  # the Compare window's Add a scenario file…
    assert Path(starts[1]) == folder  # where Open… chose; the old Compare dialog started in ""
    assert compare.options.options[-1].file == chosen
    compare.close()


def test_new_from_preset_reads_the_packaged_presets(qtbot, window):
    from ui.dialogs.presets import PresetDialog, presets

    names = [name for _path, name, _d in presets()]
    assert len(names) == len(list(scenarios_dir().glob("*.toml"))) >= 6
    dialog = PresetDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(names)
    target = scenarios_dir() / "competitive-rounds.toml"
    with qtbot.waitSignal(window.document.results_changed, timeout=WAIT_MS):
        assert window.new_from_preset(target)
    assert window.scenario.name == load_scenario(target).name
    assert window.scenario.path is None and "unsaved scenario" in window.windowTitle()


# ----------------------------------------------------------------- charts
def test_a_name_with_dollars_is_drawn_as_written(qtbot, document, tmp_path):
    """Old code: "$...$" in a name was drawn as mathematics (or blanked the chart)."""
    from matplotlib.text import Text

    from simulator.outputs import figures
    from ui.charts.base import ChartWidget

    rows = "".join(f"R{i},Area {i},{1000 + i},{5 + i}\n" for i in range(5))
    table = write(
        tmp_path / "t.csv", "code,name,population,score\nR9,St $Mary$ \\frac,900,30\n" + rows
    )
    with qtbot.waitSignal(document.results_changed, timeout=WAIT_MS):
        document.edit_data(source=str(table))
    chart = ChartWidget(figures.allocation_chart)
    qtbot.addWidget(chart)
    chart.show()
    chart.set_results(document.results)
    chart.canvas.draw()
    named = [t for t in chart.figure.findobj(Text) if "$Mary$" in t.get_text()]
    assert named and not any(t.get_parse_math() for t in named)
    assert not message_boxes()


def test_a_chart_that_cannot_be_drawn_says_so_in_a_dialog(qtbot, document):
    from ui.charts.base import ChartWidget

    run_document(qtbot, document)

    def broken(figure, results):
        raise ValueError("no such column 'mean'")

    chart = ChartWidget(broken, name="allocation")
    qtbot.addWidget(chart)
    chart.show()
    chart.set_results(document.results)
    box = message_boxes()[-1]
    assert "allocation chart could not be drawn" in box.text()
    assert "ValueError" in box.detailedText()
    assert chart.placeholder.isVisible() and "could not be drawn" in chart.placeholder.text()
    box.close()


def test_product_code_has_no_test_only_hooks():
    code = "".join(p.read_text(encoding="utf-8") for p in (REPO / "ui").rglob("*.py"))
    assert not re.search(r"\blast_(error|dialog)\b", code)
