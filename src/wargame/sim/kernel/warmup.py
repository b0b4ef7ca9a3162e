"""Loading the compiled core into this process before its first use, compiling it first if need be."""

from __future__ import annotations

import threading
from collections.abc import Callable

from wargame.sim.kernel import cache

_lock = threading.RLock()
_loaded = False
_warming = False  # the warm-up's own games call ``ready`` again (same thread): they go straight on


def _quiet(_: str) -> None:
    pass


def ready(say: Callable[[str], None] = _quiet) -> cache.State:
    """Load the core's machine code (verified), or compile and cache it first; once per process.

    ``say`` hears what a person should be told while it takes long. Returns what the cache held
    (``READY`` once loaded in this process).
    """
    global _loaded, _warming
    with _lock:
        if _loaded or _warming:
            return cache.State.READY
        _warming = True
        try:
            state = cache.prepare(warm_up, say)
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


def warm_up() -> None:
    """Run every compiled entry point once: a game of the shipped baseline scenario, random and greedy bots.

    The shipped content, whatever ``$WARGAME_CONTENT`` says: the machine code is the same for any.
    """
    from wargame.content import load_bundle
    from wargame.content.paths import DEFAULT_SCENARIO, builtin_dirs
    from wargame.sim.kernel.chunk import play

    shipped = builtin_dirs()
    game = load_bundle(shipped.scenarios / f"{DEFAULT_SCENARIO}.yaml", [shipped.decks]).game()
    for bot in ("random", "greedy"):
        play(game, {seat: bot for seat in game.rules.scenario.seat_ids}, 1, 0, 1)
