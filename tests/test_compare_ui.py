"""The Compare view, driven through its widgets (headless)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from openpyxl import load_workbook  # noqa: E402
from PySide6.QtWidgets import QDialog, QMessageBox  # noqa: E402

from simulator.analysis.compare import compare  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from tests.conftest import REPO  # noqa: E402
from ui.areas_cache import areas_for  # noqa: E402
from ui.compare.options import ChangedCopyDialog, Option  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def window(qtbot, preset_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w = MainWindow(preset_path)
    w.live_action.setChecked(False)
    w.show()
    qtbot.waitUntil(lambda: w.results is not None, timeout=15000)
    yield w
    w.close()
    w.runner.shutdown()
    w.deleteLater()


def test_compare_view_runs_options_together_and_exports(qtbot, window, tmp_path, monkeypatch):
    window.compare_action.trigger()
    cw = window.compare_window
    assert [o.source for o in cw.options.options] == ["current scenario"]
    assert not cw.compare_button.isEnabled()  # one option is not a comparison
    # "duplicate current and change": edit a copy through the parameter form
    dialog = ChangedCopyDialog(window.scenario)
    qtbot.addWidget(dialog)
    dialog.panel.editors["recovery_fund.progressivity"].setValue(2.0)
    assert dialog.scenario.recovery_fund.progressivity == 2.0
    assert window.scenario.recovery_fund.progressivity == 1.0  # the current scenario is untouched
    monkeypatch.setattr(
        ChangedCopyDialog,
        "exec",
        lambda self: (
            self.panel.editors["recovery_fund.progressivity"].setValue(2.0),
            QDialog.DialogCode.Accepted,
        )[1],
    )
    cw.options.add_copy.click()
    # the preset runs on England; here it runs on the current (workshop) areas like the others
    competitive = load_scenario(REPO / "scenarios" / "competitive-rounds.toml")
    cw.options.add(
        Option(competitive.updated("data.source", "builtin:workshop"), "competitive-rounds.toml")
    )
    assert cw.options.list.count() == 3 and cw.compare_button.isEnabled()
    with qtbot.waitSignal(cw.runner.finished, timeout=30000):
        cw.compare_button.click()
    c = cw.comparison
    expected = compare([o.scenario for o in cw.options.options], areas_for(window.scenario))
    for got, want in zip(c.metrics, expected.metrics):
        assert got["values"] == want["values"] and got["difference_p95"] == want["difference_p95"]
    # the headline table shows each option's value and the paired difference from A
    assert cw.headlines.rowCount() == len(c.metrics) and cw.headlines.columnCount() == 4
    assert cw.headlines.item(0, 1).text() == "£475.0m"
    assert "vs A:" in cw.headlines.item(2, 2).text()
    # the change chart has a bar per area; the table a row per area and filters
    assert len(cw.change_chart.figure.axes[0].patches) == 12
    assert cw.table.proxy.rowCount() == 12
    cw.table.filter.setText("Saltmouth")
    assert cw.table.proxy.rowCount() == 1
    assert "B change £" in cw.table.selection_text().splitlines()[0]
    assert "competition" in cw.notes.text()
    out = tmp_path / "cmp.xlsx"
    assert cw.export(str(out))
    assert load_workbook(out).sheetnames[:4] == ["Cover", "Contents", "Notes", "Comparison"]
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert not cw.export(str(tmp_path / "cmp.txt"))  # an unknown format is refused with a message
    assert "unknown output format" in shown[0]
    cw.close()


def test_compare_view_reports_a_failure(qtbot, window, monkeypatch):
    window.compare_action.trigger()
    cw = window.compare_window
    shown = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: shown.append(self.text()))
    bad = window.scenario.updated("recovery_fund.need_indicator", "no_such_column")
    cw.options.add(Option(bad, "broken"))
    with qtbot.waitSignal(cw.runner.failed, timeout=30000):
        cw.compare_button.click()
    assert shown and "no_such_column" in shown[0]
    assert cw.status.text() == "Comparison failed"
    cw.close()


def test_compare_view_cancels_a_long_comparison(qtbot, window):
    window.compare_action.trigger()
    cw = window.compare_window
    cw.options.options[0].scenario = window.scenario.updated("simulation.paths", 400_000)
    cw.options.add(
        Option(window.scenario.updated("recovery_fund.mechanism", "competitive"), "competitive")
    )
    with qtbot.waitSignal(cw.runner.cancelled, timeout=60000):
        cw.compare_button.click()
        qtbot.waitUntil(lambda: cw.progress.value() > 0, timeout=30000)
        assert cw.cancel_button.isVisible()
        cw.cancel_button.click()
    assert cw.status.text() == "Comparison cancelled" and cw.comparison is None
    assert cw.compare_button.isEnabled()
    cw.close()


def test_workshop_before_and_after_numbers_come_from_the_comparison_engine(qtbot, window):
    window.workshop_action.trigger()
    shop = window.workshop
    try:
        shop.pin_before()
        before = window.scenario
        qtbot.waitUntil(
            lambda: shop.paired.comparison is not None and not shop.paired.runner.busy,
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
                and not shop.paired.runner.busy
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
