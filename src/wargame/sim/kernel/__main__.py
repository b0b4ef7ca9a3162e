"""``python -m wargame.sim.kernel``: load the compiled core now, compiling and caching it if need be.

Every compiled entry point runs once (whole games of each built-in bot, a game move by move
through the facade, the model), so that no game, replay or simulation a user asks for afterwards
waits for the compiler. The TUI runs this in a child process when the user's cache has no machine
code for these sources, so that its menu never waits; ``make test`` runs it before the suite. Says
what it does on stderr, in the words the TUI shows; exits 0 once the core is ready.
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    from wargame.sim.kernel import cache, ready

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    state = ready(say)
    if state is not cache.State.READY:
        say(f"The simulator is ready ({time.perf_counter() - started:.0f} s).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
