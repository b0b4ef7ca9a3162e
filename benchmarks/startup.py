"""Start-up of the TUI: the time from launching Python to the main menu on screen, and import costs.

Each figure comes from fresh interpreters (so nothing is cached in this process):

* ``first screen``: process start until the main menu is mounted and painted (headless driver);
* ``the command``: ``python -m wargame`` in an 80x24 pseudo-terminal until the menu's words are
  on it (the command line's parser included: none of its commands may load the compiled core);
* ``import wargame.tui.app``: what the app module costs to import, and whether the heavy modules
  (numpy, pydantic, the engine) stayed out of it, as they must until after the first screen.

With ``--fresh``, as a user starts it: a fresh clone of this repository's HEAD, ``make play`` in an
80x24 pseudo-terminal with an empty compile cache, timed from the command to the menu on screen
(creating ``.venv`` and installing included; pip's own download cache is used as it is), then to the
status line's "Simulator ready." (the compile in the background), then a second ``make play`` in the
same clone (warm: installed, compiled) to the menu.

Run: ``python benchmarks/startup.py [--runs N] [--fresh]``. Exits 1 if the median first screen takes
a second or more.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
BUDGET_S = 1.0
MENU = b"New exercise"
READY = b"Simulator ready."

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


def _make_play(clone: Path, env: dict[str, str], wait_ready: bool,
               command: tuple[str, ...] = ("make", "--no-print-directory", "play")) -> tuple[float, float | None]:
    """``make play`` (or ``command``) in an 80x24 pseudo-terminal: seconds to the menu, and to "Simulator ready."."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the user's shell running make
        os.chdir(clone)
        os.execvpe(command[0], list(command), env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    seen, menu, ready = b"", None, None
    deadline = start + 900
    while time.perf_counter() < deadline and (menu is None or (wait_ready and ready is None)):
        if not select.select([fd], [], [], 1.0)[0]:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen = (seen + chunk)[-200_000:]
        now = time.perf_counter() - start
        if menu is None and MENU in seen:
            menu = now
        if ready is None and READY in seen:
            ready = now
    os.write(fd, b"q")  # leave from the menu
    time.sleep(1.0)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    if menu is None:
        raise RuntimeError(f"make play never showed the menu; last output: {seen[-2000:]!r}")
    return menu, ready


def fresh_figures() -> None:
    """A fresh clone's first ``make play`` (install, compile in the background), then a warm one."""
    with tempfile.TemporaryDirectory(prefix="wargame-fresh-") as tmp:
        clone = Path(tmp) / "wargame"
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NUMBA_", "WARGAME_", "VIRTUAL_ENV"))}
        env |= {"WARGAME_CACHE_DIR": str(Path(tmp) / "cache"), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        env.pop("TEXTUAL_THEME", None)
        menu, ready = _make_play(clone, env, wait_ready=True)
        print(f"fresh clone, make play -> menu:        {menu:7.1f} s (creating .venv and installing included)")
        if ready is not None:
            print(f"fresh clone, make play -> sim. ready:  {ready:7.1f} s (the compile, behind the menu)")
        warm = [_make_play(clone, env, wait_ready=False)[0] for _ in range(3)]
        print(f"warm make play -> menu:                {statistics.median(warm) * 1000:7.0f} ms median of 3 "
              f"({', '.join(f'{w * 1000:.0f}' for w in warm)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="also time a fresh clone's make play, and a warm one")
    args = parser.parse_args()
    if args.fresh:
        fresh_figures()
    bare = statistics.median(python_seconds() for _ in range(3))
    firsts = [first_screen_seconds() for _ in range(args.runs)]
    imports = import_figures()
    median = statistics.median(firsts)
    env = _env() | {"TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    commands = [_make_play(REPO, env, False, (sys.executable, "-m", "wargame"))[0] for _ in range(args.runs)]
    print(f"python start-up (bare interpreter):   {bare * 1000:7.0f} ms")
    print(f"import wargame.tui.app:               {float(imports['seconds']) * 1000:7.0f} ms"  # type: ignore[arg-type]
          f"   heavy modules loaded: {', '.join(imports['heavy']) or 'none'}")  # type: ignore[arg-type]
    print(f"first screen (process start -> menu): {median * 1000:7.0f} ms median, "
          f"{min(firsts) * 1000:.0f} min, {max(firsts) * 1000:.0f} max over {args.runs} runs")
    print(f"the command (python -m wargame, 80x24 terminal -> menu): {statistics.median(commands) * 1000:7.0f} ms median, "
          f"{min(commands) * 1000:.0f} min, {max(commands) * 1000:.0f} max (warm: compiled core cached)")
    ok = median < BUDGET_S and not imports["heavy"]
    print("OK: under a second, heavy imports deferred" if ok else f"SLOW: budget is {BUDGET_S:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
