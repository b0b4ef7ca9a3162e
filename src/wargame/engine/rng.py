"""Counter-based randomness: every draw is a hash of (seed, game, counter).

A game's chance outcomes therefore depend only on its seed, its index in a batch and how many
draws it has made so far, never on anything else running in the process. The same mixing works
on Python ints (one game) and on numpy uint64 arrays (a batch of games).
"""

from __future__ import annotations

from typing import Any

import numpy as np

_MASK = (1 << 64) - 1
#: The seeds a game holds: its draws take the seed as one 64-bit word, so any other whole number would
#: be played as one of these (``seed & _MASK``) while named as another.
SEEDS = range(_MASK + 1)


def seed_of(text: str) -> int | None:
    """The seed ``text`` names (a whole number in ``SEEDS``), or ``None``."""
    try:
        value = int(text.strip())
    except ValueError:  # ('+-5', '²': no whole number, though their characters are digits and signs)
        return None
    return value if value in SEEDS else None


def seed_problem(text: str) -> str:
    """Why ``text`` is not a seed, in words."""
    return f"{text.strip()!r} is not a seed: a seed is a whole number from 0 to {SEEDS[-1]}"
_GOLDEN = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB


def _mix(z: int) -> int:
    """SplitMix64's finaliser: a bijective, well-avalanched 64-bit mix."""
    z = (z ^ (z >> 30)) * _M1 & _MASK
    z = (z ^ (z >> 27)) * _M2 & _MASK
    return z ^ (z >> 31)


def draw64_seed_word(seed: int) -> int:
    """The first stage of :func:`draw64`, which depends on the seed only."""
    return _mix((seed & _MASK) + _GOLDEN)


def draw64(seed: int, counter: int, game: int = 0) -> int:
    """The 64-bit random word number ``counter`` of game ``game`` under ``seed``."""
    z = draw64_seed_word(seed)
    z = _mix((z + (game & _MASK) * _GOLDEN) & _MASK)
    return _mix((z + (counter & _MASK) * _GOLDEN + _GOLDEN) & _MASK)


def uniform(seed: int, counter: int, game: int = 0) -> float:
    """A float in [0, 1) with 53 random bits."""
    return (draw64(seed, counter, game) >> 11) * (1.0 / (1 << 53))


def below(seed: int, counter: int, n: int, game: int = 0) -> int:
    """An integer in [0, n), by multiply-shift (bias below 2**-40 for any n a game uses)."""
    return (draw64(seed, counter, game) * n) >> 64


def mix_array(z: np.ndarray) -> np.ndarray:
    """:func:`_mix` on a uint64 array (callers silence numpy's overflow warnings: the products wrap)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
    return z ^ (z >> np.uint64(31))


def draw64_array(seed: int, counter: Any, game: Any) -> np.ndarray:
    """Vectorised :func:`draw64` over arrays of counters and game indices (uint64 arithmetic wraps)."""
    g = np.uint64(_GOLDEN)
    with np.errstate(over="ignore"):
        z = np.asarray(np.uint64(draw64_seed_word(seed)))
        z = mix_array(z + np.asarray(game, dtype=np.uint64) * g)
        return mix_array(z + np.asarray(counter, dtype=np.uint64) * g + g)
