"""The batch simulator's engine: whole games in compiled code (numba), bit for bit the interactive engine's.

``play`` plays a chunk of games with ``random``, ``pass`` and ``greedy`` bots and returns their
final states as a ``sim.vector.batch.Batch``; ``sim.batch.run_batch`` uses it whenever it can.
The first use on a machine compiles the kernel (about a minute) and caches it beside the sources;
an edit to any of its sources compiles it again (``freshness``).
"""

from wargame.sim.kernel import freshness

freshness.refresh()  # before numba looks at its cache: code cached from older sources is dropped

from wargame.sim.kernel.chunk import BOTS, compiled, play  # noqa: E402

__all__ = ["BOTS", "compiled", "play"]
