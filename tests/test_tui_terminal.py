"""The app leaves when its terminal goes away: the decision (``TerminalWatch``), that it is never armed
headless, and the real thing: ``wargame`` on a pty that is hung up, with no SIGHUP (as under ``make play``)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from wargame.tui.app import WargameApp
from wargame.tui.screens.menu import MainMenu
from wargame.tui.terminal import HANGUP_STATUS, TerminalWatch


def fake_isatty(ttys: set[int]):
    return lambda fd: fd in ttys


def test_no_watch_when_stdin_is_not_a_terminal() -> None:
    assert TerminalWatch.start(isatty=fake_isatty({1, 2}), getppid=lambda: 40) is None


def test_watch_remembers_the_terminals_and_the_parent() -> None:
    watch = TerminalWatch.start(isatty=fake_isatty({0, 2}), getppid=lambda: 40)
    assert watch == TerminalWatch((0, 2), 40)
    assert not watch.lost(isatty=fake_isatty({0, 2}), getppid=lambda: 40)  # stdout was never a terminal


@pytest.mark.parametrize("ttys", [set(), {1, 2}, {0, 1}])
def test_lost_when_a_terminal_is_no_longer_one(ttys: set[int]) -> None:
    watch = TerminalWatch((0, 1, 2), 40)
    assert watch.lost(isatty=fake_isatty(ttys), getppid=lambda: 40)


@pytest.mark.parametrize("code", [errno.EIO, errno.ENXIO, errno.EBADF])
def test_lost_when_asking_the_terminal_fails(code: int) -> None:
    def isatty(fd: int) -> bool:
        raise OSError(code, os.strerror(code))

    assert TerminalWatch((0,), 40).lost(isatty=isatty, getppid=lambda: 40)


@pytest.mark.parametrize("parent", [1, 77])  # re-parented to init, or to a subreaper
def test_lost_when_the_parent_died(parent: int) -> None:
    assert TerminalWatch((0, 1), 40).lost(isatty=fake_isatty({0, 1}), getppid=lambda: parent)


def test_not_lost_while_all_is_well() -> None:
    assert not TerminalWatch((0, 1, 2), 40).lost(isatty=fake_isatty({0, 1, 2}), getppid=lambda: 40)


async def test_the_watch_is_not_armed_headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if the terminal looked lost, ``run_test`` (headless) never arms the watch, so the app stays."""
    monkeypatch.setattr(TerminalWatch, "start", classmethod(lambda cls, *a, **k: TerminalWatch((0,), parent=-1)))
    app = WargameApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(1.5)  # longer than the watch's period
        assert app.terminal_watch is None
        assert app.is_running and isinstance(app.screen, MainMenu)
    assert app.return_code in (None, 0)


async def test_a_lost_terminal_ends_the_app_with_the_hangup_status() -> None:
    app = WargameApp()
    async with app.run_test(size=(120, 40)) as pilot:
        app.terminal_watch = TerminalWatch((0,), parent=-1)  # as if armed, and the parent is gone
        app._check_terminal()
        await pilot.pause()
    assert app.return_code == HANGUP_STATUS
    assert app.terminal_watch is None


# --- The real thing: the app in a pseudo-terminal --------------------------------------------------------

posix_pty = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _start_on_pty(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """``python -m wargame`` on a new pty that is not its controlling terminal (so a hang-up sends no
    SIGHUP, as for the app under ``make play``); returns once the menu is drawn."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "WARGAME_SAVES": str(tmp_path),
           "PYTHONPATH": str(REPO / "src")}
    env.pop("TEXTUAL", None)
    proc = subprocess.Popen([sys.executable, "-m", "wargame"], stdin=slave, stdout=slave, stderr=slave,
                            env=env, cwd=str(tmp_path), start_new_session=True)
    os.close(slave)
    seen, deadline = b"", time.monotonic() + 60
    os.set_blocking(master, False)
    while b"New exercise" not in seen and proc.poll() is None and time.monotonic() < deadline:
        try:
            seen += os.read(master, 65536)
        except BlockingIOError:
            time.sleep(0.05)
    if b"New exercise" not in seen:
        proc.kill()
        os.close(master)
        pytest.fail(f"the menu did not appear (exit status {proc.poll()}): {seen[-500:]!r}")
    return proc, master


def _exit_status(proc: subprocess.Popen[bytes], timeout: float, master: int | None = None) -> int | None:
    """The exit status within ``timeout`` seconds (None: still running, then killed); reads what the
    app writes to ``master`` meanwhile, so that it never blocks on a full pty."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if master is not None and os.read(master, 65536):
                continue
        except (BlockingIOError, OSError):
            pass
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        return None
    return proc.returncode


@posix_pty
def test_the_app_exits_when_its_pty_is_hung_up(tmp_path: Path) -> None:
    proc, master = _start_on_pty(tmp_path)
    os.close(master)  # the terminal goes away: the pty is hung up, and nobody sends SIGHUP
    assert _exit_status(proc, timeout=10) == HANGUP_STATUS


@posix_pty
def test_sighup_ends_the_app_cleanly(tmp_path: Path) -> None:
    proc, master = _start_on_pty(tmp_path)
    try:
        proc.send_signal(signal.SIGHUP)
        assert _exit_status(proc, timeout=10, master=master) == HANGUP_STATUS  # not killed by the signal (-1)
    finally:
        os.close(master)
