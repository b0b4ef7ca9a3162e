"""Replays: seeking (fast, and equal to folding the log), quarters, differences, branches, and
``wargame replay FILE --headless``."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pytest

from test_store_fixtures import LONG, SHORT, bot_actions, fixture_game, played, saved_bytes
from wargame.cli import replay as replay_cli
from wargame.engine.state import state_hash
from wargame.store import Replay, load_save


@pytest.fixture(scope="module")
def long_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long.wgsave"
    path.write_bytes(saved_bytes(LONG))
    return path


def direct_fold(end: str, upto: int) -> str:
    game = fixture_game(end)
    state = game.new_game(5)
    for action in bot_actions(end)[:upto]:
        state = game.apply(state, action)
    return state_hash(state)


def test_every_point_of_a_replay_equals_folding_the_log_directly(long_path: Path) -> None:
    replay = Replay.open(long_path)
    assert replay.length == len(bot_actions(LONG)) > 150
    for i in [*range(replay.length, -1, -7), 0, 1, replay.length]:  # backwards: each from a checkpoint
        assert state_hash(replay.state_at(i)) == direct_fold(LONG, i), i


def test_a_state_restored_from_a_checkpoint_keeps_the_engines_key_order(long_path: Path) -> None:
    replay = Replay.open(long_path)
    i = replay.quarter_index(7)
    game = fixture_game(LONG)
    state = game.new_game(5)
    for action in bot_actions(LONG)[:i]:
        state = game.apply(state, action)
    restored = replay.state_at(i)
    for name in ("values", "board", "hands", "vp", "streaks"):
        assert list(getattr(restored, name)) == list(getattr(state, name)), name
    assert restored.to_dict() == state.to_dict()


def test_seeking_a_long_game_takes_under_50_ms(long_path: Path) -> None:
    save = load_save(long_path)
    assert len(save.checkpoints) == 20
    worst = 0.0
    for turn in range(20, 0, -1):
        replay = Replay(save)  # a cold cache every time
        start = time.perf_counter()
        replay.seek(replay.end_of_turn(turn) - 1)  # the farthest point from a checkpoint
        worst = max(worst, time.perf_counter() - start)
    assert worst < 0.050, f"seek took {worst * 1000:.1f} ms"


def test_quarters_and_turns_map_to_log_indices() -> None:
    replay = played().replay()
    game = fixture_game()
    assert replay.quarter_index(1) == 0
    for turn in range(2, 5):
        i = replay.quarter_index(turn)
        assert replay.state_at(i).turn == turn and replay.state_at(i - 1).turn == turn - 1
        assert replay.quarter_index(replay.quarter_of(turn)) == i == replay.end_of_turn(turn - 1)
        assert game.current_player(replay.seek_quarter(turn)) is not None and replay.cursor == i
    assert replay.end_of_turn(4) == replay.length and replay.state_at(replay.length).over
    with pytest.raises(ValueError):
        replay.end_of_turn(5)
    with pytest.raises(ValueError):
        replay.quarter_index(9)


def test_the_cursor_steps_forward_and_back(tmp_path: Path) -> None:
    replay = Replay(load_save(write_save(tmp_path)))
    assert replay.cursor == replay.length
    replay.seek(0)
    assert replay.step().turn == 1 and replay.cursor == 1
    replay.step(5)
    assert replay.cursor == 6 and state_hash(replay.state) == replay.entries[5].state_hash
    assert state_hash(replay.back(2)) == replay.entries[3].state_hash
    assert replay.back(100) is replay.state_at(0) and replay.cursor == 0
    replay.step(10_000)
    assert replay.cursor == replay.length
    assert len(list(replay)) == replay.length + 1


def test_diff_reports_what_changed_between_two_points() -> None:
    replay = played().replay()
    start, end = replay.quarter_index(2), replay.quarter_index(3)
    changes = {path: (a, b) for path, a, b in replay.diff(start, end)}
    assert changes["quarter"] == ("2026Q2", "2026Q3")
    assert "world.lag" in changes and any(p.startswith("vp.") for p in changes)
    a, b = replay.state_at(start), replay.state_at(end)
    for seat in a.vp:
        if a.vp[seat] != b.vp[seat]:
            assert changes[f"vp.{seat}"] == (a.vp[seat], b.vp[seat])
    assert replay.diff(start, start) == []
    assert all(before != after for _, before, after in replay.diff(0, replay.length))
    assert replay.events_between(start, end) == [e for x in replay.entries[start:end] for e in x.events]


def test_a_branch_starts_with_the_old_prefix_then_diverges(tmp_path: Path) -> None:
    replay = Replay.open(write_save(tmp_path))
    k = replay.quarter_index(3) + 1
    branch = replay.branch(k, autosave=tmp_path / "branch.wgsave")
    assert [e.model_dump() for e in branch.entries] == [e.model_dump() for e in replay.entries[:k]]
    assert state_hash(branch.state) == replay.entries[k - 1].state_hash
    original = bot_actions()[k]
    other = next(a for a in branch.game.legal_actions(branch.state) if a != original)
    branch.apply(other)
    assert branch.entries[k].action == other.to_dict() != replay.entries[k].action
    assert branch.entries[:k] == replay.entries[:k]
    reloaded = load_save(tmp_path / "branch.wgsave")  # the branch autosaves and verifies as a game of its own
    assert reloaded.current.index == k + 1 and reloaded.seed == replay.seed


def write_save(tmp_path: Path) -> Path:
    path = tmp_path / "short.wgsave"
    path.write_bytes(saved_bytes())
    return path


def test_a_replay_of_a_session_in_play() -> None:
    session = played(upto=20)
    replay = session.replay()
    assert replay.length == 20 and replay.state_at(7) is session.state_at(7)
    session.apply(bot_actions()[20])
    assert replay.length == 20  # a replay is a snapshot of the log


# --- The command line ------------------------------------------------------------------------------
def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="wargame")
    replay_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.run(args)


def test_replay_headless_json_prints_the_state_and_its_hash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_save(tmp_path)
    assert run_cli(["replay", str(path), "--headless", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    replay = Replay.open(path)
    assert {"scenario", "seed", "turn", "quarter", "index", "state", "state_hash"} <= set(doc)
    assert doc["state_hash"] == state_hash(replay.state_at(replay.length)) == load_save(path).current.state_hash
    assert (doc["scenario"], doc["seed"], doc["turn"], doc["quarter"], doc["index"]) == ("baseline", 5, 4, SHORT, replay.length)
    assert doc["state"] == json.loads(json.dumps(replay.state_at(replay.length).to_dict()))


def test_replay_headless_to_turn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_save(tmp_path)
    assert run_cli(["replay", str(path), "--headless", "--to-turn", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    replay = Replay.open(path)
    assert doc["turn"] == 2 and doc["quarter"] == "2026Q2" and doc["index"] == replay.quarter_index(3)
    assert doc["state_hash"] == state_hash(replay.state_at(doc["index"]))
    assert run_cli(["replay", str(path), "--headless", "--to-turn", "9"]) == 2
    assert "--to-turn 9" in capsys.readouterr().err


def test_replay_headless_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["replay", str(write_save(tmp_path)), "--headless"]) == 0
    out = capsys.readouterr().out
    assert "End of turn 4 (2026Q4)" in out and "state hash" in out and "wins" in out


def test_replay_of_a_bad_file_fails_with_status_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.wgsave"
    path.write_bytes(saved_bytes()[:1000])
    assert run_cli(["replay", str(path), "--headless", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and f"{path}: truncated or not JSON" in captured.err
    assert path.read_bytes() == saved_bytes()[:1000]


def test_replay_is_a_subcommand_of_wargame(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wargame.cli.main import main

    assert main(["replay", str(write_save(tmp_path)), "--headless", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["index"] == len(bot_actions())

