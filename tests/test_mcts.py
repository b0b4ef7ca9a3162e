"""The ``mcts`` bot: registered, legal, deterministic for its seed, blind to hidden cards, and stronger than greedy
(``mcts`` as the US and the firm, ``mcts-fast`` as China and the firm; ``mcts-fast`` as the US not yet)."""

from __future__ import annotations

import time

import pytest

from conftest import build_game
from wargame.bots.base import make_bot
from wargame.bots.match import play_match
from wargame.bots.mcts import MctsBot
from wargame.engine.state import HIDDEN
from wargame.report.labels import move_name


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


def _against_greedy(bot: str, scenario: str, seat: str, games: int) -> tuple[int, int, int, int, float]:
    """``bot`` in ``seat`` vs greedy in it, greedy in the other seats, on the same games (paired):
    the seat's wins each way, the games its margin was better and worse, and the mean difference."""
    from wargame.sim import BatchSpec, run_batch

    searched = run_batch(BatchSpec.of(scenario, {"*": "greedy", seat: bot}), games, seed=7).records
    greedy = run_batch(BatchSpec.of(scenario, "greedy"), games, seed=7).records
    diffs = [a.margins[seat] - b.margins[seat] for a, b in zip(searched, greedy, strict=True)]
    return (sum(r.winner == seat for r in searched), sum(r.winner == seat for r in greedy),
            sum(d > 1e-9 for d in diffs), sum(d < -1e-9 for d in diffs), sum(diffs) / games)


#: ``mcts-fast``'s lead over the year-ahead greedy bot as the US is small, a point and a half of win
#: rate: 144 wins more than greedy's over twenty-five 400-game batches of baseline (seeds 12-36, 10,000
#: games, 2.8 standard errors of the paired difference). Eighty games cannot tell that from luck (it
#: won 25 of the first 80 here against greedy's 29) and a thousand read it either way (10 fewer after
#: 1,000 games, 43 more after 2,000), so this seat is judged on 2,000.
_US_GAMES = 2000


@pytest.mark.parametrize(("bot", "seat", "games"), [
    ("mcts-fast", "us", _US_GAMES), ("mcts-fast", "china", 80), ("mcts-fast", "firm", 80),
    ("mcts", "us", 80), ("mcts", "firm", 80)])
def test_beats_greedy_in_the_same_seat(bot, seat, games):
    """A search bot in a seat of the shipped baseline wins more often than greedy in that seat (greedy
    in the other seats, same games). Wins, not points: like greedy, the search weighs the best rival's
    margin (the game is won on margins), so it gives up points of its own to take more from the leader.
    Over these games mcts-fast wins 34 as China against greedy's 26, 38 as the firm against 24 and, over
    2,000 games, 685 as the US against 642 (see ``_US_GAMES``); mcts 30 as the US against 29 (418 against
    384 over three 400-game batches, seeds 12-14) and 41 as the firm against 24."""
    wins, greedy_wins, better, worse, mean = _against_greedy(bot, "baseline", seat, games)
    assert wins > greedy_wins, (f"{bot} won {wins} of {games} as {seat}, greedy {greedy_wins} "
                                f"(margin better in {better} games, worse in {worse}, mean {mean:+.2f})")


def test_decide_weighs_the_root_options_best_first(short_game):
    state, seat = _first_decision(short_game)
    decision = MctsBot(seed=2, iterations=30).decide(short_game, short_game.view(state, seat))
    legal = short_game.legal_actions(state)
    values = [v for _, v in decision.scores]
    assert 1 < len(decision.scores) <= 10 and decision.unit == "projected margin over target gained"
    assert values == sorted(values, reverse=True)
    assert all(a in legal for a, _ in decision.scores) and decision.score_of(decision.action) is not None


def test_a_kept_option_behind_another_reads_as_within_the_noise(short_game):
    from wargame.bots.base import Decision
    from wargame.report.why import decision_text

    state, _ = _first_decision(short_game)
    first, second = short_game.legal_actions(state)[:2]
    behind = decision_text(short_game.rules, Decision(first, ((second, 0.5), (first, 0.2)), "gained"))
    ahead = decision_text(short_game.rules, Decision(first, ((first, 0.5), (second, 0.2)), "gained"))
    assert behind is not None and behind.startswith(f"{move_name(short_game.rules, first)}: +0.20 gained; vs ")
    assert behind.endswith("+0.50, within the search's noise")
    assert ahead is not None and ahead.endswith(f"vs {move_name(short_game.rules, second)} +0.20")


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
