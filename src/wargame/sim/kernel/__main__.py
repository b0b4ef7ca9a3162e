"""``python -m wargame.sim.kernel``: compile the rules core now and cache it (``make`` runs this once).

numba compiles the core on its first use and keeps the machine code beside the sources; this plays
short games of the built-in scenario (whole, and move by move) so that the first game or simulation
a user asks for does not wait for the compiler (a few minutes on a 2-core machine).
"""

from __future__ import annotations

import sys
import time


def main() -> None:
    from wargame.sim.games import warm_up

    started = time.perf_counter()
    print("compiling the rules core (once per install, about a minute)...", file=sys.stderr, flush=True)
    warm_up()
    print(f"rules core ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
