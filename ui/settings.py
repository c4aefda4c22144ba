"""Settings that persist between sessions: window geometry, recent files, last folder, theme.

Saved as they change (not only at exit, so a crash loses nothing). ``FUNDSIM_SETTINGS_DIR``
points settings and the autosave at another folder (the tests use a temporary one).

Settings are other people's files too (copied between machines, edited by hand): a value of the
wrong type is ignored with a log line, and a settings folder that cannot be used (a file in its
place, no permission) is replaced by a temporary folder for this session, with a message.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

log = logging.getLogger(__name__)

MAX_RECENT = 8
THEMES = ("light", "dark", "high-contrast", "system")
CHART_STYLES = ("gaf", "okabe-ito")

_fallback: Path | None = None
#: Why the usual settings folder is not in use this session (None when it is).
fallback_reason: str | None = None


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
        return True
    except OSError:
        return False


def _preferred_dir() -> Path:
    override = os.environ.get("FUNDSIM_SETTINGS_DIR")
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".fundsim"


def data_dir() -> Path:
    """Folder for settings (when overridden) and the autosaved working scenario; a temporary
    folder for this session when the usual one cannot be used (see :data:`fallback_reason`)."""
    global _fallback, fallback_reason
    base = _preferred_dir()
    if _fallback is None and _usable(base):
        return base
    if _fallback is None:
        _fallback = Path(tempfile.mkdtemp(prefix="fundsim-settings-"))
        fallback_reason = (
            f"The settings folder {base} cannot be used (it is a file, or cannot be written); "
            f"settings and autosave go to {_fallback} for this session."
        )
        log.warning(fallback_reason)
    return _fallback


def settings() -> QSettings:
    override = os.environ.get("FUNDSIM_SETTINGS_DIR")
    if override or _fallback is not None:
        return QSettings(str(data_dir() / "fundsim.ini"), QSettings.Format.IniFormat)
    return QSettings("fundsim", "fundsim")


def value(key: str, kind: type, default):
    """The setting ``key`` if it is a ``kind``; otherwise ``default``, with a log line."""
    try:
        found = settings().value(key, default)
    except Exception as exc:  # noqa: BLE001 - a damaged settings file must not stop the app
        log.warning("setting %r could not be read (%s); using the default", key, exc)
        return default
    if found is None or isinstance(found, kind):
        return default if found is None else found
    log.warning("setting %r has an unusable value %r; ignored", key, found)
    return default


def geometry() -> QByteArray | None:
    """The saved window geometry, or None."""
    return value("geometry", QByteArray, None)


def theme() -> str:
    """The chosen theme; until one is chosen, "system" (the system's contrast and scheme)."""
    name = value("theme", str, "system")
    if name not in THEMES:
        log.warning("setting 'theme' has an unknown value %r; using light", name)
        return "light"
    return name


def chart_style() -> str:
    """The charts' colours: "gaf" (the Government Analysis Function palette) or "okabe-ito"."""
    name = value("chart_style", str, "gaf")
    if name not in CHART_STYLES:
        log.warning("setting 'chart_style' has an unknown value %r; using gaf", name)
        return "gaf"
    return name


def recent_files() -> list[str]:
    found = value("recent_files", (list, str), [])
    if isinstance(found, str):
        found = [found]
    return [v for v in found if isinstance(v, str) and v and Path(v).exists()]


def add_recent(path: Path) -> list[str]:
    files = [str(path)] + [f for f in recent_files() if f != str(path)]
    files = files[:MAX_RECENT]
    s = settings()
    s.setValue("recent_files", files)
    s.setValue("last_folder", str(path.parent))
    s.sync()
    return files


def last_folder() -> Path:
    found = value("last_folder", str, "")
    return Path(found) if found and Path(found).is_dir() else Path.home()


def set_value(key: str, new_value) -> None:
    s = settings()
    s.setValue(key, new_value)
    s.sync()
