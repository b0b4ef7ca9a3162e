"""Atomic writes: a writer killed at any moment leaves the old save or the new one, never a broken one."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_store_fixtures import LONG, SRC, saved_bytes
from wargame.store import atomic_write, load_save

# Loads atomic.py alone (not the whole package) so each writer starts in a few milliseconds.
WRITER = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("atomic", sys.argv[1])
atomic = importlib.util.module_from_spec(spec)
spec.loader.exec_module(atomic)
target, docs = sys.argv[2], [open(p, "rb").read() for p in sys.argv[3:]]
atomic.atomic_write(target, docs[0])
print("ready", flush=True)
while True:
    for doc in docs:
        atomic.atomic_write(target, doc)
"""


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "game.wgsave"
    atomic_write(target, b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["game.wgsave"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "game.wgsave"
    atomic_write(target, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["game.wgsave"]


def test_atomic_write_never_replaces_what_is_not_a_regular_file(tmp_path: Path) -> None:
    """A rename would put a file in the place of a named pipe, a folder or a link: the write is refused."""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("precious notes")
    (tmp_path / "link").symlink_to(tmp_path / "notes.txt")
    for name in ("pipe", "folder", "link"):
        with pytest.raises(OSError, match="not a regular file"):
            atomic_write(tmp_path / name, b"new")
    assert (tmp_path / "pipe").is_fifo() and (tmp_path / "folder").is_dir() and (tmp_path / "link").is_symlink()
    assert (tmp_path / "notes.txt").read_text() == "precious notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "link", "notes.txt", "pipe"]  # no temporary left


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_mid_save_leaves_the_old_or_the_new_save(tmp_path: Path) -> None:
    docs = [saved_bytes(LONG, seed) for seed in (5, 6)]  # a plain open-and-write fails this most of the time
    assert docs[0] != docs[1]
    files = [tmp_path / "doc0.bin", tmp_path / "doc1.bin"]
    for path, doc in zip(files, docs, strict=True):
        path.write_bytes(doc)
    target = tmp_path / "saves" / "autosave.wgsave"
    rng = random.Random(1)
    for _ in range(25):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(SRC / "wargame" / "store" / "atomic.py"),
                                   str(target), *map(str, files)], stdout=subprocess.PIPE)
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.05))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        assert target.read_bytes() in docs
        assert json.loads(target.read_bytes())["format"] == "wargame-save"
    assert load_save(target).seed in (5, 6)
    assert len(list(target.parent.glob(".autosave.wgsave.*.tmp"))) <= 25  # at most one left per kill
