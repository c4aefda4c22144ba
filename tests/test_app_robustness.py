"""The app at start-up and after a crash: bad settings, an unusable settings folder, restoring
an autosave, and exceptions escaping a slot."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QObject, Signal  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from simulator.scenario import load_scenario  # noqa: E402
from tests.conftest import REPO, message_boxes, write  # noqa: E402
from ui import settings as app_settings
from ui.dialogs import crash  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

SMOKE = REPO / "tests" / "app_smoke.py"


def start_app(settings_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """``fundsim gui`` in a fresh process: opens every preset, runs each, quits."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FUNDSIM_SETTINGS_DIR=str(settings_dir))
    return subprocess.run(
        [sys.executable, str(SMOKE)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )


def test_bad_values_in_the_settings_file_are_ignored_with_a_log_line(tmp_path):
    folder = tmp_path / "settings"
    folder.mkdir()
    for attempt in range(2):  # the same garbage, start after start  # noqa: B007
        write(
            folder / "fundsim.ini",
            "[General]\ngeometry=garbage\ntheme=@Variant(\\0\\0\\0\\x7f\\0\\0\\0)\nrecent_files=42\nlast_folder=@Invalid()\n",
        )
        proc = start_app(folder, tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        presets = len(list((REPO / "scenarios").glob("*.toml")))
        assert proc.stdout.strip().splitlines()[-1].startswith(f"ok {presets} ")
        assert "setting 'geometry' has an unusable value 'garbage'; ignored" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_a_settings_folder_that_is_a_file_falls_back_to_a_temporary_one(tmp_path):
    not_a_folder = write(tmp_path / "settings", "I am a file\n")
    proc = start_app(not_a_folder, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"The settings folder {not_a_folder} cannot be used" in proc.stderr
    assert "for this session" in proc.stderr and "Traceback" not in proc.stderr
    assert not_a_folder.read_text(encoding="utf-8") == "I am a file\n"


def test_settings_values_of_the_wrong_type_give_defaults(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("FUNDSIM_SETTINGS_DIR", str(tmp_path))
    app_settings.set_value("geometry", "garbage")
    app_settings.set_value("theme", "purple")
    app_settings.set_value("last_folder", str(tmp_path / "gone"))
    with caplog.at_level(logging.WARNING):
        assert app_settings.geometry() is None
        assert app_settings.theme() == "light"
    assert app_settings.last_folder() == Path.home()
    assert "setting 'geometry' has an unusable value 'garbage'" in caplog.text
    assert "unknown value 'purple'" in caplog.text


@pytest.fixture
def project(tmp_path, preset_path):
    """A user's scenario whose data path is relative to the scenario file."""
    (tmp_path / "project" / "data").mkdir(parents=True)
    rows = "".join(f"A{i},Area {i},{1000 * (i + 1)},{5 + 3 * i}\n" for i in range(8))
    write(tmp_path / "project" / "data" / "areas.csv", "code,name,population,score\n" + rows)
    text = preset_path.read_text(encoding="utf-8").replace(
        'source = "builtin:workshop"', 'source = "data/areas.csv"'
    )
    return write(tmp_path / "project" / "mine.toml", text)


def test_restoring_an_autosave_keeps_relative_data_paths(qtbot, project, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    first = MainWindow(project)
    first.live_action.setChecked(False)
    qtbot.waitUntil(lambda: first.results is not None, timeout=60_000)
    first.panel.editors["recovery_fund.progressivity"].setValue(3.5)
    first.autosave()
    autosaved = load_scenario(first.autosave_path())
    assert (
        autosaved.resolve(autosaved.data.source)
        == (project.parent / "data" / "areas.csv").resolve()
    )
    first.setWindowModified(False)
    first.autosave_slot.release()  # a crash: the autosave stays behind, its lock gone
    first.runner.shutdown()
    first.deleteLater()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    second = MainWindow(project)
    second.live_action.setChecked(False)
    try:
        assert second.offer_restore()
        restored = second.scenario
        assert restored.path == project.resolve() and restored.recovery_fund.progressivity == 3.5
        assert restored.data.source == "data/areas.csv"
        assert (
            restored.resolve(restored.data.source)
            == (project.parent / "data" / "areas.csv").resolve()
        )
        qtbot.waitUntil(
            lambda: second.results is not None and not second.runner.busy, timeout=60_000
        )
        assert len(second.results.recovery.table) == 8  # the user's own areas, not an error
        assert second.save()  # Ctrl+S writes the path with its meaning unchanged
        saved = load_scenario(project)
        assert saved.data.source == "data/areas.csv" and saved.recovery_fund.progressivity == 3.5
    finally:
        monkeypatch.setattr(
            QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard
        )
        second.close()
        second.runner.shutdown()
        second.deleteLater()


class _Emitter(QObject):
    fire = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_exception_escaping_a_slot_reaches_the_dialog_and_the_log(
    qtbot, window_for_hook, caplog, tmp_path
):
    window = window_for_hook
    previous = sys.excepthook
    crash.install(lambda title, message, details: window.show_error(title, message, details))
    try:
        emitter = _Emitter()

        def deep(n=0):
            return deep(n + 1)

        emitter.fire.connect(lambda: deep())
        with caplog.at_level(logging.ERROR, logger="fundsim.crash"):
            emitter.fire.emit()
        assert message_boxes()[-1].text().startswith("Something went wrong: RecursionError")
        assert "maximum recursion depth" in message_boxes()[-1].detailedText()
        assert "unexpected error" in caplog.text and "RecursionError" in caplog.text
        message_boxes()[-1].close()

        bad = write(tmp_path / "deep.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n")
        assert not window._load(bad)  # File > Open of a hostile scenario: its own one-line message
        assert (
            message_boxes()[-1]
            .text()
            .endswith(
                "deep.toml: is nested too deeply to be a scenario (tables or lists inside each other hundreds of levels deep)"
            )
        )
    finally:
        crash.install(None)
        sys.excepthook = previous


@pytest.fixture
def window_for_hook(qtbot, preset_path, tmp_path, monkeypatch):
    copy = write(tmp_path / "scenario.toml", preset_path.read_text(encoding="utf-8"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    w = MainWindow(copy)
    w.live_action.setChecked(False)
    qtbot.waitUntil(lambda: w.results is not None, timeout=60_000)
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    w.runner.shutdown()
    w.deleteLater()


def test_copied_table_text_pastes_as_text(qtbot, preset_path):
    from simulator import load_areas, run
    from ui.panels.results_table import ResultsTable

    scenario = load_scenario(preset_path).updated("simulation.paths", 40)
    table = run(scenario, load_areas(scenario)).recovery.table.copy()
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(1)", "tab\tinside", "two\nlines"]
    table.loc[: len(hostile) - 1, "name"] = hostile
    widget = ResultsTable()
    qtbot.addWidget(widget)
    widget.set_frame(table)
    lines = widget.selection_text().rstrip("\n").split("\n")
    assert len(lines) == 13 and all(
        len(line.split("\t")) == len(lines[0].split("\t")) for line in lines
    )
    names = {line.split("\t")[widget.model.columns.index("name")] for line in lines[1:]}
    assert names >= {
        '\'=HYPERLINK("http://x","y")',
        "'+1+1",
        "'-2+3",
        "'@SUM(1)",
        "tab inside",
        "two lines",
    }


def test_two_windows_keep_their_own_autosaves(qtbot, preset_path, monkeypatch):
    """One window closing normally never deletes another's autosave; after the other crashes,
    its work is offered back, and every orphan is offered, newest first."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    windows = [MainWindow(preset_path) for _ in range(3)]
    try:
        for window, value in zip(windows, (2.5, 3.0, 3.5)):
            window.live_action.setChecked(False)
            window.panel.editors["recovery_fund.progressivity"].setValue(value)
            window.autosave()
        paths = [w.autosave_path() for w in windows]
        assert len(set(paths)) == 3 and all(p.exists() for p in paths)
        windows[0].discard_autosave()  # what a normal close does
        assert not paths[0].exists() and paths[1].exists() and paths[2].exists()
        # the running windows' autosaves are not orphans
        probe = MainWindow(preset_path)
        assert probe.autosave_slot.orphans() == []
        # two crashes: both autosaves stay, unlocked, and the crashed windows' timers (their
        # next autosave) go with their processes
        for crashed in windows[1:]:
            crashed.document.shutdown()
            crashed.autosave_slot.release()
        import os

        os.utime(paths[1], (1, 1))  # the older of the two
        asked = []

        def answer(parent, title, text, *a, **k):
            asked.append(text)
            return (
                QMessageBox.StandardButton.No if len(asked) == 1 else QMessageBox.StandardButton.Yes
            )

        monkeypatch.setattr(QMessageBox, "question", answer)
        assert probe.offer_restore()
        assert len(asked) == 2 and "1 more unsaved scenario" in asked[0]
        # the newest (3.5) was declined and deleted; the older one (3.0) restored and adopted
        assert probe.scenario.recovery_fund.progressivity == 3.0
        assert not paths[1].exists() and not paths[2].exists()
        assert load_scenario(probe.autosave_path()).recovery_fund.progressivity == 3.0
        probe.setWindowModified(False)
        probe.runner.shutdown()
    finally:
        for window in windows:
            window.setWindowModified(False)
            window.runner.shutdown()
