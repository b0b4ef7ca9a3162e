"""Loading the compiled rules core into this process before its first use, compiling it first if need be.

Every rule runs in the core, so any game needs its machine code. ``Game`` calls ``ready`` before its
first call into the core: the code is loaded from the user's cache once its checksums are verified
(``core.cache``), or, on a fresh install or after an edit to the core, compiled (about a minute on a
2-core machine) and sealed there. One process at a time compiles; another that needs the core meanwhile
waits for it, and says so. ``announce`` hears what a person should be told while that takes long
(the TUI shows it in its status line; ``ready``'s callers may pass their own ``say``).

The warm-up runs every entry point of the core once with the game at hand (its machine code is the
same for any ruleset): whole games of each built-in bot and of the search, a game move by move
through the facade (an mcts decision, the facilitator's override and fired card too) and the
model's functions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from wargame.core import cache

if TYPE_CHECKING:
    from wargame.engine.game import Game

_lock = threading.RLock()
_loaded = False
_warming = False  # the warm-up's own calls into the core ask for it again (same thread): they go straight on


def quiet(_: str) -> None:
    """Says nothing."""


#: Hears what a person should be told while the core loads (a front end sets it; quiet by default).
announce: Callable[[str], None] = quiet


def ready(game: Game, say: Callable[[str], None] | None = None) -> cache.State:
    """Load the core's machine code (verified), or compile and cache it first; once per process.

    ``game`` is warmed up on (any ruleset will do); ``say`` (else ``announce``) hears what a person
    should be told while it takes long. Returns what the cache held (``READY`` once loaded here).
    """
    global _loaded, _warming
    if _loaded:
        return cache.State.READY
    with _lock:
        if _loaded or _warming:
            return cache.State.READY
        _warming = True
        try:
            state = cache.prepare(lambda: warm_up(game), say or announce)
        finally:
            _warming = False
        _loaded = True
        return state


def loaded() -> bool:
    """Whether this process has the core's machine code loaded."""
    return _loaded


def compiled() -> bool:
    """Whether the core can start without compiling: loaded here, or sealed in the user's cache."""
    return _loaded or cache.matches(cache.folder())


def warm_up(game: Game) -> None:
    """Run every compiled entry point of the core once on ``game``."""
    import numpy as np

    from wargame.core.mcts import search_params
    from wargame.engine.actions import FACILITATOR, FIRE, OVERRIDE, Action
    from wargame.engine.search import Search
    from wargame.model import economy

    seats = list(game.rules.scenario.seat_ids)
    seeds = np.ones((len(game.low.seats), 1), np.uint64)
    for bot in ("random", "greedy", "mcts-fast"):
        finals, _, _ = game.play_whole(dict.fromkeys(seats, bot), seeds, 1, 0, 1)
    game.final_outputs(finals)
    game.scenario_opening(1)
    game.influence_steps(2)
    state, search = game.new_game(1), Search(search_params(iterations=2))
    for _ in range(12):
        seat = game.current_player(state)
        if seat is None:
            break
        view = game.view(state, seat)
        game.determinize(view, 1)
        game.projected_scores(state)
        game.explain_illegal(state, game.legal_actions(state)[-1])
        game.bot_move(view, "random", 1, 0)
        search.decide(game, view, 1, 1)
        state = game.apply(state, game.bot_move(view, "greedy", 1, 0, scores=True)[0])
    path = "us.budget"
    state = game.apply(state, Action(FACILITATOR, OVERRIDE, path=path, value=state.values[path], text="warm-up"))
    state = game.apply(state, Action(FACILITATOR, FIRE, card=next(iter(game.rules.cards))))
    values = game.outputs(state)
    board, weights, params = [state.board[b] for b in game.rules.board_ids], game.rules.weights, game.rules.params
    economy.quarter_vp(values, economy.derive(values, board, weights, params), board, params, 0.0)
    economy.advance_quarter(values, board, weights, params, 0)
