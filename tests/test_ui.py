"""The desktop window, driven through its widgets with pytest-qt (headless)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QMessageBox  # noqa: E402

from simulator.scenario import load_scenario  # noqa: E402
from tests.conftest import PRESET, WAIT_MS, message_boxes, windows_of, write  # noqa: E402
from ui.dialogs.column_mapping import ColumnMappingDialog  # noqa: E402
from ui.dialogs.open_data import OpenDataDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def run_and_wait(qtbot, w):
    with qtbot.waitSignal(w.runner.finished, timeout=WAIT_MS):
        qtbot.keyClick(w, Qt.Key.Key_F5)


def test_window_opens_runs_and_draws_both_charts(window):
    assert window.results.recovery.distributed == pytest.approx(475e6)
    assert window.allocation_chart.canvas.isVisible()
    ax = window.allocation_chart.figure.axes[0]
    assert len(ax.patches) == 12  # one bar per workshop area
    assert "allocation per area" in ax.get_title(loc="left")
    assert window.summary.cards["distributed"].value.text() == "£475.0m"
    assert window.fictional_banner.isVisible()
    assert "Kruger report as proposed" in window.windowTitle()


def test_change_a_parameter_run_and_the_chart_updates(qtbot, window):
    before = window.results.recovery.share_to_most_deprived_decile
    editor = window.panel.editors["recovery_fund.progressivity"]
    editor.setValue(3.0)  # as typing 3 and pressing Enter would
    assert window.scenario.recovery_fund.progressivity == 3.0
    assert window.isWindowModified()
    run_and_wait(qtbot, window)
    after = window.results.recovery.share_to_most_deprived_decile
    assert after > before
    title = window.allocation_chart.figure.axes[0].get_title(loc="left")
    assert f"{100 * after:.1f}%" in title


def test_money_field_is_edited_in_millions(qtbot, window):
    window.panel.editors["recovery_fund.total"].setValue(250.0)
    assert window.scenario.recovery_fund.total == 250e6
    run_and_wait(qtbot, window)
    assert window.summary.cards["distributed"].value.text() == "£237.5m"


def test_invalid_combination_is_marked_and_blocks_run(qtbot, window):
    window.panel.editors["endowment.spending_rate"].setValue(95.0)  # percent
    window.panel.editors["endowment.fees"].setValue(10.0)
    editor = window.panel.editors["endowment.fees"]
    assert "spending_rate + fees must be at most 1" in editor.toolTip()
    assert editor.styleSheet() != ""
    assert not window.run_action.isEnabled()
    window.panel.editors["endowment.spending_rate"].setValue(4.0)
    assert window.run_action.isEnabled() and editor.styleSheet() == ""
    assert (
        window.scenario.endowment.spending_rate == 0.04 and window.scenario.endowment.fees == 0.10
    )


def test_real_nominal_switch_redraws_the_fan_chart(qtbot, window):
    window.tabs.setCurrentWidget(window.endowment_chart)
    ax = window.endowment_chart.figure.axes[0]
    assert "(real)" in ax.get_title(loc="left")
    window.value_basis.setCurrentIndex(1)
    assert "(nominal)" in window.endowment_chart.figure.axes[0].get_title(loc="left")


def test_save_and_reopen(qtbot, window, tmp_path):
    window.panel.editors["recovery_fund.floor"].setValue(5.0)  # £5m
    assert window.save()
    assert not window.isWindowModified()
    reopened = load_scenario(window.scenario.path)
    assert reopened.recovery_fund.floor == 5e6
    assert "# IMD average score" in window.scenario.path.read_text(encoding="utf-8")


def test_cancel_stops_a_long_run(qtbot, window):
    window.panel.editors["simulation.paths"].setValue(400_000)
    with qtbot.waitSignal(window.runner.cancelled, timeout=WAIT_MS):
        window.run()
        window.runner.cancel()
    assert not window.runner.busy
    assert window.results.paths == 2000  # the previous results stay on screen


def test_a_new_run_replaces_a_stale_one(qtbot, window):
    window.panel.editors["simulation.paths"].setValue(300_000)
    window.run()
    window.panel.editors["simulation.paths"].setValue(500)
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.run()
    assert window.results.paths == 500


def test_bad_data_file_shows_error_and_keeps_previous_data(qtbot, window, tmp_path, monkeypatch):
    bad = write(tmp_path / "bad.csv", "code,name,population,score\nA,a,-3,1\n")
    with qtbot.waitSignal(window.runner.failed, timeout=WAIT_MS):
        window.use_data(bad)
    assert "population must not be negative" in message_boxes()[-1].text()
    assert "row 2" in message_boxes()[-1].text()
    assert window.scenario.data.source == "builtin:workshop"
    assert window.results is not None and len(window.results.recovery.table) == 12


def test_opening_a_good_csv_runs_on_it(qtbot, window, tmp_path):
    rows = "".join(f"R{i},Area {i},{1000 + i},{5 + 3 * i}\n" for i in range(8))
    good = write(tmp_path / "mine.csv", "code,name,population,score\n" + rows)
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.use_data(good)
    assert len(window.results.recovery.table) == 8
    assert not window.fictional_banner.isVisible()
    np.testing.assert_allclose(window.results.recovery.table["mean"].sum(), 475e6)


def test_unsaved_changes_prompt_can_cancel_close(qtbot, window, monkeypatch):
    window.panel.editors["recovery_fund.progressivity"].setValue(2.0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_bad_scenario_file_is_reported_not_fatal(qtbot, window, tmp_path):
    bad = write(tmp_path / "bad.toml", "schema_version = 1\n[recovery_fund]\nprogressivity = -1\n")
    assert not window._load(Path(bad))
    assert "recovery_fund.progressivity must be >= 0, got -1" in message_boxes()[-1].text()
    assert window.scenario.name == load_scenario(PRESET).name  # the preset still open


IOD_HEADER = "\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Score,Total population: mid 2015 (excluding prisoners)\n"


def iod_like(tmp_path):
    rows = "".join(
        f'E010000{i:02d},N{i},E0600000{i % 5},D{i % 5},{10 + 5 * i},"{1000 + 100 * i:,}"\n'
        for i in range(10)
    )
    return write(tmp_path / "scores.csv", IOD_HEADER + rows)


def test_opening_an_iod_file_then_switching_to_districts(qtbot, window, tmp_path):
    window.use_data(iod_like(tmp_path))
    dialog = windows_of(OpenDataDialog)[
        -1
    ]  # a neighbourhood file: the level is asked, districts suggested
    assert dialog.level.currentData() == "lad" and dialog.level.isEnabled()
    assert dialog.indicator.currentData() == "score"
    dialog.level.setCurrentIndex(dialog.level.findData("lsoa"))
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        dialog.run_button.click()
    assert len(window.results.recovery.table) == 10
    assert "IoD2019 neighbourhood (LSOA) file" in window.panel.data_info.text()
    assert "10 neighbourhoods" in window.panel.data_info.text()
    level = window.panel.editors["data.level"]
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        level.setCurrentIndex(level.findData("lad"))
    assert window.scenario.data.level == "lad"
    assert len(window.results.recovery.table) == 5
    assert "5 districts" in window.panel.data_info.text()
    indicators = window.panel.editors["recovery_fund.need_indicator"]
    assert {indicators.itemText(i) for i in range(indicators.count())} >= {"score"}
    assert (
        "Contains data from the English Indices of Deprivation 2019"
        in window.allocation_chart.figure.texts[0].get_text()
    )


def test_unrecognised_table_offers_column_mapping(qtbot, window, tmp_path, monkeypatch):
    table = write(
        tmp_path / "council.csv",
        "LA code,Council,Residents,Need index\nA,Alpha,100,3\nB,Beta,200,1\nC,Gamma,300,2\nD,Delta,50,9\n",
    )
    with qtbot.waitSignal(window.runner.failed, timeout=WAIT_MS):
        window.use_data(table)
    assert "no recognisable header" in message_boxes()[-1].text()
    assert window.scenario.data.source == "builtin:workshop"  # nothing lost
    buttons = [b.text() for b in message_boxes()[-1].buttons()]
    assert "Map columns…" in buttons

    def answer(dialog):
        dialog.combos["code"].setCurrentText("LA code")
        dialog.combos["name"].setCurrentText("Council")
        dialog.combos["population"].setCurrentText("Residents")
        dialog.combos["score"].setCurrentText("Need index")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ColumnMappingDialog, "exec", answer)
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        assert window.map_columns(table)
    assert window.scenario.data.columns == {
        "code": "LA code",
        "name": "Council",
        "population": "Residents",
        "score": "Need index",
    }
    assert window.results.recovery.table["name"].tolist() == ["Alpha", "Beta", "Gamma", "Delta"]
    message_boxes()[-1].close()


def test_mechanism_and_need_weights_are_editable(qtbot, window):
    mech = window.panel.editors["recovery_fund.mechanism"]
    mech.setCurrentIndex(mech.findData("competitive"))
    window.panel.editors["recovery_fund.capacity_gradient"].setValue(1.5)
    weights = window.panel.editors["recovery_fund.need_weights"]
    weights.setText("score = 1")
    weights.editingFinished.emit()
    assert window.scenario.recovery_fund.need_weights == {"score": 1.0}
    run_and_wait(qtbot, window)
    assert window.results.recovery.measures["mechanism"] == "competitive"
    assert window.results.recovery.measures["unspent"]["mean"] >= 0
    weights.setText("score = lots")
    weights.editingFinished.emit()
    assert not window.run_action.isEnabled()
    assert "must be a table of names and numbers" in weights.toolTip()


def test_every_chart_tab_draws_and_the_table_copies_for_excel(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    for widget, title, _tip in window.tabs.charts:
        window.tabs.setCurrentWidget(widget)
        assert widget.figure.axes, title
        assert widget.figure.axes[0].get_title(loc="left"), title
    table = window.tabs.table
    window.tabs.setCurrentWidget(table)
    assert table.proxy.rowCount() == 12
    table.filter.setText("mouth")
    assert table.proxy.rowCount() == 1 and "1 of 12" in table.count.text()
    table.filter.clear()
    table.view.sortByColumn(table.model.columns.index("mean"), Qt.SortOrder.DescendingOrder)
    assert table.proxy.index(0, table.model.columns.index("name")).data() == "Eastgate"
    table.view.selectAll()
    table.copy()
    text = QGuiApplication.clipboard().text()
    lines = text.strip().split("\n")
    assert lines[0].split("\t")[:2] == ["Code", "Area"] and len(lines) == 13
    assert (
        float(lines[1].split("\t")[table.model.columns.index("mean")]) > 1e6
    )  # raw numbers, not "£..."


def test_allocation_search_and_top_n(qtbot, window):
    window.tabs.top_n.setValue(5)
    assert len(window.allocation_chart.figure.axes[0].patches) == 5
    window.tabs.search.setText("eastgate")  # the found area in context: its rank among all 12
    ax = window.allocation_chart.figure.axes[0]
    table = window.results.recovery.table.sort_values("mean", ascending=False).reset_index(
        drop=True
    )
    rank = int(table.index[table["name"] == "Eastgate"][0]) + 1
    assert f"Eastgate: rank {rank} of 12" in ax.get_title(loc="left")
    assert len(ax.lines[0].get_xdata()) == 12  # the curve of all areas


def test_undo_and_redo_parameter_edits(qtbot, window):
    editor = window.panel.editors["recovery_fund.progressivity"]
    editor.setValue(2.0)
    editor.setValue(3.0)
    assert window.scenario.recovery_fund.progressivity == 3.0
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.scenario.recovery_fund.progressivity == 2.0 and editor.value() == 2.0
    window.undo_action.trigger()
    assert window.scenario.recovery_fund.progressivity == 1.0 and editor.value() == 1.0
    window.redo_action.trigger()
    assert window.scenario.recovery_fund.progressivity == 2.0 and editor.value() == 2.0


def test_live_mode_previews_then_refines(qtbot, window):
    window.live_action.setChecked(True)
    seen = []
    window.runner.finished.connect(lambda r: seen.append(r.paths))
    window.panel.editors["recovery_fund.progressivity"].setValue(2.5)
    qtbot.waitUntil(lambda: seen[-1:] == [2000], timeout=WAIT_MS)
    assert seen[0] == 500  # the quick preview came first
    assert window.results.paths == 2000
    assert window.results.scenario["recovery_fund"]["progressivity"] == 2.5
    assert window.status_label.text().startswith("Done")


def test_autosave_and_restore_after_a_crash(qtbot, window, monkeypatch, preset_path, tmp_path):
    window.panel.editors["recovery_fund.progressivity"].setValue(4.0)
    window.autosave()
    saved = window.autosave_path()
    assert saved.exists() and load_scenario(saved).recovery_fund.progressivity == 4.0
    other = MainWindow(preset_path)
    assert not other.offer_restore()  # the window is running: its autosave is not an orphan
    other.close()
    other.runner.shutdown()
    other.deleteLater()
    window.document.shutdown()  # as a crash of the window would: no more autosaves,
    window.autosave_slot.release()  # and the file stays, unlocked
    # a new session after a crash offers it back
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    other = MainWindow(preset_path)
    other.live_action.setChecked(False)
    try:
        assert other.offer_restore()
        assert other.scenario.recovery_fund.progressivity == 4.0 and other.isWindowModified()
    finally:
        monkeypatch.setattr(
            QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
        )
        other.close()
        other.runner.shutdown()
        other.deleteLater()
    assert not saved.exists()  # a clean close removes it


def test_recent_files_and_settings_persist(qtbot, window, tmp_path):
    from ui import settings as app_settings

    target = tmp_path / "kept.toml"
    assert window._save_to(target)
    assert app_settings.recent_files()[0] == str(target.resolve())
    assert app_settings.last_folder() == tmp_path.resolve()
    window._fill_recent_menu()
    assert str(target.resolve()) in [a.text() for a in window.recent_menu.actions()]


def test_dropping_a_data_file_opens_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    rows = "".join(f"R{i},Area {i},{1000 + i},{5 + 3 * i}\n" for i in range(6))
    good = write(tmp_path / "dropped.csv", "code,name,population,score\n" + rows)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.dropEvent(event)
    assert len(window.results.recovery.table) == 6


def test_help_explains_every_parameter(qtbot, window):
    window.help_action.trigger()
    window.help_dialog.show_page(window.help_dialog.REFERENCE)
    text = window.help_dialog.browser.toPlainText()
    assert "recovery_fund.capacity_gradient" in text and "endowment.tobin_weight" in text
    assert "Concentration" in text
    window.help_dialog.close()


def test_workshop_mode_before_and_after(qtbot, window):
    window.workshop_action.trigger()
    shop = window.workshop
    try:
        assert window.live_action.isChecked()
        shop.pin_before()
        assert shop.before is window.results
        with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
            shop.mechanism.setCurrentIndex(shop.mechanism.findData("competitive"))
        qtbot.waitUntil(
            lambda: (
                window.results.paths == 2000
                and window.results.recovery.measures["mechanism"] == "competitive"
            ),
            timeout=WAIT_MS,
        )
        assert shop.after_alloc.results.recovery.measures["mechanism"] == "competitive"
        assert shop.before_alloc.results.recovery.measures["mechanism"] == "formula"
        shop.split.setValue(40)
        assert window.scenario.recovery_fund.total == pytest.approx(1.0e9)
        assert window.scenario.endowment.initial == pytest.approx(1.5e9)
    finally:
        shop.close()
        window.live_action.setChecked(False)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)


def test_the_results_table_shows_every_cell_as_its_formatter_says(qtbot):
    """The table model reads each column once; every cell's text and raw value are still the
    frame's own, through the column's formatter (a missing number shows blank)."""
    import numpy as np
    import pandas as pd

    from ui.panels.results_table import COLUMNS, FrameModel

    frame = pd.DataFrame(
        {
            "code": ["E1", "E2", "E3"],
            "name": ["Alpha", "Beta", "Gamma"],
            "population": [1200, 35000, 98765],
            "mean": [1.5e6, np.nan, 250_000.0],
            "prob_funded": [1.0, 0.25, 0.0],
            "ignored": [1, 2, 3],
        }
    )
    model = FrameModel(frame)
    assert model.columns == ["code", "name", "population", "mean", "prob_funded"]
    for r in range(3):
        for c, column in enumerate(model.columns):
            value = frame[column].iloc[r]
            formatter = COLUMNS[column][1]
            index = model.index(r, c)
            expected = (
                ""
                if isinstance(value, float) and np.isnan(value)
                else formatter(value)
                if formatter
                else str(value)
            )
            assert model.data(index) == expected
            raw = model.data(index, Qt.ItemDataRole.UserRole)
            assert type(raw) in (int, float, str)
            assert raw == value or (np.isnan(raw) and np.isnan(value))
    assert model.data(model.index(1, 3)) == "" and model.data(model.index(0, 3)) == "£1,500,000"


def test_the_main_window_fits_a_1366x768_screen(qtbot, window):
    """Its narrowest layout fits a 1366x768 laptop screen (the map's hover hint on one line had
    made it 1,402 px wide at least), and it opens no larger than the screen."""
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 - 40 and hint.height() <= 768 - 80
    room = window.screen().availableGeometry()
    assert window.width() <= max(room.width(), hint.width())
    assert window.height() <= max(room.height(), hint.height())
