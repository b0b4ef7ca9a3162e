"""The rules core: the quarter's flow, card effects and conditions, the economic model, scoring,
chance, determinization and the built-in bots, written once and compiled (numba).

Its memory is named (``layout``): a game's state, a ruleset's tables and card programs are numpy
record arrays. ``engine`` is the facade that names its numbers for people; batches play whole
games here (``bots.play_games``). ``NUMBA_DISABLE_JIT=1`` runs the same source as plain Python.
"""
