"""Preparing the simulator (the compiled rules core) in the background while the menu is up.

On a fresh install the core takes about a minute to compile: a child process does it
(``python -m wargame.sim.kernel``), so the menu answers at once and the compiler never holds this
process. The app's ``simulator_status`` follows it in words. Every game runs in the core, so what
needs it (starting or loading an exercise, a replay, a simulation) waits for it then, in a
background job, through the cache's lock; ``engine.compiled.announce`` says so in the status line
and in a notification (``WargameApp.announce_core``).
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

#: The child process that prepares the core (it says how it goes on stderr, in ``cache``'s words).
PREPARE = (sys.executable, "-m", "wargame.sim.kernel")
READY = "Simulator ready."
FAILED = "The simulator could not be prepared ahead: it will be when a game or simulation starts."


class SimulatorPreparation:
    """Runs in a worker thread (``run``); the app calls ``stop`` when it closes, ending the child."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.child: subprocess.Popen[str] | None = None
        self.stopped = False
        self.since = time.monotonic()  # when the status last changed (the status line counts from it)

    def run(self) -> None:
        """Bring the core's cache up to date in a child process, keeping ``app.simulator_status`` told."""
        from wargame.core import cache
        from wargame.engine.compiled import compiled

        if compiled():
            self._say(READY)
            return
        damaged = cache.found is cache.State.DAMAGED
        self._say(cache.DAMAGED if damaged else cache.COMPILING)
        self.child = subprocess.Popen(PREPARE, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
        if self.stopped:  # the app closed while the child started
            self.child.terminate()
        assert self.child.stderr is not None
        said = {cache.COMPILING, cache.WAITING} if damaged else {cache.COMPILING, cache.DAMAGED, cache.WAITING}
        with self.child.stderr:
            for line in self.child.stderr:  # a compiler's warnings are not for players: only our words
                if line.strip() in said:
                    self._say(line.strip())
        self._say(READY if self.child.wait() == 0 else FAILED)

    def stop(self) -> None:
        """End the child if it still runs (a half-done compile is cleared on the next start)."""
        self.stopped = True
        if self.child is not None and self.child.poll() is None:
            self.child.terminate()

    def _say(self, status: str) -> None:
        if self.stopped:
            return
        self.since = time.monotonic()
        try:
            self.app.call_from_thread(setattr, self.app, "simulator_status", status)
        except RuntimeError:  # the app has closed
            pass
