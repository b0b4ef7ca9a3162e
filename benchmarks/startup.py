"""Start-up of the TUI: the time from launching Python to the main menu on screen, and import costs.

Each figure comes from fresh interpreters (so nothing is cached in this process):

* ``first screen``: process start until the main menu is mounted and painted (headless driver);
* ``import wargame.tui.app``: what the app module costs to import, and whether the heavy modules
  (numpy, pydantic, the engine) stayed out of it, as they must until after the first screen.

Run: ``python benchmarks/startup.py [--runs N]``. Exits 1 if the median first screen takes a second or more.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
BUDGET_S = 1.0

_FIRST_SCREEN = """
import asyncio
from wargame.tui.app import WargameApp
from wargame.tui.screens.menu import MainMenu

async def main():
    app = WargameApp()
    async with app.run_test(size=(160, 48)) as pilot:
        while not isinstance(app.screen, MainMenu) or not app.screen.is_mounted:
            await pilot.pause(0.001)
        await pilot.pause()  # one refresh: the menu is painted
        print("READY", flush=True)

asyncio.run(main())
"""

_IMPORTS = """
import json, sys, time
t = time.perf_counter()
import wargame.tui.app
elapsed = time.perf_counter() - t
heavy = [m for m in ("numpy", "pydantic", "wargame.engine.game", "wargame.content", "wargame.store", "yaml")
         if m in sys.modules]
print(json.dumps({"seconds": elapsed, "heavy": heavy}))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("TEXTUAL_THEME", None)
    return env


def first_screen_seconds() -> float:
    """Wall time from spawning Python to the child saying the menu is painted."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _FIRST_SCREEN], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=_env())
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            proc.wait(timeout=30)
            return elapsed
    proc.wait(timeout=30)
    raise RuntimeError(f"the app did not start: {proc.stderr.read() if proc.stderr else ''}")


def python_seconds() -> float:
    """A bare interpreter's start-up, for reference."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=_env())
    return time.perf_counter() - start


def import_figures() -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _IMPORTS], capture_output=True, text=True, env=_env(), check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bare = statistics.median(python_seconds() for _ in range(3))
    firsts = [first_screen_seconds() for _ in range(args.runs)]
    imports = import_figures()
    median = statistics.median(firsts)
    print(f"python start-up (bare interpreter):   {bare * 1000:7.0f} ms")
    print(f"import wargame.tui.app:               {float(imports['seconds']) * 1000:7.0f} ms"  # type: ignore[arg-type]
          f"   heavy modules loaded: {', '.join(imports['heavy']) or 'none'}")  # type: ignore[arg-type]
    print(f"first screen (process start -> menu): {median * 1000:7.0f} ms median, "
          f"{min(firsts) * 1000:.0f} min, {max(firsts) * 1000:.0f} max over {args.runs} runs")
    ok = median < BUDGET_S and not imports["heavy"]
    print("OK: under a second, heavy imports deferred" if ok else f"SLOW: budget is {BUDGET_S:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
