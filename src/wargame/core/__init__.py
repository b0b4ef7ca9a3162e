"""The rules core: the quarter's flow, card effects and conditions, the economic model, scoring,
chance, determinization and the built-in bots, written once and compiled (numba).

Its memory is named (``layout``): a game's state, a ruleset's tables and card programs are numpy
record arrays. ``engine`` is the facade that names its numbers for people; batches play whole
games here (``bots.play_games``). ``NUMBA_DISABLE_JIT=1`` runs the same source as plain Python.

Importing this package points numba's cache at the user's cache directory and checks what is
there (``cache``), before any compiled module of the core can be imported; it loads no numba.
"""

from wargame.core import cache

cache.configure()
cache.check()
