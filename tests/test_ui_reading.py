"""Scenario files are read off the window's thread (issue 24: Open, the recent files, restore
after a crash and New from preset read them on it): a file that is slow, stalled or a named pipe
never freezes the window, Cancel or closing the window ends the read, and the unsaved scenario
on screen is untouched."""

from __future__ import annotations

import os
import threading

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton  # noqa: E402

import simulator.scenario.files as scenario_files  # noqa: E402
from simulator.core.paths import scenarios_dir  # noqa: E402
from tests.conftest import WAIT_MS, message_boxes, windows_of, write  # noqa: E402
from tests.test_special_files import deadline  # noqa: E402
from ui import settings as app_settings  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def other_file(tmp_path, preset_path):
    """Another scenario file to open (a copy of the preset under another name)."""
    text = preset_path.read_text(encoding="utf-8").replace('name = "', 'name = "Other: ', 1)
    return write(tmp_path / "other.toml", text)


@pytest.fixture
def stalled(monkeypatch):
    """Scenario files read as from a network drive that stopped answering: a read waits until
    the test ends. Yields an Event set when a read has begun."""
    gate, begun = threading.Event(), threading.Event()
    real = scenario_files.read_input_text

    def stuck(*args, **kwargs):
        begun.set()
        gate.wait(WAIT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(scenario_files, "read_input_text", stuck)
    yield begun
    gate.set()  # the drive answers again: the read left behind ends, its result dropped
    for thread in threading.enumerate():
        if thread.name == "fundsim-read":
            thread.join(WAIT_MS / 1000)
            assert not thread.is_alive()


@pytest.fixture
def on_ui_thread(monkeypatch) -> list[bool]:
    """For each scenario file read: whether it was read on the window's (main) thread."""
    seen: list[bool] = []
    real = scenario_files.read_input_text

    def spy(*args, **kwargs):
        seen.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(scenario_files, "read_input_text", spy)
    return seen


def unsaved_work(window) -> object:
    window.document.edit("recovery_fund.progressivity", 3.0)
    assert window.isWindowModified()
    return window.scenario


def ticking(window) -> list[int]:
    """A timer of the window's: it fires only while the event loop runs."""
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    return ticks


def when(condition, then) -> None:
    """Call ``then()`` once ``condition()`` holds, checking from the event loop."""
    if condition():
        then()
    else:
        QTimer.singleShot(20, lambda: when(condition, then))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_chosen_as_a_scenario_is_a_dialog_while_the_window_runs_on(
    qtbot, window, tmp_path
):
    unsaved = unsaved_work(window)
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    fired = []
    QTimer.singleShot(0, lambda: fired.append(True))
    with deadline():
        assert not window._load(pipe)
    assert fired  # the event loop ran while the file was read (old code: read on this thread)
    box = message_boxes()[-1]
    assert "named pipe" in box.text() and str(pipe) in box.text()
    box.close()
    assert window.scenario is unsaved and window.isWindowModified()


def test_a_stalled_scenario_read_leaves_the_window_working_and_cancel_ends_it(
    qtbot, window, stalled, other_file
):
    unsaved = unsaved_work(window)
    ticks = ticking(window)
    pressed = []

    def press_cancel():
        dialog = windows_of(QProgressDialog)[-1]
        pressed.append(dialog.labelText())
        dialog.findChild(QPushButton).click()

    when(lambda: len(ticks) >= 3 and windows_of(QProgressDialog), press_cancel)
    assert not window._load(other_file)  # returns when Cancel is pressed; the read still hangs
    assert stalled.is_set() and pressed == ["Reading other.toml…"]
    assert window.scenario is unsaved and window.isWindowModified()
    assert window.status_label.text() == "Opening other.toml cancelled"
    assert not windows_of(QProgressDialog)
    window.document.edit("recovery_fund.progressivity", 2.0)  # the window goes on working
    assert window.scenario.recovery_fund.progressivity == 2.0


def test_closing_the_window_ends_a_stalled_scenario_read(
    qtbot, window, stalled, other_file, monkeypatch
):
    unsaved = unsaved_work(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    when(stalled.is_set, window.close)
    assert not window._load(other_file)
    assert not window.isVisible() and window.scenario is unsaved
    assert not windows_of(QProgressDialog)


def test_every_way_of_opening_a_scenario_reads_it_off_the_window_thread(
    qtbot, window, on_ui_thread, other_file, monkeypatch, preset_path
):
    monkeypatch.setattr("ui.file_actions.ask_open_file", lambda *a: other_file)
    window.open_dialog()  # File › Open
    assert window.scenario.name.startswith("Other: ")
    app_settings.add_recent(preset_path)
    window._fill_recent_menu()
    window.recent_menu.actions()[0].trigger()  # File › Open recent
    assert window.scenario.path == preset_path
    with qtbot.waitSignal(window.document.results_changed, timeout=WAIT_MS):
        assert window.new_from_preset(scenarios_dir() / "competitive-rounds.toml")
    # restore after a crash: the unsaved work of a window that did not close normally
    window.document.edit("recovery_fund.progressivity", 4.0)
    window.autosave()
    window.document.shutdown()  # the crash: no more autosaves,
    window.autosave_slot.release()  # and the lock goes with the process
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    other = MainWindow(preset_path)
    try:
        assert other.offer_restore()
        assert other.scenario.recovery_fund.progressivity == 4.0
    finally:
        other.document.set_modified(False)
        other.close()
        other.document.shutdown()
        other.deleteLater()
    assert len(on_ui_thread) == 5 and not any(on_ui_thread)


def test_a_dropped_scenario_is_read_after_the_drop_off_the_window_thread(
    qtbot, window, on_ui_thread, other_file
):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other_file))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted() and not on_ui_thread  # the drop is over before the file is read
    qtbot.waitUntil(lambda: window.scenario.name.startswith("Other: "), timeout=WAIT_MS)
    assert on_ui_thread == [False]
