"""Settings that persist between sessions: window geometry, recent files, last folder, theme.

Saved as they change (not only at exit, so a crash loses nothing). ``FUNDSIM_SETTINGS_DIR``
points settings and the autosave at another folder (the tests use a temporary one).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 8


def data_dir() -> Path:
    """Folder for settings (when overridden) and the autosaved working scenario."""
    override = os.environ.get("FUNDSIM_SETTINGS_DIR")
    base = Path(override) if override else Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or Path.home() / ".fundsim")
    base.mkdir(parents=True, exist_ok=True)
    return base


def settings() -> QSettings:
    override = os.environ.get("FUNDSIM_SETTINGS_DIR")
    if override:
        return QSettings(str(Path(override) / "fundsim.ini"), QSettings.Format.IniFormat)
    return QSettings("fundsim", "fundsim")


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if Path(v).exists()]


def add_recent(path: Path) -> list[str]:
    files = [str(path)] + [f for f in recent_files() if f != str(path)]
    files = files[:MAX_RECENT]
    s = settings()
    s.setValue("recent_files", files)
    s.setValue("last_folder", str(path.parent))
    s.sync()
    return files


def last_folder() -> Path:
    value = settings().value("last_folder", "")
    return Path(value) if value and Path(value).is_dir() else Path.home()


def set_value(key: str, value) -> None:
    s = settings()
    s.setValue(key, value)
    s.sync()
