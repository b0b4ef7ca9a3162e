"""Issue 14, item 2: ops that respect each side's economy, and resources that run short.

Greedy bots value what a move leaves them (budget, political capital, an opponent's card not held)
beside the quarter's points, so they lobby when short of PC and shelve a hand's worst card; an
invest pays from the budget, so the budget is spent, not hoarded.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import shipped_rules
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import OPS, SHELVE
from wargame.engine.game import Game


@pytest.fixture(scope="module")
def greedy_games():
    game = Game(shipped_rules())
    seats = game.rules.scenario.seat_ids
    return game, [play_match(game, seat_bots({s: "greedy" for s in seats}, seed), seed) for seed in range(6)]


def test_greedy_bots_lobby_and_shelve_in_some_games(greedy_games):
    _, matches = greedy_games
    lobbied = sum(any(a.kind == OPS and a.use == "lobby" for a in m.actions) for m in matches)
    shelved = sum(any(a.kind == SHELVE for a in m.actions) for m in matches)
    assert lobbied >= 1 and shelved >= 1


def test_greedy_bots_spend_their_budgets(greedy_games):
    game, matches = greedy_games
    invested = Counter(a.seat for m in matches for a in m.actions if a.kind == OPS and a.use == "invest")
    # China and the firm invest; the US's ops go to the swing states (its points are the board's
    # and the lag's, which one quarter of extra capex barely moves), so it spends on events.
    assert {"china", "firm"} <= set(invested)
    # Each seat spends much of what it earns: no budget ends the game at more than the seat's
    # income over four quarters of play (before issue 14 they ended at $90-95B unspent).
    for m in matches:
        for seat in game.rules.scenario.seat_ids:
            assert m.state.values[f"{seat}.budget"] < 60.0
