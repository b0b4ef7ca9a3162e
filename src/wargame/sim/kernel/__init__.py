"""The rules core made ready before anyone waits for it: ``python -m wargame.sim.kernel``.

``ready`` loads the compiled core into this process (``engine.compiled``), warming it up on the
shipped baseline scenario, whatever ``$WARGAME_CONTENT`` says (the machine code is the same for
any). On a fresh install, or after an edit to the core, that compiles it (about a minute) and seals
it in the user's cache (``core.cache``); the TUI runs it in a child process while its menu is up,
``make test`` before the suite.
"""

from __future__ import annotations

from collections.abc import Callable

from wargame.core import cache
from wargame.engine.compiled import compiled, loaded

__all__ = ["cache", "compiled", "loaded", "ready", "shipped_game"]


def _quiet(_: str) -> None:
    pass


def shipped_game():  # type: ignore[no-untyped-def]
    """The shipped baseline scenario's game (the one the core is warmed up on)."""
    from wargame.content import load_bundle
    from wargame.content.paths import DEFAULT_SCENARIO, builtin_dirs

    shipped = builtin_dirs()
    return load_bundle(shipped.scenarios / f"{DEFAULT_SCENARIO}.yaml", [shipped.decks]).game()


def ready(say: Callable[[str], None] = _quiet) -> cache.State:
    """Load the core (compiling and sealing it first if the cache has none); ``say`` hears why it waits."""
    from wargame.engine.compiled import ready as load

    if loaded():
        return cache.State.READY
    return load(shipped_game(), say)
