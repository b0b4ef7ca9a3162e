"""Monte-Carlo speed: games per second of ``wargame.sim.run_batch``, and the memory of a large run.

Prints figures; asserts nothing (tests assert behaviour, never wall time). Random, pass and
greedy bots play whole games in the compiled rules core (``sim.games``), and so do the ``mcts-fast``
searches (``core.mcts``). One worker runs in this process; on two workers the core's games run on
two threads of this process (the core releases the GIL), so a run's figure includes no process
start-up; they are quoted on large runs all the same. A batch kept as records and a batch folded
to a summary chunk by chunk (what ``wargame simulate`` plays) are timed apart.
Run: .venv/bin/python benchmarks/simulate.py [--scenario ID] [--quick]
"""

from __future__ import annotations

import argparse
import pickle
import resource
import sys
import time

from wargame.sim import BatchSpec, run_batch
from wargame.sim.tally import tally_batch


def _mib(kib: int) -> float:
    return kib / 1024  # ru_maxrss is in KiB on Linux


def speed(spec: BatchSpec, games: int, workers: int) -> tuple[float, float]:
    """Games per second over a batch of ``games``, and games per second of this process's CPU time
    (the figure a loaded machine still gives: the games' CPU cost, whatever else runs)."""
    cpu = time.process_time()
    result = run_batch(spec, games, seed=1, workers=workers)
    return result.games / result.seconds, result.games / max(time.process_time() - cpu, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--quick", action="store_true", help="fewer games (a rougher figure)")
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    print(f"scenario {args.scenario}")
    # (bots, games on one worker, games on two): the two-worker runs are large ones.
    for bot, one_n, two_n in (("random", 20_000, 100_000), ("greedy", 1000, 10_000), ("mcts-fast", 40, 200)):
        spec = BatchSpec.of(args.scenario, bot)
        one_n, two_n = max(8, int(one_n * scale)), max(16, int(two_n * scale))
        one, one_cpu = speed(spec, one_n, 1)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu = time.process_time()
        result = run_batch(spec, two_n, seed=2, workers=2)
        two_cpu = result.games / max(time.process_time() - cpu, 1e-9)
        print(f"  {bot:9s} bots: {one:8.1f} games/s on 1 worker ({one_n} games; {one_cpu:.1f} per CPU-second), "
              f"{result.games / result.seconds:8.1f} games/s on 2 workers ({two_n} games in {result.seconds:.1f} s; "
              f"{two_cpu:.1f} per CPU-second)")
        if bot == "random":
            parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            per_record = len(pickle.dumps(result.records[:1000], protocol=pickle.HIGHEST_PROTOCOL)) / min(two_n, 1000)
            held = _records_bytes(result.records) / two_n
            workers = f", {_mib(children):.0f} MiB in the largest worker process" if children else ""
            print(f"  memory for {two_n} random-bot games: peak RSS {_mib(parent):.0f} MiB in this process "
                  f"(+{_mib(parent - before):.0f} MiB for this run){workers}; "
                  f"a record holds about {held:.0f} bytes ({per_record:.0f} pickled)")
        del result  # the summary's run below keeps none
        if bot != "mcts-fast":  # what ``wargame simulate`` plays: chunks folded to a summary, no records kept
            started = time.perf_counter()
            summary = tally_batch(spec, two_n, seed=3, workers=2)
            print(f"  {'':9s}       {summary.tally.played / (time.perf_counter() - started):8.1f} games/s to a summary "
                  f"on 2 workers, as `wargame simulate` ({two_n} games)")


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
