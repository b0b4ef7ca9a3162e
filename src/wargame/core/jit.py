"""How the core is compiled: numba, cached, or plain Python under ``NUMBA_DISABLE_JIT=1``.

``small`` marks the little helpers: numba inlines them where they are called (a call that passes
a few records costs more than most of them do, and the greedy look-ahead makes thousands a game).
"""

from __future__ import annotations

import warnings

import numpy as np
from numba import config, njit, types
from numba.core import cgutils
from numba.extending import intrinsic
from numba.np.arrayobj import make_array

jit = njit(cache=True)
small = njit(cache=True, inline="always")
#: For the outermost loops: they release the GIL, so batches run on threads.
batch = njit(cache=True, nogil=True)


@intrinsic
def _unowned(typingctx, a):  # type: ignore[no-untyped-def]
    if not isinstance(a, types.Array):
        return None

    def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
        view = make_array(a)(context, builder, value=args[0])
        view.meminfo = cgutils.get_null_value(view.meminfo.type)
        view.parent = cgutils.get_null_value(view.parent.type)
        return view._getvalue()

    return a(a), codegen


@small
def unowned(a):  # type: ignore[no-untyped-def]
    """``a`` as a view that no reference count follows, for the outermost loops to hand down (their
    caller keeps ``a`` alive throughout). Every compiled call that takes an array counts it in and
    out: an atomic add to the array's count, which every thread sharing the array (a ruleset's
    bytecode) writes to."""
    return a if config.DISABLE_JIT else _unowned(a)


if config.DISABLE_JIT:  # numpy's scalars warn where compiled uint64 arithmetic silently wraps
    warnings.filterwarnings("ignore", "overflow encountered in scalar", RuntimeWarning)
    np.seterr(over="ignore")

__all__ = ["batch", "jit", "small", "unowned"]
