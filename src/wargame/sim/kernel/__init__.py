"""The batch simulator's engine: whole games in compiled code (numba), bit for bit the interactive engine's.

``play`` plays a chunk of games with ``random``, ``pass`` and ``greedy`` bots and returns their
final states as a ``sim.vector.batch.Batch``; ``sim.batch.run_batch`` uses it whenever it can.
``ready`` loads the machine code first (compiling it when the user's cache has none for these
sources: about a minute, once per install or edit; see ``cache``). Importing this package loads
no compiler: it points numba's cache at this build's folder and checks that folder, which must
happen before any compiled module is imported.
"""

from __future__ import annotations

from typing import Any

from wargame.sim.kernel import cache

cache.configure()
cache.check()

__all__ = ["BOTS", "compiled", "play", "ready"]


def __getattr__(name: str) -> Any:
    # The compiled modules load on first use of these names: importing numba costs about a second.
    if name in ("BOTS", "play"):
        from wargame.sim.kernel import chunk

        return getattr(chunk, name)
    if name in ("compiled", "ready"):
        from wargame.sim.kernel import warmup

        return getattr(warmup, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
