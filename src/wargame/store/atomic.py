"""Atomic file replacement: a reader (or a crash) sees the old file or the new one, never half of one.

Only a regular file is ever replaced: a rename would put the new file in the place of a device node,
a named pipe, a folder or a symbolic link, and whatever they were would be gone.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from pathlib import Path

#: ``.NAME.PID.RANDOM.tmp``: the temporary file ``atomic_write`` renames over NAME.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")
#: No write takes this long: an older temporary file is left over even if its process id is alive again.
STALE_AFTER_SECONDS = 3600.0
#: How a person calls each kind of file that is not a regular one (``lstat``'s mode tests).
_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def not_a_file(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` may not be replaced, when something other than a regular file is there ("that is a
    named pipe, not a regular file"); ``None`` when a regular file is there, or nothing. A link is not
    followed: the link is what a rename would replace."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISREG(mode):
        return None
    kind = next((kind for is_kind, kind in _KINDS if is_kind(mode)), "something else")
    return f"that is {kind}, not a regular file"


def write_problem(path: str | os.PathLike[str]) -> str | None:
    """Why a file a person named may not be written at ``path`` (``None``: it may), in words: something
    that is not a regular file is there, or its folder is not (a typo, not a folder to create)."""
    target = Path(path)
    try:
        problem = not_a_file(target)
    except OSError as exc:
        return f"cannot write there: {exc.strerror or exc}"
    if problem is not None:
        return problem
    if not target.parent.is_dir():
        return f"there is no folder {target.parent}"
    return None


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same directory, fsync it, rename it over.

    The directory is fsynced after the rename so that the new name survives a power cut too. A process
    killed at any moment leaves ``path`` as it was or as written; at worst a ``.NAME.*.tmp`` file remains.
    ``OSError`` (nothing written) when something other than a regular file is at ``path`` (``not_a_file``).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if (problem := not_a_file(target)) is not None:
        raise FileExistsError(errno.EEXIST, problem, str(target))
    clean_stale_temporaries(target.parent, target.name)
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)
    return target


def _fsync_directory(directory: Path) -> None:
    # Not every platform can open a directory (Windows cannot); there the rename is as durable as it gets.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def clean_stale_temporaries(directory: str | os.PathLike[str], name: str | None = None) -> int:
    """Remove the temporary files that killed writes left in ``directory`` (only those for ``name``
    when given); returns how many. A file is stale when the process that wrote it is gone, or
    when it is older than ``STALE_AFTER_SECONDS``; one this process is writing is never touched."""
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or (name is not None and match["name"] != name):
            continue
        pid = int(match["pid"])
        try:
            age = time.time() - entry.stat(follow_symlinks=False).st_mtime
            if pid != os.getpid() and (not _alive(pid) or age > STALE_AFTER_SECONDS) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill would end the process there: only the age tells
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # another user's process, or a platform that cannot tell: leave its file be
    return True
