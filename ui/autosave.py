"""Each running window's own autosave, locked while it runs, and the orphans of crashed ones.

Two windows (or two copies of the app) on one settings folder must never share an autosave: one
closing normally would delete the other's, and a crash of the other would then lose its work.
So every window writes ``autosave-<id>.toml`` (with ``autosave-<id>.source``, the scenario file
it is a copy of) and holds ``autosave-<id>.lock`` (a :class:`QLockFile`, which records the
process, so a lock whose process has died is known to be stale). An autosave whose lock nobody
holds is an orphan: its window crashed, and it is offered back at the next start.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

from simulator.core.errors import FundsimError
from simulator.core.fileio import atomic_write_text
from simulator.core.inputs import read_input_text
from ui import settings as app_settings

PREFIX = "autosave-"
#: The single autosave of versions before per-window autosaves (offered back like an orphan).
LEGACY = "autosave.toml"


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    return lock


@dataclass
class Orphan:
    """An autosave no running window holds: its scenario, the file it copied, and its lock."""

    path: Path
    source: str
    lock: QLockFile | None

    def forget(self) -> None:
        """Delete it (declined, or adopted by a window)."""
        for part in (self.path, self.path.with_suffix(".source")):
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        if self.lock is not None:
            self.lock.unlock()  # removes the lock file
            self.lock = None


class AutosaveSlot:
    """One window's autosave files, locked from the first write until the window goes."""

    def __init__(self) -> None:
        self.key = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._lock: QLockFile | None = None

    @property
    def folder(self) -> Path:
        return app_settings.data_dir()

    @property
    def path(self) -> Path:
        return self.folder / f"{PREFIX}{self.key}.toml"

    def hold(self) -> None:
        """Take this window's lock (before its first autosave)."""
        if self._lock is None:
            self._lock = _lock(self.folder / f"{PREFIX}{self.key}.lock")
            self._lock.tryLock(0)

    def wrote(self, source: Path | None) -> None:
        """Record which scenario file the autosave is a copy of (empty: never saved)."""
        atomic_write_text(self.path.with_suffix(".source"), str(source or ""))

    def discard(self) -> None:
        """Remove this window's autosave (a normal close, or saved work); the lock goes too."""
        for part in (self.path, self.path.with_suffix(".source")):
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def adopt(self, orphan: Orphan) -> None:
        """Take a restored orphan's files as this window's own autosave."""
        self.hold()
        with contextlib.suppress(OSError):
            os.replace(orphan.path, self.path)
        self.wrote(Path(orphan.source) if orphan.source else None)
        orphan.forget()

    def orphans(self) -> list[Orphan]:
        """Autosaves of windows that are no longer running, newest first; each one returned is
        locked for this window until it is restored, declined or released."""
        found: list[tuple[float, Orphan]] = []
        folder = self.folder
        for path in folder.glob(f"{PREFIX}*.toml"):
            key = path.stem[len(PREFIX) :]
            if key == self.key:
                continue
            lock = _lock(folder / f"{PREFIX}{key}.lock")
            if not lock.tryLock(0):
                continue  # its window is running
            found.append((_mtime(path), Orphan(path, _read_source(path), lock)))
        legacy = folder / LEGACY
        if legacy.is_file():
            source = app_settings.value("autosave_source", str, "")
            found.append((_mtime(legacy), Orphan(legacy, source, None)))
        return [o for _, o in sorted(found, key=lambda t: -t[0])]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _read_source(path: Path) -> str:
    try:
        return read_input_text(path.with_suffix(".source"), 100_000, "autosave note").strip()
    except FundsimError:
        return ""
