"""Shared fixtures. Tests run headless: Qt uses the offscreen platform."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
# As simulator/__init__.py does, before any test module imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")
# Settings and autosave go to a throwaway folder, never the user's own (and a fresh one for
# every test, below).
if "FUNDSIM_SETTINGS_DIR" not in os.environ:
    import tempfile

    os.environ["FUNDSIM_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="fundsim-test-settings-")

#: How long a test waits for a run before failing. Tests wait on signals and conditions, so
#: this only bounds a failure; it is generous because a shared, busy machine can be slow.
WAIT_MS = 60_000

REPO = Path(__file__).resolve().parent.parent
SHARED_IOD = REPO.parent / "shared" / "data" / "iod2019"
SHARED_IOD2025 = REPO.parent / "shared" / "data" / "iod2025"
# The preset most tests work from: the Kruger settings over the twelve fictional
# workshop areas (the analysts' presets run on England's 296 districts).
PRESET = REPO / "scenarios" / "workshop-as-proposed.toml"


@pytest.fixture
def preset_path() -> Path:
    return PRESET


@pytest.fixture
def scenario():
    from simulator import load_scenario

    return load_scenario(PRESET)


@pytest.fixture
def workshop():
    from simulator.data import load_data_source

    return load_data_source("builtin:workshop")


@pytest.fixture
def shared_iod() -> Path:
    """The real IoD2019 files beside the checkout; tests using it skip when it is absent."""
    if not SHARED_IOD.is_dir():
        pytest.skip("../shared/data/iod2019 is not present")
    return SHARED_IOD


@pytest.fixture
def shared_iod2025() -> Path:
    """The genuine IoD2025 reference files beside the checkout; tests skip when absent."""
    if not SHARED_IOD2025.is_dir():
        pytest.skip("../shared/data/iod2025 is not present")
    return SHARED_IOD2025


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _empty_clipboard_after_each_test():
    """A chart copied to the clipboard (image + SVG mime data) must not outlive the test: Qt's
    offscreen platform crashes at exit when it still holds one."""
    yield
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.clipboard().clear()


# ----------------------------------------------------------------- the app, as napari tests it
@pytest.fixture(autouse=True)
def _settings_per_test(tmp_path_factory, monkeypatch):
    """Every test starts with no settings, recent files, last folder or autosave of its own."""
    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("FUNDSIM_SETTINGS_DIR", str(folder))
    yield folder


def _top_level_windows() -> set:
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return set()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return set()
    return {id(w): w for w in app.topLevelWidgets() if w.isVisible()}.keys()


@pytest.fixture(autouse=True)
def _no_leaked_windows(request):
    """A test that leaves a window or dialog open fails (napari's leaked-widget check): every
    window a test opens, it closes."""
    before = set(_top_level_windows())
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    leaked = [w for w in app.topLevelWidgets() if w.isVisible() and id(w) not in before]
    if leaked:
        names = ", ".join(f"{type(w).__name__} {w.windowTitle()!r}" for w in leaked)
        for w in leaked:
            w.close()
            w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pytest.fail(f"the test left windows open: {names}")


def message_boxes() -> list:
    """The message boxes on screen (the app's error dialogs), newest last."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def windows_of(kind) -> list:
    """The windows and dialogs of ``kind`` on screen."""
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


@pytest.fixture
def document(qtbot):
    """A Document on the preset, with no window: most UI tests drive one widget with it."""
    from simulator import load_scenario
    from ui.document import Document

    doc = Document(autosave=False)
    doc.live = False
    doc.open(load_scenario(PRESET))
    yield doc
    doc.shutdown()
    doc.deleteLater()


def run_document(qtbot, doc) -> None:
    """Run the document and wait for its results."""
    with qtbot.waitSignal(doc.results_changed, timeout=WAIT_MS):
        doc.run()


@pytest.fixture
def window(qtbot, preset_path, tmp_path, monkeypatch):
    """The whole main window on a copy of the preset (so saving never touches it), live mode
    off, its first results on screen; closed without a save prompt afterwards."""
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow

    copy = tmp_path / "scenario.toml"
    copy.write_text(preset_path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    w = MainWindow(copy)  # closed below, not by qtbot, so the save prompt can be answered
    w.live_action.setChecked(False)  # tests run explicitly; the live test turns it on
    w.show()
    qtbot.waitUntil(lambda: w.results is not None, timeout=WAIT_MS)
    yield w
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    for box in message_boxes():
        box.close()
    w.close()
    w.document.shutdown()
    w.deleteLater()
