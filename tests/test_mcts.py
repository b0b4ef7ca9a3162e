"""The ``mcts`` bot: registered, legal, deterministic for its seed, blind to hidden cards, and stronger than greedy."""

from __future__ import annotations

import time

import pytest

from conftest import build_game
from wargame.bots.base import make_bot
from wargame.bots.match import play_match
from wargame.bots.mcts import MctsBot
from wargame.engine.state import HIDDEN
from wargame.sim.spec import bot_seed


@pytest.fixture(scope="module")
def short_game():
    """The fixture scenario cut to four quarters, to keep searches quick."""
    return build_game(end="2026Q4")


def _first_decision(game, seed: int = 3):
    state = game.new_game(seed)
    seat = game.current_player(state)
    return state, seat


def test_registered_and_plays_legal_moves(short_game):
    import wargame.bots.mcts  # noqa: F401  (registers it, until make_bot imports it itself)

    bot = make_bot("mcts", seed=1)
    assert isinstance(bot, MctsBot) and bot.name == "mcts"
    small = MctsBot(seed=1, iterations=10)
    bots = {"us": small, "china": make_bot("random", 2), "firm": make_bot("random", 3)}
    match = play_match(short_game, bots, seed=5)  # play_match applies with the legality check
    assert match.state.over


def test_deterministic_for_a_seed(short_game):
    state, seat = _first_decision(short_game)
    view = short_game.view(state, seat)
    first = [MctsBot(seed=7, iterations=25).choose(short_game, view) for _ in range(2)]
    assert first[0] == first[1]
    a = play_match(short_game, {s: MctsBot(seed=11, iterations=8) for s in ("us", "china", "firm")}, seed=2)
    b = play_match(short_game, {s: MctsBot(seed=11, iterations=8) for s in ("us", "china", "firm")}, seed=2)
    assert a.actions == b.actions


def test_does_not_peek_at_hidden_cards(short_game):
    """Two states that differ only in what the seat cannot see get the same answer."""
    state, seat = _first_decision(short_game)
    other = next(s for s in state.seats if s != seat)
    swapped = state.clone()
    # swap the other seat's hand with the top of the draw pile: invisible to `seat`
    n = len(swapped.hands[other])
    swapped.hands[other], swapped.draw_pile[-n:] = list(state.draw_pile[-n:]), list(state.hands[other])
    view_a, view_b = short_game.view(state, seat), short_game.view(swapped, seat)
    assert view_a.hands[other] == [HIDDEN] * n and short_game.hash(view_a) == short_game.hash(view_b)
    assert MctsBot(seed=4, iterations=30).choose(short_game, view_a) == MctsBot(seed=4, iterations=30).choose(
        short_game, view_b)


def test_time_budget_bounds_thinking(short_game):
    state, seat = _first_decision(short_game)
    bot = MctsBot(seed=1, iterations=1_000_000, seconds=0.2)
    started = time.perf_counter()
    action = bot.choose(short_game, short_game.view(state, seat))
    assert time.perf_counter() - started < 2.0
    assert action in short_game.legal_actions(state)


def test_beats_greedy_in_the_same_seat(short_game):
    """The US seat played by mcts vs by greedy, against the same greedy opponents and seeds (paired)."""
    seat, games, better, worse, total = "us", 20, 0, 0, 0.0
    for k in range(games):
        margins = {}
        for who in ("mcts", "greedy"):
            bs = bot_seed(7, k)
            bots = {s: make_bot("greedy", bs * 7919 + i) for i, s in enumerate(("china", "firm", "us"))}
            if who == "mcts":
                bots[seat] = MctsBot(seed=bs, iterations=40)
            match = play_match(short_game, bots, seed=7, game_index=k)
            margins[who] = match.state.result["margins"][seat]
        diff = margins["mcts"] - margins["greedy"]
        better, worse, total = better + (diff > 1e-9), worse + (diff < -1e-9), total + diff
    assert better > worse, f"mcts better in {better} games, greedy in {worse} (of {games})"
    assert total / games > 0, f"mean margin difference {total / games:+.2f}"


def test_decide_weighs_the_root_options_best_first(short_game):
    state, seat = _first_decision(short_game)
    decision = MctsBot(seed=2, iterations=30).decide(short_game, short_game.view(state, seat))
    legal = short_game.legal_actions(state)
    values = [v for _, v in decision.scores]
    assert 1 < len(decision.scores) <= 10 and decision.unit == "projected margin over target gained"
    assert values == sorted(values, reverse=True)
    assert all(a in legal for a, _ in decision.scores) and decision.score_of(decision.action) is not None


def test_resumed_bot_answers_as_the_unbroken_one(short_game):
    """A bot rebuilt mid-game (a loaded save) and resumed from its seat's past decisions moves as the
    bot that played all along."""
    bots = {s: MctsBot(seed=20 + i, iterations=12) for i, s in enumerate(("china", "firm", "us"))}
    state, choices = short_game.new_game(6), {"china": [], "firm": [], "us": []}
    for _ in range(14):
        seat = short_game.current_player(state)
        choices[seat].append(len(short_game.legal_actions(state)))
        state = short_game.apply(state, bots[seat].choose(short_game, short_game.view(state, seat)))
    seat = short_game.current_player(state)
    fresh = MctsBot(seed=bots[seat].seed, iterations=12)
    fresh.resume(choices[seat])
    view = short_game.view(state, seat)
    assert fresh.decide(short_game, view) == bots[seat].decide(short_game, view)


def test_same_move_in_another_process(short_game):
    import subprocess
    import sys

    state, seat = _first_decision(short_game, seed=4)
    here = MctsBot(seed=13, iterations=20).choose(short_game, short_game.view(state, seat))
    code = ("import sys; sys.path.insert(0, 'tests')\n"
            "from conftest import build_game\n"
            "from wargame.bots.mcts import MctsBot\n"
            "game = build_game(end='2026Q4'); state = game.new_game(4); seat = game.current_player(state)\n"
            "print(repr(MctsBot(seed=13, iterations=20).choose(game, game.view(state, seat))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == repr(here)


def test_a_game_of_three_mcts_fast_seats_finishes_in_a_batch():
    from wargame.sim import BatchSpec, run_batch

    result = run_batch(BatchSpec.of("baseline", "mcts-fast"), 2, seed=3, workers=1)
    assert [r.index for r in result.records] == [0, 1]
    assert all(r.winner in ("us", "china", "firm") and r.quarter for r in result.records)
