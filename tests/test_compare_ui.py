"""The Compare view, driven through its widgets (headless)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from openpyxl import load_workbook  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from simulator.analysis.compare import compare  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from tests.conftest import REPO, WAIT_MS, message_boxes, windows_of  # noqa: E402
from ui.areas_cache import areas_for  # noqa: E402
from ui.compare.options import Option  # noqa: E402
from ui.compare.window import CompareWindow  # noqa: E402
from ui.reports.export import export_comparison_report  # noqa: E402


@pytest.fixture
def cw(qtbot, document):
    """The Compare view alone, on a Document of the preset (no main window)."""
    view = CompareWindow(document)
    qtbot.addWidget(view)
    view.show()
    yield view
    view.close()


def edit(panel, key: str, shown_value) -> None:
    """Change one field of a parameter form as a user does (the value in the form's units)."""
    editor = panel.editors[key]
    if hasattr(editor, "findData") and not isinstance(shown_value, (int, float)):
        editor.setCurrentIndex(editor.findData(shown_value))
    else:
        editor.setValue(shown_value)


def test_the_analysts_three_options_are_built_in_the_compare_window(qtbot, cw, document):
    """'formula with a £250k floor', 'competitive rounds', 'most deprived 20% by population',
    without touching a file; which fields apply follows each edit (the old dialog kept the
    original's greyed fields: Rounds stayed grey under competitive, Eligible by under 20%)."""
    current = document.scenario
    dialog = cw.options.add_copy_dialog()
    edit(dialog.panel, "recovery_fund.floor", 0.25)  # £m
    dialog.accept()
    dialog = cw.options.add_copy_dialog()
    panel = dialog.panel
    assert not panel.editors["recovery_fund.rounds"].isEnabled()  # formula: no rounds
    edit(panel, "recovery_fund.mechanism", "competitive")
    assert panel.editors["recovery_fund.rounds"].isEnabled()
    assert panel.editors["competition.readiness"].isEnabled()  # the organisations' competition
    assert not panel.editors["recovery_fund.floor"].isEnabled()  # no formula part to pay it
    assert "formula" in panel.editors["recovery_fund.floor"].toolTip()
    edit(panel, "recovery_fund.rounds", 3)
    dialog.accept()
    dialog = cw.options.add_copy_dialog()
    panel = dialog.panel
    assert not panel.editors["recovery_fund.eligibility_basis"].isEnabled()  # all eligible
    edit(panel, "recovery_fund.eligible_share", 20.0)  # %
    assert panel.editors["recovery_fund.eligibility_basis"].isEnabled()
    edit(panel, "recovery_fund.eligibility_basis", "population")
    edit(panel, "recovery_fund.cap_share", 100.0)  # few areas share it all: no cap per area
    dialog.accept()
    options = cw.options.options
    assert (
        len(options) == 4
        and [o.origin for o in options] == ["workshop-as-proposed.toml"] + ["unsaved"] * 3
    )
    assert options[1].scenario.recovery_fund.floor == 250_000
    assert options[2].scenario.recovery_fund.mechanism == "competitive"
    assert options[2].scenario.recovery_fund.rounds == 3
    assert options[3].scenario.recovery_fund.eligible_share == pytest.approx(0.2)
    assert options[3].scenario.recovery_fund.eligibility_basis == "population"
    assert document.scenario == current  # the document is untouched
    assert cw.options.list.item(3).text().endswith("(unsaved)")
    with qtbot.waitSignal(cw.jobs.finished, timeout=WAIT_MS):
        cw.compare_button.click()
    c = cw.comparison
    expected = compare([o.scenario for o in options], areas_for(current))
    for got, want in zip(c.metrics, expected.metrics):
        assert got["values"] == want["values"]
    funded = c.areas[["A_mean", "D_mean"]]
    assert (funded["D_mean"] == 0).sum() > (funded["A_mean"] == 0).sum()  # targeted: fewer funded


def test_an_option_is_edited_in_place(qtbot, cw):
    dialog = cw.options.add_copy_dialog()
    dialog.accept()
    cw.options.list.setCurrentRow(1)
    dialog = cw.options.edit_dialog()
    assert "Option B" in dialog.windowTitle()
    edit(dialog.panel, "recovery_fund.progressivity", 2.0)
    dialog.accept()
    assert cw.options.options[1].scenario.recovery_fund.progressivity == 2.0
    assert cw.options.list.item(1).text().startswith("B: ")
    cw.options.list.setCurrentRow(0)  # editing A makes it unsaved: its file no longer says it
    dialog = cw.options.edit_dialog()
    edit(dialog.panel, "recovery_fund.progressivity", 1.5)
    dialog.accept()
    assert cw.options.options[0].origin == "unsaved"


def test_a_value_the_model_refuses_is_outlined_and_ok_waits(qtbot, cw):
    dialog = cw.options.add_copy_dialog()
    weights = dialog.panel.editors["recovery_fund.need_weights"]
    weights.setText("score = lots")
    weights.editingFinished.emit()
    assert "must be a table of names and numbers" in weights.toolTip()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.reject()
    assert len(cw.options.options) == 1


def test_a_bad_option_is_named_by_its_letter_and_its_own_file(qtbot, cw, document):
    """The old error named option A's file for a changed copy, and counted options 1 to 4."""
    bad = document.scenario.updated("recovery_fund.need_indicator", "no_such_column")
    cw.options.add(Option(bad, None))
    with qtbot.waitSignal(cw.jobs.failed, timeout=WAIT_MS):
        cw.compare_button.click()
    text = message_boxes()[-1].text()
    assert "no_such_column" in text and "option B (unsaved)" in text
    assert "workshop-as-proposed.toml" not in text
    assert cw.status.text() == "Comparison failed"
    message_boxes()[-1].close()


def test_ctrl_k_raises_the_one_compare_window(qtbot, window):
    window.compare_action.trigger()
    first = window.compare_window
    window.compare_action.trigger()
    assert window.compare_window is first
    assert len(windows_of(CompareWindow)) == 1
    first.close()


def test_the_comparison_report_shows_progress_and_can_cancel(qtbot, cw, tmp_path):
    cw.options.add_copy_dialog().accept()
    export_comparison_report(cw, tmp_path / "cmp.docx")
    assert cw.busy and cw.progress.isVisible() and cw.cancel_button.isVisible()
    qtbot.waitUntil(lambda: cw.progress.value() > 0, timeout=WAIT_MS)
    with qtbot.waitSignal(cw.report_exporter.jobs.cancelled, timeout=WAIT_MS):
        cw.cancel_button.click()
    assert not cw.progress.isVisible() and not (tmp_path / "cmp.docx").exists()


def test_compare_view_runs_options_together_and_exports(qtbot, cw, document, tmp_path, monkeypatch):
    cw.options.add_copy_dialog().accept()
    # the preset runs on England; here it runs on the current (workshop) areas like the others
    competitive = load_scenario(REPO / "scenarios" / "competitive-rounds.toml")
    cw.options.add(Option(competitive.updated("data.source", "builtin:workshop"), None))
    assert cw.options.list.count() == 3 and cw.compare_button.isEnabled()
    with qtbot.waitSignal(cw.jobs.finished, timeout=WAIT_MS):
        cw.compare_button.click()
    c = cw.comparison
    expected = compare([o.scenario for o in cw.options.options], areas_for(document.scenario))
    for got, want in zip(c.metrics, expected.metrics):
        assert got["values"] == want["values"] and got["difference_p95"] == want["difference_p95"]
    assert cw.headlines.rowCount() == len(c.metrics) and cw.headlines.columnCount() == 4
    assert cw.headlines.item(0, 1).text() == "£475.0m"
    assert "vs A:" in cw.headlines.item(2, 2).text()
    assert len(cw.change_chart.figure.axes[0].patches) == 12
    assert cw.table.proxy.rowCount() == 12
    cw.table.filter.setText("Saltmouth")
    assert cw.table.proxy.rowCount() == 1
    assert "B change £" in cw.table.selection_text().splitlines()[0]
    assert "competition" in cw.notes.text()
    out = tmp_path / "cmp.xlsx"
    assert cw.export(str(out))
    assert load_workbook(out).sheetnames[:4] == ["Cover", "Contents", "Notes", "Comparison"]
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert not cw.export(str(tmp_path / "cmp.txt"))  # an unknown format is refused with a message
    assert "unknown output format" in warned[0]


def test_compare_view_cancels_a_long_comparison(qtbot, cw, document):
    cw.options.options[0].scenario = document.scenario.updated("simulation.paths", 400_000)
    cw.options.add(Option(document.scenario.updated("recovery_fund.mechanism", "competitive")))
    with qtbot.waitSignal(cw.jobs.cancelled, timeout=60000):
        cw.compare_button.click()
        qtbot.waitUntil(lambda: cw.progress.value() > 0, timeout=WAIT_MS)
        assert cw.cancel_button.isVisible()
        cw.cancel_button.click()
    assert cw.status.text() == "Comparison cancelled" and cw.comparison is None
    assert cw.compare_button.isEnabled()


def test_workshop_before_and_after_numbers_come_from_the_comparison_engine(qtbot, window):
    window.workshop_action.trigger()
    shop = window.workshop
    try:
        shop.pin_before()
        before = window.scenario
        qtbot.waitUntil(
            lambda: shop.paired.comparison is not None and not shop.paired.jobs.busy,
            timeout=30000,
        )
        assert shop.paired.text().startswith(
            "Now is the same as before"
        )  # not "biggest change: £0"
        shop.mechanism.setCurrentIndex(shop.mechanism.findData("competitive"))
        qtbot.waitUntil(
            lambda: (
                shop.paired.comparison is not None
                and shop.paired.comparison.options[1]["mechanism"] == "competitive"
                and not shop.paired.jobs.busy
            ),
            timeout=30000,
        )
        c = shop.paired.comparison
        expected = compare([before, window.scenario], areas_for(before), names=["Before", "Now"])
        np_equal = c.areas["B_change"].to_numpy() == expected.areas["B_change"].to_numpy()
        assert np_equal.all()
        assert (
            " and " in shop.paired.text()
            and "Share to the most deprived 10% of people" in shop.paired.text()
        )
        winners = c.winners_losers[0]["on_mean_change"][1]
        assert (
            f"{winners:.0f} area gains" if round(winners) == 1 else f"{winners:.0f} areas gain"
        ) in shop.paired.text()
        assert "-0.0 pts" not in shop.paired.text()
    finally:
        shop.close()
        window.live_action.setChecked(False)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)


def test_workshop_paired_line_reads_as_english():
    """'1 area gains', never '1 areas'; a change that rounds to nothing reads 0.0 pts, never -0.0."""
    import pandas as pd

    from ui.workshop.paired import summary_text

    class C:
        threshold = 1.0
        winners_losers = [{"on_mean_change": [0, 1.0]}, {"on_mean_change": [0, 2.0]}]
        metrics = [
            {
                "name": "recovery_fund.share_to_most_deprived.population_10",
                "difference_mean": [0, -0.00004],
                "difference_p5": [0, -0.0004],
                "difference_p95": [0, 0.0003],
            }
        ]
        areas = pd.DataFrame(
            {
                "name": ["A", "B"],
                "B_change": [3.0, -2.0],
                "B_change_p5": [1.0, -3.0],
                "B_change_p95": [5.0, -1.0],
            }
        )

    text = summary_text(C())
    assert "1 area gains and 2 lose" in text
    assert "people 0.0 pts (0.0 pts to 0.0 pts)" in text and "-0.0" not in text
