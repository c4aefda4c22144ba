"""Real England built in: the app opens on it, the data panel offers both bundled datasets by
name, and no preset's description claims data it is not using."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from simulator.core.paths import default_scenario_path, scenarios_dir  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402

ENGLAND = "builtin:england-districts-2025"


def test_presets_run_on_england_and_descriptions_name_no_other_data():
    presets = {p.stem: load_scenario(p) for p in scenarios_dir().glob("*.toml")}
    assert load_scenario(default_scenario_path()).data.source == ENGLAND
    for name, s in presets.items():
        text = s.description.lower()
        if s.data.source == ENGLAND:
            assert "fictional" not in text and "workshop dataset" not in text, name
        else:
            assert s.data.source == "builtin:workshop" and "invented" in text, name
    assert sum(s.data.source == "builtin:workshop" for s in presets.values()) == 1


def test_data_panel_offers_both_built_ins_by_name(qtbot, window):
    combo = window.panel.builtin_combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names == [
        "Built-in data…",
        "England: 296 districts (IoD2025)",
        "Fictional workshop areas (12)",
    ]
    assert combo.currentData() == "builtin:workshop"  # the preset under test
    with qtbot.waitSignal(window.runner.finished, timeout=60000):
        combo.setCurrentIndex(1)
        combo.activated.emit(1)
    qtbot.waitUntil(
        lambda: window.results is not None and len(window.results.recovery.table) == 296
    )
    assert window.scenario.data.source == ENGLAND
    assert window.results.data.vintage == "2025"
    assert "English Indices of Deprivation 2025" in window.results.data.attribution
    assert window.fictional_banner.isHidden()
    assert "England" in window.panel.data_label.toolTip() + window.panel.data_label.text()
    window.undo_stack.undo()
    assert window.scenario.data.source == "builtin:workshop"
    qtbot.waitUntil(lambda: window.panel.builtin_combo.currentData() == "builtin:workshop")


def test_compare_window_shows_the_caveat_for_iod2019_against_iod2025(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from simulator.data.vintage import COMPARABILITY_CAVEAT
    from tests.test_districts import ENGLAND as ENGLAND_PRESET
    from tests.test_districts import _iod2019_districts
    from ui.compare.options import Option
    from ui.main_window import MainWindow

    path, pop = _iod2019_districts(tmp_path)
    old = (
        load_scenario(ENGLAND_PRESET)
        .updated("data.source", str(path))
        .updated("data.population", str(pop))
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w = MainWindow(ENGLAND_PRESET)
    w.live_action.setChecked(False)
    w.show()
    qtbot.waitUntil(lambda: w.results is not None, timeout=30000)
    try:
        w.compare_action.trigger()
        cw = w.compare_window
        cw.options.add(Option(old, None))
        with qtbot.waitSignal(cw.jobs.finished, timeout=60000):
            cw.compare_button.click()
        assert cw.comparison.caveat == COMPARABILITY_CAVEAT
        assert COMPARABILITY_CAVEAT in cw.notes.text()
        assert cw.table.proxy.rowCount() == 296
        cw.close()
    finally:
        w.close()
        w.document.shutdown()
        w.deleteLater()
