"""One ``mcts`` decision at a time through the facade: the search's memory, and its answer as actions.

The search itself is the rules core's (``core.mcts``, where it is described); ``bots.mcts`` keeps a
``Search`` per bot. With an iteration budget a decision depends on the seed, the decision's number
and the seat's view only; a time budget trades that for a bound on thinking time.
"""

from __future__ import annotations

import time

import numpy as np

from wargame.core import api, layout
from wargame.core import mcts as core_mcts
from wargame.engine.actions import Action
from wargame.engine.compiled import ready
from wargame.engine.corestate import seed_word, to_record
from wargame.engine.game import Game
from wargame.engine.state import GameState

#: Iterations between looks at the clock, under a time budget.
_SLICE = 8
#: Nodes a time-bounded search may grow (one per iteration).
_TIMED_NODES = 20_000


class Search:
    """A search's settings (``core.mcts.search_params``) and its memory (not shared between threads)."""

    def __init__(self, params: np.recarray, timed: bool = False) -> None:
        self.params = params
        iterations = int(params[0].iterations)
        room = min(iterations, _TIMED_NODES) + 1 if timed else iterations + 1
        self._nodes = layout.records(core_mcts.NODE, room)
        self._search = layout.records(core_mcts.SEARCH, 1)
        self._scratch = layout.records(layout.STATE, core_mcts.N_SCRATCH)
        self._work, self._events = layout.new_work(), layout.records(layout.EVENT, 1)

    def decide(self, game: Game, view: GameState, seed: int, decision: int,
               seconds: float | None = None) -> tuple[Action, list[tuple[Action, float]]]:
        """The move for the seat to act on ``view`` (its ``decision``-th under ``seed``), and each
        tried root option with its mean value less the position's value now, best first (empty when
        there was nothing to weigh)."""
        seat = view.viewer or game.current_player(view)
        assert seat is not None
        ready(game)
        low = game.low
        s = low.seat_index[seat]
        recs = to_record(low, view)
        memory = (low.rules, low.code, self._work, self._events, recs, self._scratch, self._nodes, self._search,
                  self.params, s)
        S = self._search[0]
        if api.search_start(*memory, seed_word(seed), decision) == 1:
            return game.core_action(seat, *S.choice.tolist()), []
        iterations = int(self.params[0].iterations)
        if seconds is None:
            api.search_iterate(*memory, iterations)
        else:
            deadline = time.perf_counter() + seconds
            while S.done < iterations and S.n_nodes < len(self._nodes):
                api.search_iterate(*memory, min(S.done + _SLICE, iterations))
                if time.perf_counter() > deadline:
                    break
        api.search_finish(*memory)
        n = int(S.n_scored)
        scores = [(game.core_action(seat, *m), v) for m, v in zip(S.scored[:n].tolist(), S.score[:n].tolist(),
                                                                  strict=True)]
        return game.core_action(seat, *S.choice.tolist()), scores
