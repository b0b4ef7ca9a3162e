"""The batch simulator's storage: many games' final states as numpy arrays, their records and fingerprints.

The games themselves are played by the compiled game kernel (``sim.kernel``).
"""

from wargame.sim.vector.records import bot_seeds, records
from wargame.sim.vector.tables import tables_for

__all__ = ["bot_seeds", "records", "tables_for"]
