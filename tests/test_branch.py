"""What-ifs that isolate the change: a branch's bots keep the original game's draws decision by
decision, so a branch left unchanged ends in the original's very state; and branching from the
command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_game
from wargame.cli.main import main
from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.report import find_divergence, record_of
from wargame.report.record import same_play
from wargame.store import Replay, load_save
from wargame.tui.session import Exercise

SEATS = {"us": "bot:greedy", "china": "bot:greedy", "firm": "bot:random"}


def play_out(ex: Exercise) -> Exercise:
    """Let the bots play every seat of ``ex`` to the end, as the game screen does."""
    while (seat := ex.current_seat) is not None:
        ex.play(ex.bot_choice(seat))
    return ex


@pytest.fixture(scope="module")
def game() -> Game:
    return build_game()


@pytest.fixture(scope="module")
def original(game: Game, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("branch") / "original.wgsave"
    play_out(Exercise.start(game, SEATS, seed=11)).save(path)
    return path


def final_hash(path_or_ex: Path | Exercise) -> str:
    if isinstance(path_or_ex, Exercise):
        return path_or_ex.session.entries[-1].state_hash
    return load_save(path_or_ex).current.state_hash


@pytest.mark.parametrize("where", ["2027Q1", 48, 1])
def test_an_unchanged_branch_reproduces_the_original(original: Path, where: str | int) -> None:
    replay = Replay.open(original)
    index = replay.quarter_index(where) if isinstance(where, str) else where
    branch = play_out(Exercise.from_session(replay.branch(index)))
    assert [e.state_hash for e in branch.session.entries] == [e.state_hash for e in replay.entries]
    assert final_hash(branch) == final_hash(original)


def test_bots_keep_their_draws_when_another_seat_goes_to_a_team(original: Path) -> None:
    """The US handed to a team that plays the original's moves: the other bots still play theirs."""
    replay = Replay.open(original)
    index = replay.quarter_index("2027Q1")
    ex = Exercise.from_session(replay.branch(index, seats={**SEATS, "us": "human"}))
    while (seat := ex.current_seat) is not None:
        ex.play(Action.from_dict(replay.entries[ex.session.length].action) if seat == "us" else ex.bot_choice(seat))
    assert final_hash(ex) == final_hash(original)


def test_a_comparison_starts_at_the_changed_move(original: Path) -> None:
    """One different move at 2027Q1, bots on from there: the logs part exactly at that move."""
    replay = Replay.open(original)
    index = replay.quarter_index("2027Q1")
    ex = Exercise.from_session(replay.branch(index))
    logged = Action.from_dict(replay.entries[index].action)
    ex.play(next(a for a in ex.legal_actions() if not same_play(a, logged)))
    play_out(ex)
    divergence = find_divergence(record_of(original), record_of(ex.session))
    assert divergence.index == index
    assert final_hash(ex) != final_hash(original)


def test_mcts_decisions_replay_in_a_branch() -> None:
    short = build_game(end="2026Q4")
    seats = {"us": "bot:mcts-fast", "china": "bot:greedy", "firm": "bot:random"}
    first = play_out(Exercise.start(short, seats, seed=4))
    replay = first.replay()
    branch = play_out(Exercise.from_session(replay.branch(replay.quarter_index(2))))
    assert final_hash(branch) == final_hash(first)
    said = [e.action.get("text", "") for e in first.session.entries if e.seat == "us"]
    assert any("projected margin over target gained; vs " in t for t in said), said


def test_bot_moves_carry_the_bots_reason(original: Path) -> None:
    save = load_save(original)
    greedy = [e.action for e in save.log if e.seat in ("us", "china") and e.action.get("kind") != "pass"]
    explained = [a for a in greedy if a.get("text")]
    assert len(explained) > len(greedy) / 2
    assert all("VP projected a year ahead" in a["text"] for a in explained)
    assert not any(e.action.get("text") for e in save.log if e.seat == "firm")  # a random bot weighs nothing


# --- From the command line -------------------------------------------------------------------------
def test_branch_from_the_command_line(original: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "what-if.wgsave"
    assert main(["replay", str(original), "--branch-at", "2027Q1", "-o", str(new), "--seat", "us=human"]) == 0
    branch, source = load_save(new), load_save(original)
    kept = Replay(source).quarter_index("2027Q1")
    assert [e.state_hash for e in branch.log] == [e.state_hash for e in source.log[:kept]]
    assert branch.seats == {**source.seats, "us": "human"}
    assert f"the first {kept} of {len(source.log)} entries" in capsys.readouterr().out
    assert main(["replay", str(original), "--branch-at", "12", "-o", str(tmp_path / "b.wgsave")]) == 0
    assert len(load_save(tmp_path / "b.wgsave").log) == 11


@pytest.mark.parametrize(("args", "message"), [
    (["--branch-at", "2031Q1", "-o", "x.wgsave"], "before turn"),
    (["--branch-at", "soon", "-o", "x.wgsave"], "expected a quarter"),
    (["--branch-at", "9999", "-o", "x.wgsave"], "the log has entries"),
    (["--branch-at", "2027Q1"], "needs -o"),
    (["--branch-at", "2027Q1", "-o", "x.wgsave", "--seat", "moon=human"], "seats are"),
    (["-o", "x.wgsave"], "need --branch-at"),
])
def test_bad_branch_requests_are_refused(original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["replay", str(original), *args]) != 0
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.wgsave").exists()


def test_a_branch_never_overwrites(original: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = original.read_bytes()
    assert main(["replay", str(original), "--branch-at", "3", "-o", str(original)]) == 2
    assert "exists" in capsys.readouterr().err and original.read_bytes() == before
