"""Safe file writing: a failed or interrupted write never damages an existing file."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
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
    clear_stale_temporaries(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise write_error(exc, path) from None
    _lock(
        fd
    )  # held while writing: marks the temporary file as in use (see clear_stale_temporaries)
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
    finally:
        os.close(fd)
    return path


TEMP_SUFFIX = ".tmp"


def _lock(fd: int, wait: bool = True) -> bool:
    """Take an exclusive advisory lock on an open file; False if another process holds it.
    Where the system has no ``flock`` (Windows), an open file cannot be deleted anyway, so the
    lock is not needed and every call succeeds."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def temporaries_of(path: Path) -> list[Path]:
    """Temporary files :func:`atomic_write` made for ``path`` (``.NAME.XXXXXXXX.tmp``)."""
    folder = path.parent if str(path.parent) else Path(".")
    pattern = f".{glob.escape(path.name)}.{'?' * 8}{TEMP_SUFFIX}"
    return sorted(folder.glob(pattern))


def clear_stale_temporaries(path: Path) -> int:
    """Remove temporaries of ``path`` left by a write that was killed (SIGKILL, a power cut):
    those no running write holds locked. Returns how many were removed."""
    removed = 0
    for tmp in temporaries_of(path):
        try:
            fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or not _lock(fd, wait=False):
                continue  # being written by another process right now
            tmp.unlink()
            removed += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


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


def check_output(
    path: str | Path,
    formats: Iterable[str],
    kind: str = "output",
    inputs: Iterable[tuple[str, str | Path | None]] = (),
) -> Path:
    """The one check of every file a command writes, before any work: its format is one of
    ``formats`` (suffixes), its folder exists and can be written, it is not a folder, and it is
    none of ``inputs`` (``(role, path)`` of every file the command reads, however spelled)."""
    from simulator.core.inputs import check_path_text

    path = Path(check_path_text(path, kind))
    formats = tuple(formats)
    if path.suffix.lower() not in formats:
        raise FundsimError(
            f"has an unknown {kind} format '{path.suffix or '(none)'}'; use one of {', '.join(formats)}",
            file=str(path),
        )
    folder = path.resolve().parent
    if not folder.is_dir():
        raise FundsimError("output folder does not exist", file=str(folder))
    check_writable(path)
    check_not_an_input(path, inputs)
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
