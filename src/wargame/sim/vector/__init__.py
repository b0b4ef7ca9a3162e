"""The batch simulator: many games at once in numpy, each ending exactly as the engine plays it alone."""

from wargame.sim.vector.play import play, records, tables_for, vector_bots

__all__ = ["play", "records", "tables_for", "vector_bots"]
