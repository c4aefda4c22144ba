"""Opening official data in the app: File 1 + File 6 in two clicks, in the app's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from simulator.data.kinds import file_kind, sort_files  # noqa: E402
from tests.conftest import REPO, WAIT_MS, windows_of, write  # noqa: E402
from ui.dialogs.messages import app_message  # noqa: E402
from ui.dialogs.open_data import OpenDataDialog  # noqa: E402

IOD = next(
    (
        p
        for p in (
            REPO.parent / "shared" / "data" / "iod2019",
            REPO.parent.parent / "shared" / "data" / "iod2019",
        )
        if p.is_dir()
    ),
    None,
)
FILE1 = "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"
FILE6 = "File_6_-_IoD2019_Population_Denominators.csv"
needs_iod = pytest.mark.skipif(
    IOD is None or not (IOD / FILE1).exists(), reason="IoD2019 reference files not present"
)

RANKS_HEADER = "\ufeffLSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\n"


def ranks_and_population(tmp_path: Path) -> tuple[Path, Path]:
    """A File 1 look-alike (ranks, no population) over 20 neighbourhoods in 4 districts, and a
    plain code,population table for them."""
    rows = "".join(
        f'E010000{i:02d},N{i},E0600000{i % 4},D{i % 4},"{1 + i * 1000:,}",{1 + i // 2}\n'
        for i in range(20)
    )
    ranks = write(tmp_path / "ranks.csv", RANKS_HEADER + rows)
    pops = write(
        tmp_path / "people.csv",
        "code,population\n" + "".join(f"E010000{i:02d},{1000 + 10 * i}\n" for i in range(20)),
    )
    return ranks, pops


def drop(window, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_files_are_sorted_into_data_and_population_whichever_order(tmp_path):
    ranks, pops = ranks_and_population(tmp_path)
    for order in ([ranks, pops], [pops, ranks]):
        choice = sort_files([file_kind(p) for p in order])
        assert (choice.source, choice.population) == (ranks, pops)
        assert choice.level == "lad" and choice.indicator == "rank_exponential"
    alone = sort_files([file_kind(ranks)])
    assert alone.needs_population and alone.population is None


def test_dropping_ranks_and_population_together_runs_at_district_level(qtbot, window, tmp_path):
    ranks, pops = ranks_and_population(tmp_path)
    drop(window, pops, ranks)  # population first: the app sorts them out (after the drop)
    qtbot.waitUntil(lambda: bool(windows_of(OpenDataDialog)), timeout=WAIT_MS)
    dialog = windows_of(OpenDataDialog)[-1]
    assert dialog.source == ranks and dialog.population == pops
    assert dialog.level.currentData() == "lad"
    assert dialog.indicator.currentData() == "rank_exponential"
    assert dialog.run_button.isEnabled()
    with qtbot.waitSignal(window.runner.finished, timeout=20000):
        dialog.run_button.click()
    assert len(window.results.recovery.table) == 4  # 4 districts
    assert window.scenario.recovery_fund.need_indicator == "rank_exponential"
    assert window.results.recovery.table["population"].sum() == sum(
        1000 + 10 * i for i in range(20)
    )
    # one undo step takes back data and indicator together
    window.undo_action.trigger()
    assert (
        window.scenario.data.source == "builtin:workshop"
        and window.scenario.recovery_fund.need_indicator == "score"
    )


def test_a_file_without_population_asks_for_it_in_the_apps_words(
    qtbot,
    window,
    tmp_path,
    monkeypatch,
):
    ranks, pops = ranks_and_population(tmp_path)
    window.use_data(ranks)
    dialog = windows_of(OpenDataDialog)[-1]
    assert not dialog.run_button.isEnabled()
    text = dialog.intro.text() + dialog.population_label.text()
    assert "no population" in text and "File 6" in text
    assert "--" not in text and "[data]" not in text
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pops), ""))
    dialog.population_button.click()
    assert dialog.run_button.isEnabled()
    with qtbot.waitSignal(window.runner.finished, timeout=20000):
        dialog.run_button.click()
    assert len(window.results.recovery.table) == 4
    assert not window.isWindowModified() or window.undo_stack.count() == 1


def test_population_button_works_from_the_workshop_data(qtbot, window, tmp_path, monkeypatch):
    ranks, pops = ranks_and_population(tmp_path)
    assert window.panel.population_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pops), ""))
    window.panel.population_button.click()
    dialog = windows_of(OpenDataDialog)[-1]
    assert dialog.population == pops and dialog.source is None and not dialog.run_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(ranks), ""))
    dialog.source_button.click()
    with qtbot.waitSignal(window.runner.finished, timeout=20000):
        dialog.run_button.click()
    assert len(window.results.recovery.table) == 4


def test_messages_name_buttons_and_labels_not_flags_or_keys():
    engine = (
        "File_1.csv, row 1: has no population column (found: a, b); add one, or give a population file in "
        "the scenario's [data] population or with --population (File 6 or File 7 of the same IoD release, or a code,population table)"
    )
    text = app_message(engine)
    assert "--population" not in text and "[data]" not in text
    assert "Population “Choose file…” button" in text
    assert (
        app_message("recovery_fund.bid_scale must be >= 0")
        == "“Bid size (× entitlement)” must be >= 0"
    )
    assert "Map columns…" in app_message(
        "Map your columns in the scenario's [data.columns] or with Data > Map columns"
    )


@needs_iod
def test_official_file1_and_file6_open_in_two_clicks(qtbot, window):
    drop(window, IOD / FILE6, IOD / FILE1)  # click 1: drop both
    qtbot.waitUntil(lambda: bool(windows_of(OpenDataDialog)), timeout=WAIT_MS)
    dialog = windows_of(OpenDataDialog)[-1]
    assert (
        dialog.level.currentData() == "lad" and dialog.indicator.currentData() == "rank_exponential"
    )
    with qtbot.waitSignal(window.runner.finished, timeout=60000):
        dialog.run_button.click()  # click 2
    results = window.results
    assert len(results.recovery.table) == 317
    assert results.recovery.table["population"].sum() == pytest.approx(
        54_786_327, rel=0.02
    )  # England mid-2015 excl. prisoners
    assert results.data.attribution and "317 districts" in window.panel.data_info.text()
    assert results.recovery.distributed == pytest.approx(475e6)
    warning = next(w for w in results.warnings if "rank_exponential" in w)
    shown = window.panel.data_info.text()
    assert (
        warning.split("; ")[0] in shown and warning not in shown
    )  # its first clause in the panel...
    assert warning in window.panel.data_info.toolTip()  # ...and the whole of it on hover


@needs_iod
def test_official_file6_alone_is_recognised_as_population(qtbot, window):
    window.use_data(IOD / FILE6)
    dialog = windows_of(OpenDataDialog)[-1]
    assert dialog.population == IOD / FILE6 and dialog.source is None
    assert not dialog.run_button.isEnabled()
