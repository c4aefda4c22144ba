"""Safe file writing: a failed or interrupted write never damages an existing file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from simulator.core.errors import FundsimError


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` by calling ``write(tmp)`` on a temporary file beside it, then renaming.

    If anything fails (a full disk, a read-only folder, an interruption), the temporary file is
    removed and the original is left untouched; a failure of the file system is raised as a
    :class:`FundsimError` saying so.
    """
    path = Path(path)
    check_writable(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_error(exc, path) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_error(exc, path) from None
        raise
    return path


def check_writable(path: str | Path) -> Path:
    """Refuse, before any work, to write ``path`` where it cannot be written: a folder of that
    name, a missing folder, or a folder this user may not write to."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise FundsimError(
            "is a folder; give a file name to write, e.g. results.json", file=str(path)
        )
    if not folder.is_dir():
        raise FundsimError("folder does not exist", file=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FundsimError(
            "folder cannot be written to (permission denied or read-only)", file=str(folder)
        )
    return path


def check_not_an_input(path: str | Path, inputs: Iterable[tuple[str, str | Path | None]]) -> None:
    """Refuse to write over one of the files a command reads (``inputs``: ``(role, path)``
    pairs such as ``("data", "areas.csv")``), so results never replace a user's input."""
    target = Path(path).expanduser().resolve()
    for role, source in inputs:
        if source is None or str(source).startswith("builtin:"):
            continue
        source = Path(source).expanduser().resolve()
        same = os.path.normcase(source) == os.path.normcase(target)
        if not same and source.exists() and target.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(source, target)
        if same:
            raise FundsimError(
                f"is the {role} file this command reads; write the results to another file",
                file=str(path),
            )


def write_error(exc: OSError, path: Path) -> FundsimError:
    """A one-line error for a failed write, saying whether the old file is still there."""
    kept = "the old file is unchanged" if path.exists() else "nothing was written"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = (
            "the disk is full"
            if exc.errno != errno.EFBIG
            else "the file is larger than this disk or account allows"
        )
    elif isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        why = "permission denied, a read-only location, or the file is open in another program"
    else:
        why = exc.strerror or exc.__class__.__name__
    return FundsimError(f"could not be written ({why}); {kept}", file=str(path))


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
