"""Noticing that the app's terminal went away, so that the app exits instead of spinning on a dead pty.

When a terminal is killed (``tmux kill-server``, a closed window) its pty is hung up: every read of
it returns at once with nothing, and Textual's input thread loops on those reads at full CPU. The
kernel sends SIGHUP to the session leader only. A shell passes it on to its jobs, but under
``make play`` make is the session leader: it waits for the app, expecting it to have got the signal
too, and the app never hears of it. So the app watches for itself (``TerminalWatch``, checked about
once a second) and also treats a SIGHUP as the end of the session.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

#: The exit status after a hang-up, as a shell reports a process killed by SIGHUP (128 + 1).
HANGUP_STATUS = 129

STANDARD_FDS = (0, 1, 2)


@dataclass(frozen=True)
class TerminalWatch:
    """What the terminal looked like at start: which standard descriptors were terminals, and the parent."""

    ttys: tuple[int, ...]
    parent: int

    @classmethod
    def start(cls, isatty: Callable[[int], bool] = os.isatty,
              getppid: Callable[[], int] = os.getppid) -> TerminalWatch | None:
        """The watch of the current process; None when stdin is not a terminal (nothing to watch)."""
        ttys = tuple(fd for fd in STANDARD_FDS if _isatty(isatty, fd))
        if 0 not in ttys:
            return None
        return cls(ttys, getppid())

    def lost(self, isatty: Callable[[int], bool] = os.isatty, getppid: Callable[[], int] = os.getppid) -> bool:
        """Whether the terminal is gone: a descriptor that was a terminal is not one any more (a hung-up
        pty is not), or the parent died and the process was re-parented (to init or a subreaper)."""
        if not all(_isatty(isatty, fd) for fd in self.ttys):
            return True
        return getppid() != self.parent


def _isatty(isatty: Callable[[int], bool], fd: int) -> bool:
    try:
        return bool(isatty(fd))
    except OSError:  # a closed or revoked descriptor (EBADF, EIO, ENXIO)
        return False
