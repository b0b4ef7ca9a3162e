"""Comparing a branched game with its original: the exact divergence point and both outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_game
from test_report import SEATS, play_annotated
from wargame.bots.match import seat_bots
from wargame.engine.actions import Action
from wargame.report import GameRecord, export_comparison, find_divergence, record_of
from wargame.report.record import same_play
from wargame.store import Replay, Session

BRANCH_AT = 37


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("orig") / "original.wgsave"
    play_annotated(build_game(), seed=11).save(path)
    return path


def finish_branch(session: Session, first: Action) -> Session:
    """Play ``first`` at the branch point, then let random bots finish the game."""
    game = session.game
    session.apply(first)
    bots = seat_bots({s: "random" for s in SEATS}, 99)
    while (seat := game.current_player(session.state)) is not None:
        session.apply(bots[seat].choose(game, game.view(session.state, seat)))
    return session


@pytest.fixture(scope="module")
def branch(original: Path) -> Path:
    replay = Replay.open(original)
    taken = Action.from_dict(replay.entries[BRANCH_AT].action)
    session = replay.branch(BRANCH_AT)
    other = next(a for a in session.game.legal_actions(session.state) if not same_play(a, taken))
    path = original.parent / "branch.wgsave"
    finish_branch(session, other).save(path)
    return path


def test_compare_finds_the_exact_divergence(original: Path, branch: Path) -> None:
    div = find_divergence(record_of(original), record_of(branch))
    assert div.index == BRANCH_AT
    assert div.original is not None and div.branch is not None and not same_play(div.original, div.branch)


def test_a_branch_that_replays_the_same_moves_never_diverges(original: Path) -> None:
    replay = Replay.open(original)
    session = replay.branch(10)
    for entry in replay.entries[10:]:
        session.apply(Action.from_dict(entry.action))
    assert find_divergence(record_of(original), record_of(session)).index is None


def test_a_shorter_branch_diverges_where_it_stops(original: Path) -> None:
    session = Replay.open(original).branch(20)
    assert find_divergence(record_of(original), record_of(session)).index == 20


def test_games_with_other_seeds_differ_from_the_start() -> None:
    game = build_game()
    a = GameRecord.fold(game, 1, [])
    b = GameRecord.fold(game, 2, [])
    div = find_divergence(a, b)
    assert div.index == 0 and "seeds" in div.reason


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_comparison_report_shows_divergence_and_both_outcomes(original: Path, branch: Path, tmp_path: Path,
                                                              fmt: str) -> None:
    path = export_comparison(original, branch, fmt, tmp_path / f"cmp.{fmt}")
    text = path.read_text()
    assert f"Divergence at log entry #{BRANCH_AT + 1}" in text
    assert "How the outcome differed" in text and text.count("wins") >= 2
    a, b = record_of(original).final.result, record_of(branch).final.result
    assert a is not None and b is not None
    for result in (a, b):
        for margin in result["margins"].values():
            assert f"{margin:+.2f}" in text
    if fmt == "html":
        assert text.count("<svg") == 5 and "http" not in text
    else:
        assert all((tmp_path / f"cmp-charts/{c}.svg").exists() for c in ("lag", "domestic-share", "compute", "vp"))


def test_compare_works_on_live_sessions(original: Path) -> None:
    replay = Replay.open(original)
    session = replay.branch(5)
    session.apply(next(a for a in session.game.legal_actions(session.state)
                       if not same_play(a, Action.from_dict(replay.entries[5].action))))
    assert find_divergence(record_of(replay), record_of(session)).index == 5
