"""Monte-Carlo on a Dask cluster: throughput of ``local:2`` against two local threads, and bytes on the wire.

Prints figures; asserts nothing. Both sides play the same games to a summary, with the cluster's
workers warmed up first (each has loaded the compiled kernel and built the game), so the overhead is
that of the path itself: sealing the spec, a task per chunk, results pickled back across processes.
Each side runs twice: keeping every record (as ``--sensitivity`` and ``--balance`` do), and folding
each chunk into a tally where it was played (as ``wargame simulate`` does). Runs alternate between
the sides so that a busy machine slows them alike.
Run: .venv/bin/python benchmarks/cluster.py [--scenario ID] [--quick] [--rounds N]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import time

import cloudpickle

from wargame.sim import BatchSpec, run_batch, summarize
from wargame.sim.batch import CORE_CHUNK, LOOKAHEAD_CHUNK, Chunk, play_chunk
from wargame.sim.cluster import VERSION, connect
from wargame.sim.tally import chunk_tally, tally_batch


def games_per_second(spec: BatchSpec, games: int, streamed: bool = False, **where: object) -> float:
    """Games per second to a summary: records kept (then summarised), or streamed into a tally as they come."""
    started = time.perf_counter()
    result = (tally_batch if streamed else run_batch)(spec, games, seed=2, **where)  # type: ignore[operator]
    summarize(result)
    return games / (time.perf_counter() - started)


def wire(spec: BatchSpec, chunk: int) -> str:
    """What crosses the network for a chunk of ``chunk`` games: the task, the rules (once), the results."""
    sealed = spec.sealed()
    assert sealed.content is not None
    seats = list(spec.game().rules.scenario.seat_ids)
    fold = chunk_tally(seats, frozenset())
    bare = BatchSpec(**{**sealed.__dict__, "content": None})
    task = len(cloudpickle.dumps((VERSION, "wargame-rules-0123abcd-0", (0, bare, 1, 0, chunk, fold))))
    played = Chunk.play(spec, 1, 0, chunk)
    back = len(pickle.dumps(played.records, protocol=pickle.HIGHEST_PROTOCOL)) / chunk
    tallied = len(pickle.dumps(fold(played), protocol=pickle.HIGHEST_PROTOCOL)) / chunk
    return (f"a chunk task {task} bytes; the rules {len(sealed.content.encode()) / 1024:.0f} KiB once per worker; "
            f"back per game: {back:.0f} bytes as records, {tallied:.0f} bytes as a tally")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--quick", action="store_true", help="fewer games (a rougher figure)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each side (default 3)")
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    started = time.perf_counter()
    with connect("local:2") as cluster:
        print(f"scenario {args.scenario}; local:2 started in {time.perf_counter() - started:.1f} s")
        for bot, games in (("random", 40_000), ("greedy", 4_000)):
            spec = BatchSpec.of(args.scenario, bot)
            games = max(100, int(games * scale))
            cluster.client.run(play_chunk, spec.sealed(), 1, 0, 1)  # each worker loads the kernel and the game
            games_per_second(spec, 100, workers=2)
            runs: dict[tuple[bool, bool], list[float]] = {(c, s): [] for c in (False, True) for s in (False, True)}
            for _ in range(args.rounds):
                for on_cluster, streamed in runs:
                    where = {"cluster": cluster} if on_cluster else {"workers": 2}
                    runs[on_cluster, streamed].append(games_per_second(spec, games, streamed, **where))
            for streamed, how in ((False, "records kept"), (True, "streamed to a tally (as `wargame simulate`)")):
                here, there = runs[False, streamed], runs[True, streamed]
                lo, re = statistics.median(here), statistics.median(there)
                print(f"  {bot:7s} bots, {games} games, {how}: 2 threads {lo:6.0f} games/s, local:2 {re:6.0f} "
                      f"games/s: {lo / re - 1:+.0%} time on the cluster (medians of {args.rounds}; threads "
                      f"{min(here):.0f}-{max(here):.0f}, cluster {min(there):.0f}-{max(there):.0f})")
            size = CORE_CHUNK if bot == "random" else LOOKAHEAD_CHUNK  # the chunks both sides play (``sim.batch.chunks``)
            print(f"    on the wire, {bot} chunks of {size} games: {wire(spec, size)}")


if __name__ == "__main__":
    main()
