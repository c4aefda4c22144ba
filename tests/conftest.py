"""Shared fixtures. Tests run headless: Qt uses the offscreen platform."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
# As simulator/__init__.py does, before any test module imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")
# Settings and autosave go to a throwaway folder, never the user's own.
if "FUNDSIM_SETTINGS_DIR" not in os.environ:
    import tempfile

    os.environ["FUNDSIM_SETTINGS_DIR"] = tempfile.mkdtemp(prefix="fundsim-test-settings-")

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
