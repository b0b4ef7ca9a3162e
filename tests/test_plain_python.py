"""The rules core's source runs as plain Python (``NUMBA_DISABLE_JIT=1``), so a debugger can step
through a rule: a small set of the engine's tests, in a fresh interpreter with the compiler off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
#: Tests that play cards, conditions, views and whole quarters through the core.
PLAIN = ["test_effects.py", "test_engine_views.py::test_determinize_is_reproducible_from_its_seed",
         "test_engine.py::test_scoring_adds_each_quarters_victory_points"]


def test_the_core_runs_as_plain_python() -> None:
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                           *[str(TESTS / t) for t in PLAIN]], cwd=TESTS.parent, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "[100%]" in done.stdout and done.stdout.count(".") > 20
