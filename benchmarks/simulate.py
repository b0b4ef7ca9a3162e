"""Monte-Carlo speed: games per second of ``wargame.sim.run_batch``, and the memory of a large run.

Prints figures; asserts nothing (tests assert behaviour, never wall time). Random and pass bots
are played by the batch simulator (``sim.vector``); greedy bots by the interactive engine, one
game at a time. Figures include starting the worker processes.
Run: .venv/bin/python benchmarks/simulate.py [--scenario ID] [--quick]
"""

from __future__ import annotations

import argparse
import pickle
import resource
import sys

from wargame.sim import BatchSpec, run_batch


def _mib(kib: int) -> float:
    return kib / 1024  # ru_maxrss is in KiB on Linux


def speed(spec: BatchSpec, games: int, workers: int) -> float:
    """Games per second over a batch of ``games``."""
    result = run_batch(spec, games, seed=1, workers=workers)
    return result.games / result.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--quick", action="store_true", help="fewer games (a rougher figure)")
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    print(f"scenario {args.scenario}")
    for bot, games in (("random", 20_000), ("greedy", 1000)):
        spec = BatchSpec.of(args.scenario, bot)
        n = max(8, int(games * scale))
        one = speed(spec, n, 1)
        two = speed(spec, 2 * n, 2)
        print(f"  {bot:7s} bots: {one:8.1f} games/s on 1 worker ({n} games), "
              f"{two:8.1f} games/s on 2 workers ({2 * n} games)")
    spec = BatchSpec.of(args.scenario, "random")
    n = max(2000, int(100_000 * scale))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run_batch(spec, n, seed=2, workers=2)
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    per_record = len(pickle.dumps(result.records[:1000], protocol=pickle.HIGHEST_PROTOCOL)) / min(n, 1000)
    held = _records_bytes(result.records) / n
    print(f"  {n} random-bot games on 2 workers: {n / result.seconds:.0f} games/s; peak RSS "
          f"{_mib(parent):.0f} MiB in the parent (+{_mib(parent - before):.0f} MiB for this run), "
          f"{_mib(children):.0f} MiB in the largest worker")
    print(f"  a record holds about {held:.0f} bytes in memory ({per_record:.0f} pickled)")


def _records_bytes(records: list) -> int:  # type: ignore[type-arg]
    """Bytes the records hold, counting shared objects (play tuples, strings) once."""
    seen: set[int] = set()

    def size(obj: object) -> int:
        if id(obj) in seen:
            return 0
        seen.add(id(obj))
        total = sys.getsizeof(obj)
        if isinstance(obj, dict):
            total += sum(size(k) + size(v) for k, v in obj.items())
        elif isinstance(obj, tuple | list):
            total += sum(size(x) for x in obj)
        elif hasattr(obj, "__slots__"):
            total += sum(size(getattr(obj, s)) for s in obj.__slots__)
        return total

    return sum(size(r) for r in records)


if __name__ == "__main__":
    main()
