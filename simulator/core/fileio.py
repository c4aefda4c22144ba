"""Safe file writing: a failed or interrupted write never damages an existing file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from simulator.core.errors import FundsimError


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` by calling ``write(tmp)`` on a temporary file beside it, then renaming.

    If ``write`` raises, the temporary file is removed and the original is left untouched.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FundsimError("folder does not exist", file=str(folder))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise FundsimError("cannot be written (permission denied or open in another program)", file=str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new one the user's usual (umask) mode."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write bytes to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))
