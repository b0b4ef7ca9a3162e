"""Keeping numba's cache of the kernel in step with every source its machine code depends on.

numba keys a cached function on its own file alone: after an edit to ``core/model.py``, or to a
code in ``core/codes.py``, it would load ``core/quarter.py``'s old machine code, built with the old
model and the old numbers. So the cache carries a digest of all those sources, and the kernel's cached code
is dropped when the digest changes (``refresh``, run before the kernel is first used); numba then
compiles it again, and ``compiled()`` says so.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]  # src/wargame
#: Every file whose code or constants the compiled kernel takes in.
SOURCES = tuple(f"core/{name}.py" for name in ("api", "bots", "cards", "codes", "jit", "layout", "mcts", "model",
                                              "quarter", "rng", "state"))
CACHE = _PACKAGE / "core" / "__pycache__"  # where numba keeps it (unless NUMBA_CACHE_DIR says otherwise)
TAG = CACHE / "kernel-sources.sha256"


def digest() -> str:
    h = hashlib.sha256()
    for name in SOURCES:
        h.update(name.encode())
        h.update((_PACKAGE / name).read_bytes())
    return h.hexdigest()


def refresh() -> bool:
    """Drop the kernel's cached machine code if any of its sources changed since it was cached.

    Returns whether anything was dropped. A cache numba keeps elsewhere (``NUMBA_CACHE_DIR``), or
    one that cannot be written, is left alone.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return False
    want = digest()
    try:
        if TAG.read_text(encoding="ascii") == want:
            return False
    except OSError:
        pass
    dropped = False
    try:
        for path in (*CACHE.glob("*.nbi"), *CACHE.glob("*.nbc")):
            path.unlink(missing_ok=True)
            dropped = True
        CACHE.mkdir(exist_ok=True)
        temp = TAG.with_name(f"{TAG.name}.{os.getpid()}.tmp")
        temp.write_text(want, encoding="ascii")
        temp.replace(TAG)
    except OSError:  # a read-only install: numba will not cache there either
        pass
    return dropped
