"""Nothing lost: each exercise autosaves under its own name, Continue picks the latest unfinished one,
killed writes leave no litter, a failing autosave is said once and then shown, and a save's unknown
action is named for what it is (issue 16, items 1 and 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from test_tui_helpers import is_read_out, notifications, past_read_outs, screen_text, wait_for
from wargame.store import SaveError, Session, latest_autosave, list_saves, load_save, load_session
from wargame.store.atomic import STALE_AFTER_SECONDS, atomic_write, clean_stale_temporaries
from wargame.store.document import checksum
from wargame.tui.app import Launch, WargameApp
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.handover import HandOverScreen
from wargame.tui.screens.menu import MainMenu

pytest_plugins = ("test_tui_helpers",)  # the ``content`` fixture: a short scenario, WARGAME_SAVES set
SIZE = (160, 48)
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def base_game() -> Any:
    """The hostile fixtures' small valid scenario."""
    from wargame.content import load_bundle

    return load_bundle(HOSTILE / "scenarios" / "base.yaml", [HOSTILE / "decks"]).game()


def autosaves(folder: Path) -> list[Path]:
    return sorted(folder.glob("autosave*.wgsave"))


async def to_game(pilot: Any) -> GameScreen:
    """From the briefing to the game screen, past the first hand-over."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
    return app.screen  # type: ignore[return-value]


# --- Item 1: an exercise per autosave ------------------------------------------------------------
async def test_a_new_exercise_quit_at_the_briefing_keeps_the_unfinished_one(content: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = WargameApp(Launch(scenario="short", seats={"us": "human", "china": "human"}, seed=3, bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("p")  # the US declines its headline: one action in the log
        await wait_for(pilot, lambda: game.exercise.session.length >= 1, "the pass")
        first = game.exercise.session.autosave
        played = game.exercise.session.length
        app.back_to_menu()
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu")
        app.start_exercise("short", {"us": "human", "china": "human"}, 9)  # a second exercise...
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the second briefing")
        await pilot.press("escape")  # ...abandoned at its briefing
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu")
    assert len(autosaves(saves)) == 2
    assert load_save(first).current.index == played  # the first exercise is intact
    second = next(p for p in autosaves(saves) if p != first)
    assert load_save(second).current.index == 0 and load_save(second).seed == 9


async def test_continue_picks_the_latest_unfinished_exercise(content: Path, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = WargameApp(Launch(scenario="short", seats={"us": "human", "china": "human"}, seed=3, bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: game.exercise.session.length >= 1, "the pass")
        older = game.exercise.session.autosave
        app.back_to_menu()
        app.start_exercise("short", {"us": "human", "china": "human"}, 11)
        game = await to_game(pilot)
        newer = game.exercise.session.autosave
        assert newer != older
        os.utime(older, (time.time() - 60, time.time() - 60))
        app.back_to_menu()
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen | HandOverScreen), "the continued game")
        continued = next(s for s in app.screen_stack if isinstance(s, GameScreen))
        assert continued.exercise.seed == 11 and continued.exercise.session.autosave == newer
        assert app.errors == []
    assert {p.name for p in autosaves(saves)} == {older.name, newer.name}


def test_latest_autosave_skips_finished_and_damaged_games_which_stay_listed(tmp_path: Path) -> None:
    from wargame.bots.match import play_match, seat_bots

    game = base_game()
    seats = {s: "bot:random" for s in game.rules.scenario.seat_ids}
    unfinished = Session.new(game, seats, 1, autosave=tmp_path / "autosave-base-1.wgsave")
    match = play_match(game, seat_bots({s: "random" for s in seats}, 1), 1)
    finished = Session.new(game, seats, 1, autosave=tmp_path / "autosave-base-2.wgsave")
    for action in match.actions:
        finished.apply(action)
    damaged = tmp_path / "autosave-base-3.wgsave"
    damaged.write_bytes(finished.to_bytes()[:-100])
    now = time.time()
    for age, path in ((30, unfinished.autosave), (20, finished.autosave), (10, damaged)):
        os.utime(path, (now - age, now - age))
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.path == unfinished.autosave
    listed = {info.name: info for info in list_saves(tmp_path)}
    assert listed["autosave-base-2"].ok and listed["autosave-base-2"].over  # finished: still loadable
    assert not listed["autosave-base-3"].ok


# --- Item 7: litter, warnings and names ----------------------------------------------------------
def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_of_killed_writes_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / f".game.wgsave.{_dead_pid()}.0badf00d.tmp"
    old = tmp_path / f".game.wgsave.{os.getppid()}.0000beef.tmp"
    live = tmp_path / f".game.wgsave.{os.getppid()}.1111beef.tmp"
    other = tmp_path / f".other.wgsave.{_dead_pid()}.2222beef.tmp"
    mine = tmp_path / f".game.wgsave.{os.getpid()}.3333beef.tmp"
    for path in (dead, old, live, other, mine):
        path.write_bytes(b"x" * 1000)
    os.utime(old, (time.time() - STALE_AFTER_SECONDS - 60,) * 2)
    atomic_write(tmp_path / "game.wgsave", b"{}")  # a write cleans what killed writes of its file left
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["game.wgsave", live.name, other.name, mine.name])
    assert clean_stale_temporaries(tmp_path) == 1  # the whole folder, as the TUI does at start
    assert not other.exists() and live.exists() and mine.exists()


async def test_a_failing_autosave_is_said_once_and_then_shown_in_the_header(content: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the saves folder should be")
    monkeypatch.setenv("WARGAME_SAVES", str(blocker / "saves"))  # unwritable, even for root
    app = WargameApp(Launch(scenario="short", seats={"us": "human", "china": "bot:random"}, seed=3, bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        for _ in range(4):
            before = game.exercise.session.length
            await past_read_outs(pilot, lambda: not is_read_out(app.screen), "the game after a read-out")
            if isinstance(app.screen, HandOverScreen):
                await pilot.press("enter")
            await pilot.press("p")
            await wait_for(pilot, lambda b=before: game.exercise.session.length > b, "a move")
        warnings = [n for n in notifications(app) if "autosave" in n.lower()]
        assert len(warnings) == 1 and "failed" in warnings[0]
        assert game.exercise.autosave_error is not None
        await past_read_outs(pilot, lambda: not is_read_out(app.screen), "the game after a read-out")
        if isinstance(app.screen, HandOverScreen):
            await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
        assert "NOT AUTOSAVED" in screen_text(app)


async def test_saving_by_name_never_replaces_what_is_not_a_regular_file(content: Path, tmp_path: Path) -> None:
    """A named pipe (or a folder, a link) where the save would go is refused at once, with the reason on
    screen, not offered for replacing; it stays as it was."""
    from textual.widgets import Input

    from wargame.tui.screens.dialogs import ConfirmDialog, TextPrompt

    pipe = tmp_path / "saves" / "pipe.wgsave"
    os.mkfifo(pipe)
    app = WargameApp(Launch(scenario="short", seats={"us": "human", "china": "human"}, seed=3, bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt), "the save prompt")
        app.screen.query_one(Input).value = "pipe"
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("pipe.wgsave" in n and "not a regular file" in n for n in notifications(app)),
                       "the refusal")
        assert app.screen is game and not any(isinstance(s, ConfirmDialog) for s in app.screen_stack)
        assert app.errors == []
    assert pipe.is_fifo()


def test_an_unknown_action_kind_in_a_save_is_named_not_called_a_pass(tmp_path: Path) -> None:
    from wargame.bots.match import play_match, seat_bots

    game = base_game()
    seats = {s: "bot:random" for s in game.rules.scenario.seat_ids}
    session = Session.new(game, seats, 1)
    for action in play_match(game, seat_bots({s: "random" for s in seats}, 1), 1).actions[:5]:
        session.apply(action)
    doc = session.to_document()
    doc["log"][2]["action"]["kind"] = "detonate"
    del doc["checksum"]
    doc["checksum"] = checksum(doc)
    path = tmp_path / "forged.wgsave"
    path.write_text(json.dumps(doc))
    before = path.read_bytes()
    with pytest.raises(SaveError) as refused:
        load_session(path)
    assert "unknown action 'detonate'" in str(refused.value) and ": pass" not in str(refused.value)
    assert path.read_bytes() == before


def test_the_command_line_never_writes_over_an_unfinished_game(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.cli.main import main

    game = base_game()
    autosave = tmp_path / "autosave-base-1.wgsave"
    Session.new(game, {s: "human" for s in game.rules.scenario.seat_ids}, 1, autosave=autosave)
    before = autosave.read_bytes()
    monkeypatch.setenv("WARGAME_CONTENT", str(HOSTILE))
    assert main(["play", "--headless", "--scenario", "base", "--save", str(autosave)]) == 1
    assert "holds an unfinished game" in capsys.readouterr().err
    assert main(["simulate", "--scenario", "base", "--games", "1", "--bots", "random",
                 "--export-game", "0", str(autosave)]) == 2
    assert "holds an unfinished game" in capsys.readouterr().err
    assert autosave.read_bytes() == before
    finished = tmp_path / "done.wgsave"
    assert main(["play", "--headless", "--scenario", "base", "--save", str(finished)]) == 0
    assert main(["play", "--headless", "--scenario", "base", "--seed", "2", "--save", str(finished)]) == 0


def finished_save(path: Path) -> Path:
    """A finished bots-only game of the base scenario, saved at ``path``."""
    from wargame.bots.match import play_match, seat_bots
    from wargame.store import save_match

    game = base_game()
    seats = {s: "bot:random" for s in game.rules.scenario.seat_ids}
    return save_match(path, game, seats, 1, play_match(game, seat_bots({s: "random" for s in seats}, 1), 1).actions)


def hostile_targets(tmp_path: Path) -> dict[str, Path]:
    """What a command that writes a file must never write over: a text file, a damaged save, a named
    pipe, a folder, a link (to a finished save), and a file in a folder that does not exist."""
    targets = tmp_path / "targets"
    targets.mkdir()
    (targets / "notes.txt").write_text("precious notes\n")
    damaged = finished_save(targets / "damaged.wgsave")
    damaged.write_bytes(damaged.read_bytes()[:-200])
    os.mkfifo(targets / "pipe")
    (targets / "folder").mkdir()
    (targets / "link.wgsave").symlink_to(finished_save(tmp_path / "finished.wgsave"))
    return {"notes": targets / "notes.txt", "damaged": damaged, "pipe": targets / "pipe", "folder": targets / "folder",
            "link": targets / "link.wgsave", "no folder": targets / "missing" / "x.wgsave"}


def snapshot(folder: Path) -> dict[str, Any]:
    """Every path under ``folder`` with its kind and, for a file, its bytes."""
    return {str(p.relative_to(folder)): (p.lstat().st_mode, None if p.is_symlink() or not p.is_file() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("target", ["notes", "damaged", "pipe", "folder", "link", "no folder"])
def test_the_command_line_writes_a_save_only_where_nothing_is_lost(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """``play --save``, ``simulate --export-game`` and ``replay --branch-at -o`` refuse, with one line naming
    the command and the file, anything but a new file in an existing folder or (for the first two) a finished
    save, and leave it as it was: no text file, pipe or link is replaced, no folder is made."""
    from wargame.cli.main import main

    path = hostile_targets(tmp_path)[target]
    source = finished_save(tmp_path / "source.wgsave")
    before = snapshot(tmp_path / "targets")
    monkeypatch.setenv("WARGAME_CONTENT", str(HOSTILE))
    for argv, option, status in ((["play", "--headless", "--scenario", "base", "--save", str(path)], "--save", 1),
                                 (["simulate", "--scenario", "base", "--games", "1", "--bots", "random", "--workers",
                                   "1", "--export-game", "0", str(path)], "--export-game", 2),
                                 (["replay", str(source), "--branch-at", "2", "-o", str(path)], "-o", 2)):
        assert main(argv) == status, argv
        out, err = capsys.readouterr()
        assert err.startswith(f"wargame {argv[0]}: {option} {path}: ") and err.count("\n") == 1, err
        assert "saved to" not in out and "written to" not in out
        assert snapshot(tmp_path / "targets") == before, argv


def test_a_finished_save_may_be_written_over_by_play_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.cli.main import main

    finished = finished_save(tmp_path / "finished.wgsave")
    monkeypatch.setenv("WARGAME_CONTENT", str(HOSTILE))
    assert main(["simulate", "--scenario", "base", "--games", "2", "--bots", "random", "--workers", "1",
                 "--export-game", "1", str(finished)]) == 0
    assert load_save(finished).game_index == 1
    assert main(["play", "--headless", "--scenario", "base", "--save", str(finished)]) == 0
    assert load_save(finished).game_index == 0


def test_replay_and_report_refuse_devices_and_fifos_without_reading_them(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from wargame.cli.main import main

    fifo = tmp_path / "game.wgsave"
    os.mkfifo(fifo)
    for argv in (["replay", "/dev/zero", "--headless"], ["replay", str(fifo), "--headless"], ["report", str(fifo)]):
        assert main(argv) == 1
        assert "not a regular file: a save file must be a plain file" in capsys.readouterr().err
