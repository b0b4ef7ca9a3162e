"""Determinism across processes: the same game gives byte-identical saves, apart from ``created``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_store_fixtures import SRC
from wargame.store import load_save

TESTS = Path(__file__).resolve().parent

# Plays the fixture game with greedy bots in a fresh process and saves it (with a facilitator note).
PLAY_AND_SAVE = """
import sys
from test_store_fixtures import fixture_game, seats_of
from wargame.bots.match import play_match, seat_bots
from wargame.store import Session
game = fixture_game("2027Q2")
match = play_match(game, seat_bots({s: "greedy" for s in game.rules.scenario.seat_ids}, 5), 5)
session = Session.new(game, seats_of(game), 5)
for i, action in enumerate(match.actions):
    session.apply(action)
    if i == 20:
        session.note("a note, é and all")
session.save(sys.argv[1])
"""


def run_python(args: list[str], hash_seed: str, epoch: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONHASHSEED=hash_seed, PYTHONPATH=os.pathsep.join([str(SRC), str(TESTS)]))
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    subprocess.run([sys.executable, *args], env=env, check=True, cwd=TESTS.parent, stdout=subprocess.DEVNULL)


def without_created(data: bytes) -> list[bytes]:
    # created, and the checksum that covers it, are each on a line of their own
    return [line for line in data.splitlines() if not line.startswith((b'"created": ', b'"checksum": '))]


def test_two_processes_write_the_same_bytes(tmp_path: Path) -> None:
    paths = [tmp_path / "a.wgsave", tmp_path / "b.wgsave"]
    for path, hash_seed in zip(paths, ("1", "2"), strict=True):  # different dict and set orders
        run_python(["-c", PLAY_AND_SAVE, str(path)], hash_seed, epoch="1700000000")
    assert paths[0].read_bytes() == paths[1].read_bytes()
    save = load_save(paths[0])
    assert save.created == "2023-11-14T22:13:20Z" and len(save.notes) == 1


def test_saves_differ_only_in_their_creation_time(tmp_path: Path) -> None:
    paths = [tmp_path / "a.wgsave", tmp_path / "b.wgsave"]
    for path, (hash_seed, epoch) in zip(paths, (("3", None), ("4", "86400")), strict=True):
        run_python(["-c", PLAY_AND_SAVE, str(path)], hash_seed, epoch)
    a, b = paths[0].read_bytes(), paths[1].read_bytes()
    assert a != b and without_created(a) == without_created(b)
    assert len(without_created(a)) == len(a.splitlines()) - 2


def test_wargame_play_headless_save_is_deterministic(tmp_path: Path) -> None:
    if not (TESTS.parent / "scenarios" / "baseline.yaml").exists():
        pytest.skip("the shipped scenarios are not written yet")
    paths = [tmp_path / "a.wgsave", tmp_path / "b.wgsave"]
    for path, hash_seed in zip(paths, ("5", "6"), strict=True):
        run_python(["-m", "wargame", "play", "--headless", "--seed", "5", "--save", str(path)], hash_seed,
                   epoch="0")
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert load_save(paths[0]).current.over
