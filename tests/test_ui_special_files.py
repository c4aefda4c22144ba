"""The app refuses special files in a dialog and keeps running (issue 26, class 1): opening a
named pipe or a link to /dev/zero as data or as a scenario never freezes the window."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("PySide6")

from tests.test_special_files import deadline, special  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")


@pytest.mark.parametrize("kind", ["pipe", "device-link"])
def test_a_special_data_file_is_a_dialog(qtbot, window, tmp_path, monkeypatch, kind):  # noqa: F811
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, message, *a, **k: shown.append(message))
    before = window.scenario.data.source
    path = special(tmp_path, kind, "zero.csv")
    with deadline():
        window.open_data_files([path])  # read on a worker thread: the dialog follows
        qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert len(shown) == 1 and "not a regular file" in shown[0]
    assert window.scenario.data.source == before  # the app carries on with what it had


def test_a_special_scenario_file_is_a_dialog(qtbot, window, tmp_path, monkeypatch):  # noqa: F811
    shown = []
    monkeypatch.setattr(window, "show_error", lambda title, message, *a, **k: shown.append(message))
    name = window.scenario.name
    path = special(tmp_path, "pipe", "s.toml")
    with deadline():
        window._load(path)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "not a regular file" in shown[0] and window.scenario.name == name
