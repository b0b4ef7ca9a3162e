"""``mcts``: Monte-Carlo tree search over its own seat's decisions, seeing only its own view.

The search is the rules core's (``core.mcts``, where it is described): each iteration deals the
hidden cards at random (it never peeks), walks a tree of the seat's own decisions by UCT, lets the
other seats answer with a cheap policy, and scores the position it reaches by the seat's projected
margin over its target (the game is won by the best score against target). This class holds the
search (``engine.search``) and its counters. With an iteration budget the bot is deterministic for
its seed and decision number; a time budget trades that for a bound on thinking time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wargame.bots.base import Decision, register
from wargame.core.mcts import SEARCH_BOTS, search_params
from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.search import Search
from wargame.engine.state import GameState

__all__ = ["SEARCH_BOTS", "MctsBot", "fast_mcts", "search_params"]


@register("mcts")
class MctsBot:
    """Information-set MCTS (one determinization per iteration) over its own decisions."""

    name = "mcts"

    def __init__(self, seed: int = 0, iterations: int = 200, seconds: float | None = None,
                 **settings: Any) -> None:
        """``settings``: the search's other settings (``core.mcts.search_params``)."""
        self.search = Search(search_params(iterations, **settings), timed=seconds is not None)
        self.seed, self.iterations, self.seconds = seed, iterations, seconds
        self.calls = 0

    def resume(self, choices: Sequence[int]) -> None:
        """Each decision's draws are numbered from the decision's count, so only that count is kept."""
        self.calls = len(choices)

    def choose(self, game: Game, view: GameState) -> Action:
        return self.decide(game, view).action

    def decide(self, game: Game, view: GameState) -> Decision:
        """The most visited of the root's options, unless it is not clearly better than the first (the
        search's ``gate``); ``scores``: each tried option's mean value less the position's value now
        (what the option adds), best first."""
        self.calls += 1
        action, scores = self.search.decide(game, view, self.seed, self.calls, self.seconds)
        if not scores:
            return Decision(action)
        return Decision(action, tuple(scores), "projected margin over target gained")


@register("mcts-fast")
def fast_mcts(seed: int = 0) -> MctsBot:
    """``mcts`` with half the iterations over four root options, one decision deep: for Monte-Carlo batches and
    quick opponents."""
    bot = MctsBot(seed, **SEARCH_BOTS["mcts-fast"])
    bot.name = "mcts-fast"
    return bot
