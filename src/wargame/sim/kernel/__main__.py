"""``python -m wargame.sim.kernel``: compile the game kernel now and cache it (``make`` runs this once).

numba compiles the kernel on its first use and keeps the machine code beside the sources; this
plays two short games of the built-in scenario so that the first simulation a user asks for does
not wait for the compiler (about a minute on a 2-core machine).
"""

from __future__ import annotations

import sys
import time


def main() -> None:
    from wargame.sim import BatchSpec
    from wargame.sim.kernel import play

    started = time.perf_counter()
    print("compiling the game kernel (once per install, about a minute)...", file=sys.stderr, flush=True)
    for bots in ("random", "greedy"):
        spec = BatchSpec.of("baseline", bots)
        game = spec.game()
        play(game, spec.seat_bots(list(game.rules.scenario.seat_ids)), 1, 0, 1)
    print(f"game kernel ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
