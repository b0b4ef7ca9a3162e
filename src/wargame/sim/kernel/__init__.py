"""The rules core as the batch simulator uses it: ``play`` plays a chunk of games whole in compiled
code (``sim.games``). The first use on a machine compiles the core (about a minute) and caches it;
an edit to any of its sources compiles it again (``freshness``).
"""

from wargame.sim.kernel import freshness

freshness.refresh()  # before numba looks at its cache: code cached from older sources is dropped

from wargame.sim.games import compiled, play  # noqa: E402

__all__ = ["compiled", "play"]
