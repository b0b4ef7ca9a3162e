"""Counter-based chance: every draw is a hash of (seed, game, counter), SplitMix64's mixer.

A game's chance outcomes depend only on its seed, its lane (its index in a batch) and how many
draws it has made, never on anything else running in the process.
"""

from __future__ import annotations

import numpy as np

from wargame.core.jit import jit, small

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S27, _S30, _S31, _S32, _S11 = np.uint64(27), np.uint64(30), np.uint64(31), np.uint64(32), np.uint64(11)
_LOW32 = np.uint64(0xFFFFFFFF)
_CARRY = np.uint64(1 << 34)
_TO_UNIT = 1.0 / (1 << 53)


@small
def mix(z: np.uint64) -> np.uint64:
    """SplitMix64's finaliser: a bijective, well-avalanched 64-bit mix."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@jit
def seed_word(seed: np.uint64) -> np.uint64:
    """The first stage of a draw, which depends on the seed only: ``mix(seed + golden)``, where
    the sum is taken without reduction (its carry reaches bit 34 of the mixed word)."""
    lo = seed + _GOLDEN
    z = lo ^ (lo >> _S30)
    if lo < seed:
        z = z ^ _CARRY
    z = z * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@small
def draw64(word: np.uint64, counter: np.int64, game: np.int64) -> np.uint64:
    """The 64-bit word number ``counter`` of lane ``game`` under the seed whose word is ``word``."""
    z = mix(word + np.uint64(game) * _GOLDEN)
    return mix(z + np.uint64(counter) * _GOLDEN + _GOLDEN)


@small
def below(word: np.uint64, counter: np.int64, n: np.int64, game: np.int64) -> np.int64:
    """An integer in [0, n), by multiply-shift (bias below 2**-40 for any n a game uses)."""
    z = draw64(word, counter, game)
    m = np.uint64(n)
    high = (z >> _S32) * m + (((z & _LOW32) * m) >> _S32)
    return np.int64(high >> _S32)


@small
def uniform(word: np.uint64, counter: np.int64, game: np.int64) -> float:
    """A float in [0, 1) with 53 random bits."""
    return np.float64(draw64(word, counter, game) >> _S11) * _TO_UNIT


@small
def shuffle(a, at, n, word, counter, game):  # type: ignore[no-untyped-def]
    """Fisher-Yates on ``a[at : at + n]`` from the top down, swapping position ``k`` with draw
    ``below(word, counter, k + 1, game)``; returns the counter after the last draw."""
    for k in range(n - 1, 0, -1):
        j = below(word, counter, k + 1, game)
        counter += 1
        x = a[at + k]
        a[at + k] = a[at + j]
        a[at + j] = x
    return counter
