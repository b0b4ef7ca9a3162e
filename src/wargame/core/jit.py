"""How the core is compiled: numba, cached, or plain Python under ``NUMBA_DISABLE_JIT=1``.

``small`` marks the little helpers: numba inlines them where they are called (a call that passes
a few records costs more than most of them do, and the greedy look-ahead makes thousands a game).
"""

from __future__ import annotations

import warnings

import numpy as np
from numba import config, njit

jit = njit(cache=True)
small = njit(cache=True, inline="always")
#: For the outermost loops: they release the GIL, so batches run on threads.
batch = njit(cache=True, nogil=True)

if config.DISABLE_JIT:  # numpy's scalars warn where compiled uint64 arithmetic silently wraps
    warnings.filterwarnings("ignore", "overflow encountered in scalar", RuntimeWarning)
    np.seterr(over="ignore")

__all__ = ["batch", "jit", "small"]
