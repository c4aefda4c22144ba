"""Reading any file fundsim is given: a regular file, read with a bound, or one line saying why not.

Every reader (data and population files, scenarios, bootstrap return series, ``--analysis``
results, hex maps) goes through :func:`read_input`. A file's reported size cannot be trusted: a
device such as ``/dev/zero`` reports 0 bytes and never ends, and opening a named pipe blocks until
another program writes to it. So the file's type is checked *before* it is opened (after following
links), it is opened without blocking, checked again on the open handle, and read at most
``limit + 1`` bytes, whatever its size claims.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from simulator.core.errors import FundsimError

#: The longest path fundsim accepts (Linux allows 4,096 bytes; Windows 32,767 characters).
MAX_PATH_CHARS = 4096
_CHUNK = 1 << 20


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_path_text(path: str | os.PathLike, what: str = "file") -> str:
    """The path as text, refused with one line if no file system could hold it."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if "\x00" in text:
        raise FundsimError(f"{what} path contains a NUL character", file=repr(text[:80]))
    if len(text) > MAX_PATH_CHARS:
        raise FundsimError(
            f"{what} path is {len(text):,} characters long, more than the {MAX_PATH_CHARS:,} "
            "a file system allows",
            file=text[:60] + "...",
        )
    return text


def _open_error(exc: OSError, path: str, what: str) -> FundsimError:
    if isinstance(exc, FileNotFoundError):
        return FundsimError(f"{what} not found", file=path)
    if isinstance(exc, IsADirectoryError):
        return FundsimError(f"is a folder, not a {what}", file=path)
    if exc.errno == errno.ENAMETOOLONG:
        return FundsimError(f"{what} path is too long for this file system", file=path[:60])
    if exc.errno == errno.ELOOP:
        return FundsimError(f"{what} path is a loop of links", file=path)
    if exc.errno == errno.ENOTDIR:
        return FundsimError(f"{what} not found (a part of its path is not a folder)", file=path)
    return FundsimError(f"cannot be read: {exc.strerror or exc.__class__.__name__}", file=path)


def check_regular(path: str | os.PathLike, what: str = "file") -> os.stat_result:
    """``os.stat`` of ``path`` (following links), refused unless it is a regular file."""
    text = check_path_text(path, what)
    try:
        info = os.stat(text)
    except (OSError, ValueError) as exc:
        if isinstance(exc, ValueError):
            raise FundsimError(f"{what} path cannot be used: {exc}", file=text[:80]) from None
        raise _open_error(exc, text, what) from None
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise FundsimError(f"is a folder, not a {what}", file=text)
        raise FundsimError(
            f"is {_kind(info.st_mode)}, not a regular file; fundsim reads only ordinary files "
            f"as a {what}",
            file=text,
        )
    return info


def read_input(path: str | os.PathLike, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Refused with one line (a :class:`FundsimError` naming the file) if the path cannot exist,
    the file is missing, is a folder, a device, a pipe or a socket (after following links), or
    holds more than ``limit`` bytes. Never blocks on a pipe and never reads more than
    ``limit + 1`` bytes.
    """
    text = check_path_text(path, what)
    info = check_regular(text, what)
    if info.st_size > limit:
        raise too_large(text, info.st_size, limit, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(text, flags)
    except OSError as exc:
        raise _open_error(exc, text, what) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # replaced between the check and the open
            raise FundsimError(
                f"is {_kind(opened.st_mode)}, not a regular file; fundsim reads only ordinary "
                f"files as a {what}",
                file=text,
            )
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large(text, total, limit, what, at_least=True)
    except OSError as exc:
        raise _open_error(exc, text, what) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def too_large(path: str, size: int, limit: int, what: str, at_least: bool = False) -> FundsimError:
    """The error for a file beyond ``limit`` bytes (``at_least``: it was still being read)."""
    size_text = f"over {_bytes(limit)}" if at_least else _bytes(size)
    return FundsimError(
        f"is {size_text}, more than the {_bytes(limit)} fundsim reads as a {what}", file=path
    )


def _bytes(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:,.0f} MB"
    if n >= 1_000:
        return f"{n / 1e3:,.0f} kB"
    return f"{n:,} bytes"


def read_input_text(
    path: str | os.PathLike, limit: int, what: str = "file", encoding: str = "utf-8-sig"
) -> str:
    """:func:`read_input` decoded as text, with one line for a file that is not ``encoding``."""
    data = read_input(path, limit, what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FundsimError(
            f"is not UTF-8 text (line {line}); save it as UTF-8 and try again",
            file=os.fspath(path),
        ) from None


def input_path(path: str | os.PathLike) -> Path:
    """``Path(path)`` after :func:`check_path_text`."""
    return Path(check_path_text(path))
