"""Reading a file someone named: regular files only, at most a bound, never blocking.

A path given on the command line may lead anywhere. A symbolic link to /dev/zero or
/dev/urandom never ends, a FIFO blocks its reader until someone writes to it, a
directory is not a file at all. Each is refused, with the reason, before a byte is
read, and what is read stops at ``MAX_FILE_BYTES``: one bad argument costs neither
the memory nor the rest of the call.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

# A page-text dump is 5-100 KB and a whole issue rarely 1 MB; 16 MiB is far beyond
# any real one and still cheap to hold, split and extract.
MAX_FILE_BYTES = 16 * 1024 * 1024
_CHUNK = 1024 * 1024
_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory, not a file"),
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
    (stat.S_ISCHR, "a character device, not a file"),
    (stat.S_ISBLK, "a block device, not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
)


class UnusableFile(ValueError):
    """A path we will not read: missing, not a regular file, unreadable or too large."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{display_path(path)}: {reason}")
        self.path = Path(path)
        self.reason = reason


def printable(text: str) -> str:
    """``text`` as valid UTF-8, to print or store.

    A Linux file name may hold any bytes; those that are not UTF-8 reach Python as
    surrogate escapes, which neither SQLite nor a UTF-8 terminal takes. They are shown
    as ``\\xff`` escapes of the original bytes: readable, never a crash, nothing lost.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates that stand for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def display_path(path: Path | str) -> str:
    return printable(str(path))


def format_size(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (symbolic links followed), or
    ``UnusableFile`` saying why not. Never reads more than ``limit`` + 1 bytes."""
    _check_regular(path, _stat(path), limit)
    try:
        # O_NONBLOCK: if a FIFO took the file's place since the stat, opening it does
        # not wait for a writer, and the fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise UnusableFile(path, _os_reason(exc)) from None
    try:
        _check_regular(path, os.fstat(fd), limit)
        data = _read_at_most(path, fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after the stat: a log being written, or /proc
        raise UnusableFile(path, _too_large(len(data), limit, at_least=True))
    return data


def read_stream_bounded(stream: BinaryIO, origin: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most ``limit`` bytes of ``stream`` (standard input, say), or ``UnusableFile``."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnusableFile(origin, _too_large(len(data), limit, at_least=True))
    return data


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise UnusableFile(path, _missing(path)) from None
    except OSError as exc:
        raise UnusableFile(path, _os_reason(exc)) from None


def _missing(path: Path) -> str:
    if os.path.islink(path):
        return f"a broken symbolic link (to {display_path(os.readlink(path))})"
    return "no such file"


def _check_regular(path: Path, info: os.stat_result, limit: int) -> None:
    for test, reason in _NOT_REGULAR:
        if test(info.st_mode):
            raise UnusableFile(path, reason + _link_note(path))
    if not stat.S_ISREG(info.st_mode):
        raise UnusableFile(path, "not a regular file" + _link_note(path))
    if info.st_size > limit:
        raise UnusableFile(path, _too_large(info.st_size, limit))


def _read_at_most(path: Path, fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        try:
            chunk = os.read(fd, min(_CHUNK, left))
        except OSError as exc:
            raise UnusableFile(path, _os_reason(exc)) from None
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _link_note(path: Path) -> str:
    if not os.path.islink(path):
        return ""
    return f" (a symbolic link to {display_path(os.readlink(path))})"


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    measured = f"{'at least ' if at_least else ''}{size:,} bytes"
    return f"too large: {measured}, the limit is {format_size(limit)}"


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
