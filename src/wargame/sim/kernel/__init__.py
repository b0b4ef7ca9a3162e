"""The batch simulator's engine: whole games in compiled code (numba), bit for bit the interactive engine's.

``play`` plays a chunk of games with ``random``, ``pass`` and ``greedy`` bots and returns their
final states as a ``sim.vector.batch.Batch``; ``sim.batch.run_batch`` uses it whenever it can.
The first use on a machine compiles the kernel (about a minute) and caches it beside the sources.
"""

from wargame.sim.kernel.chunk import BOTS, compiled, play

__all__ = ["BOTS", "compiled", "play"]
