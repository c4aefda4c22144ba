"""Every file dialog of the app, starting in one place: the folder a file was last chosen in.

Opening a scenario, a data file, a population file, a scenario to compare, or saving a chart,
an export or a report all start in the same folder and move it, so the analyst's project folder
is found once per session (and the next session starts there too).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui import settings as app_settings


def _remember(path: str | Path) -> None:
    folder = Path(path).parent
    if folder.is_dir():
        app_settings.set_value("last_folder", str(folder))


def ask_open_file(parent: QWidget | None, title: str, filters: str) -> Path | None:
    """One existing file, or None if the user cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(app_settings.last_folder()), filters)
    if not path:
        return None
    _remember(path)
    return Path(path)


def ask_open_files(parent: QWidget | None, title: str, filters: str) -> list[Path]:
    """Several existing files (an empty list if the user cancelled)."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(app_settings.last_folder()), filters)
    if paths:
        _remember(paths[0])
    return [Path(p) for p in paths]


def ask_save_file(
    parent: QWidget | None,
    title: str,
    suggested: str,
    filters: str,
    selected: str = "",
    with_filter: bool = False,
):
    """A file name to write, suggested in the last folder; ``""`` if the user cancelled. With
    ``with_filter``, ``(path, chosen filter)``."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, str(app_settings.last_folder() / suggested), filters, selected
    )
    if path:
        _remember(path)
    return (path, chosen) if with_filter else path
