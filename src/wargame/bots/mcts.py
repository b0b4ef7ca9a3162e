"""``mcts``: Monte-Carlo tree search over its own seat's decisions, seeing only its own view.

The search is the rules core's (``core.mcts``, where it is described): each iteration deals the
hidden cards at random (it never peeks), walks a tree of the seat's own decisions by UCT, lets the
other seats answer with a cheap policy, and scores the position it reaches by the seat's projected
margin over its target (the game is won by the best score against target). This class holds the
search's memory and its counters. With an iteration budget the bot is deterministic for its seed
and decision number; a time budget trades that for a bound on thinking time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from wargame.bots.base import Decision, register
from wargame.core import api, layout
from wargame.core import mcts as core_mcts
from wargame.engine.actions import Action
from wargame.engine.corestate import seed_word, to_record
from wargame.engine.game import Game
from wargame.engine.state import GameState

#: Value of a decided game beyond the margins: winning matters more than by how much.
WIN_VALUE = 50.0
#: Weight of the best rival's margin in a position's value. 0 (only one's own score) beat greedy more
#: often than 1 (pure lead) in trials: chasing a runaway leader sacrificed points without catching up.
RIVALRY = 0.0
#: Iterations between looks at the clock, under a time budget.
_SLICE = 8
#: Nodes a time-bounded search may grow (one per iteration).
_TIMED_NODES = 20_000
_ROLLOUTS = {"random": core_mcts.RANDOM, "greedy-lite": core_mcts.GREEDY_LITE}


def search_params(iterations: int = 200, depth: int = 2, root_width: int = 10, exploration: float = 0.7,
                  rollout: str = "greedy-lite", rivalry: float = RIVALRY) -> np.recarray:
    """A search's settings as the core reads them (one ``core.mcts.PARAMS`` record)."""
    if rollout not in _ROLLOUTS:
        raise ValueError("rollout must be 'random' or 'greedy-lite'")
    params = layout.records(core_mcts.PARAMS, 1)
    p = params[0]
    p.iterations, p.depth, p.root_width, p.exploration = iterations, depth, root_width, exploration
    p.rollout, p.rivalry, p.win_value = _ROLLOUTS[rollout], rivalry, WIN_VALUE
    return params


#: Each search bot's settings by name (batches play these in the core).
SEARCH_BOTS = {"mcts": {"iterations": 200}, "mcts-fast": {"iterations": 40}}


@register("mcts")
class MctsBot:
    """Information-set MCTS (one determinization per iteration) over its own decisions."""

    name = "mcts"

    def __init__(self, seed: int = 0, iterations: int = 200, seconds: float | None = None, depth: int = 2,
                 root_width: int = 10, exploration: float = 0.7, rollout: str = "greedy-lite",
                 rivalry: float = RIVALRY) -> None:
        self.params = search_params(iterations, depth, root_width, exploration, rollout, rivalry)
        self.seed, self.iterations, self.seconds = seed, iterations, seconds
        self.calls = 0
        room = iterations + 1 if seconds is None else min(iterations, _TIMED_NODES) + 1
        self._nodes = layout.records(core_mcts.NODE, room)
        self._search = layout.records(core_mcts.SEARCH, 1)
        self._scratch = layout.records(layout.STATE, core_mcts.N_SCRATCH)
        self._work, self._events = layout.new_work(), layout.records(layout.EVENT, 1)

    def resume(self, choices: Sequence[int]) -> None:
        """Each decision's draws are numbered from the decision's count, so only that count is kept."""
        self.calls = len(choices)

    def choose(self, game: Game, view: GameState) -> Action:
        return self.decide(game, view).action

    def decide(self, game: Game, view: GameState) -> Decision:
        """The most visited of the root's options; ``scores``: each tried option's mean value less the
        position's value now (what the option adds), best first."""
        seat = view.viewer or game.current_player(view)
        assert seat is not None
        low = game.low
        s = low.seat_index[seat]
        self.calls += 1
        recs = to_record(low, view)
        memory = (low.rules, low.code, self._work, self._events, recs, self._scratch, self._nodes, self._search,
                  self.params, s)
        S = self._search[0]
        if api.search_start(*memory, seed_word(self.seed), self.calls) == 1:
            return Decision(game.core_action(seat, *S.choice.tolist()))
        if self.seconds is None:
            api.search_iterate(*memory, self.iterations)
        else:
            deadline = time.perf_counter() + self.seconds
            while S.done < self.iterations and S.n_nodes < len(self._nodes):
                api.search_iterate(*memory, min(S.done + _SLICE, self.iterations))
                if time.perf_counter() > deadline:
                    break
        api.search_finish(low.rules, self._work, recs, self._nodes, self._search, self.params, s)
        n = int(S.n_scored)
        if n == 0:
            return Decision(game.core_action(seat, *S.choice.tolist()))
        scores = tuple((game.core_action(seat, *m), v)
                       for m, v in zip(S.scored[:n].tolist(), S.score[:n].tolist(), strict=True))
        return Decision(game.core_action(seat, *S.choice.tolist()), scores, "projected margin over target gained")


@register("mcts-fast")
def fast_mcts(seed: int = 0) -> MctsBot:
    """``mcts`` with a fifth of the iterations: for Monte-Carlo batches and quick opponents."""
    bot = MctsBot(seed, **SEARCH_BOTS["mcts-fast"])
    bot.name = "mcts-fast"
    return bot
