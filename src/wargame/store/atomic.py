"""Atomic file replacement: a reader (or a crash) sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

#: ``.NAME.PID.RANDOM.tmp``: the temporary file ``atomic_write`` renames over NAME.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")
#: No write takes this long: an older temporary file is left over even if its process id is alive again.
STALE_AFTER_SECONDS = 3600.0


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same directory, fsync it, rename it over.

    The directory is fsynced after the rename so that the new name survives a power cut too. A process
    killed at any moment leaves ``path`` as it was or as written; at worst a ``.NAME.*.tmp`` file remains.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
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
