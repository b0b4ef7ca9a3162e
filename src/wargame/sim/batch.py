"""Running many games: chunks of game indices, in this process or on several workers.

Game ``k`` ends as ``play_game(spec, seed, k)`` ends it, so results do not depend on the number
of workers or on how the indices are chunked. When every seat's bot is one the rules core plays
itself (``random``, ``pass``, ``greedy``, ``mcts``, ``mcts-fast``), a chunk is played whole in
compiled code (``sim.games``); otherwise (a bot outside the core) each game of a chunk is played
move by move through the engine's API.

The core runs without the GIL, so its workers are threads of this process: they start at once
and share the loaded core, and only turning finished games into records takes turns. Games played
move by move are mostly Python, so theirs are processes, started with ``spawn`` (safe beside threads
such as a progress bar's); they rebuild the game from the spec and, like any spawned worker,
re-import the main module, so a script that runs such batches must call them under ``__main__``.
On a Dask cluster (``cluster=``, ``sim.cluster``) the same chunks are tasks, played by ``play_task``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wargame.core.mcts import SEARCH_BOTS
from wargame.sim.record import GameRecord, record_game
from wargame.sim.spec import BatchSpec, play_game

if TYPE_CHECKING:
    from wargame.sim.cluster import Cluster
    from wargame.sim.games import Played

#: ``progress(done, total)``: called after each finished chunk, from the calling process.
Progress = Callable[[int, int], None]
#: With ``workers=None``, a batch gets one worker per core once it has this many games per core:
#: an engine worker process costs about a second to start (48 engine games); a core thread costs
#: nothing, but below a few thousand random-bot games (about 0.2 s) or a hundred greedy ones a second
#: chunk is not worth its bookkeeping.
GAMES_PER_WORKER = 48
CORE_GAMES_PER_WORKER = 2_000
LOOKAHEAD_GAMES_PER_WORKER = 100
SEARCH_GAMES_PER_WORKER = 4
#: Chunks per worker: enough to balance uneven games and to move the progress bar smoothly.
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 256
#: The core's chunks: about half a second of random play each, so a worker's records go back in a
#: few large messages while its final states stay small (27 KB a game until they are read: two
#: chunks of 10,000 in flight took 540 MB of a 100,000-game run's 930 MiB peak; of 5,000, 670).
CORE_CHUNK = 5_000
LOOKAHEAD_CHUNK = 500
SEARCH_CHUNK = 16
#: The most games a run plays of each spec. A tallied batch holds 72 bytes a game (three seats: 720 MB
#: at this many), a kept one about 1.4 KB; a larger count is a slip of the keyboard, refused before the
#: list of chunks, which grows with it, is built.
MAX_GAMES = 10_000_000


@dataclass
class BatchResult:
    """The records of a batch's games (sorted by game index) and how it ran."""

    spec: BatchSpec
    seed: int
    seats: list[str]
    bots: dict[str, str]
    records: list[GameRecord]
    workers: int = 1
    seconds: float = 0.0
    first: int = 0

    @property
    def games(self) -> int:
        return len(self.records)

    def record(self, index: int) -> GameRecord:
        """The record of game ``index``."""
        return self.records[index - self.first]


def in_core(spec: BatchSpec) -> bool:
    """Whether the rules core plays ``spec``'s games whole (every seat's bot is one it plays itself)."""
    from wargame.sim.games import CORE_BOTS

    return all(name in CORE_BOTS for name in _bots(spec))


def prepare(spec: BatchSpec, say: Callable[[str], None]) -> None:
    """Load the rules core for a batch of ``spec`` (every game runs in it, whole or move by move);
    ``say`` hears if that means a minute of compiling first (or waiting for another process that
    compiles it)."""
    from wargame.engine.compiled import ready

    ready(spec.game(), say)


def _bots(spec: BatchSpec) -> list[str]:
    return list(spec.seat_bots(list(spec.game().rules.scenario.seat_ids)).values())


def _backend(spec: BatchSpec) -> str:
    """``engine`` (move by move), ``core``, ``lookahead`` (the core with a greedy bot in some seat) or
    ``search`` (the core with an mcts bot in some seat)."""
    if not in_core(spec):
        return "engine"
    bots = _bots(spec)
    if any(name in SEARCH_BOTS for name in bots):
        return "search"
    return "lookahead" if "greedy" in bots else "core"


def play_chunk(spec: BatchSpec, seed: int, start: int, stop: int) -> list[GameRecord]:
    """Play games ``start .. stop-1`` and keep their records."""
    return Chunk.play(spec, seed, start, stop).records


@dataclass
class Chunk:
    """Games ``start .. stop-1`` of a batch, played: the core's final states where the core played
    them whole (``played``: a fold may read them as arrays), and their records (made on first use)."""

    spec: BatchSpec
    start: int
    stop: int
    played: Played | None = None
    _records: list[GameRecord] | None = None

    @classmethod
    def play(cls, spec: BatchSpec, seed: int, start: int, stop: int) -> Chunk:
        if stop <= start:
            return cls(spec, start, stop, _records=[])
        game = spec.game()
        if in_core(spec):
            from wargame.sim.games import play

            return cls(spec, start, stop, play(game, spec.seat_bots(list(game.rules.scenario.seat_ids)), seed,
                                               start, stop - start))
        return cls(spec, start, stop, _records=[record_game(game, play_game(spec, seed, k).state, k)
                                                for k in range(start, stop)])

    @property
    def records(self) -> list[GameRecord]:
        if self._records is None:
            from wargame.sim.games import records

            assert self.played is not None
            self._records = records(self.played)
        return self._records


#: ``fold(chunk)``: what a chunk of games becomes where it was played (picklable).
Fold = Callable[[Chunk], Any]
#: A chunk to play: (spec index, spec, seed, start, stop, fold or ``None`` to keep the records).
Task = tuple[int, BatchSpec, int, int, int, Fold | None]


def play_task(task: Task) -> tuple[int, int, Any]:
    """Play a chunk: (spec index, games played, its records or their fold)."""
    job, spec, seed, start, stop, fold = task
    chunk = Chunk.play(spec, seed, start, stop)
    return job, stop - start, chunk.records if fold is None else fold(chunk)


_PER_WORKER = {"engine": GAMES_PER_WORKER, "core": CORE_GAMES_PER_WORKER, "lookahead": LOOKAHEAD_GAMES_PER_WORKER,
               "search": SEARCH_GAMES_PER_WORKER}
_CHUNK = {"core": CORE_CHUNK, "lookahead": LOOKAHEAD_CHUNK, "search": SEARCH_CHUNK}


#: Games a chunk of at most about a second holds (for callers that report progress or may stop a
#: run); the core's random games are held to ``CORE_CHUNK`` (half a second) for their memory.
_SECOND = {"core": CORE_CHUNK, "lookahead": 250, "search": 8}


def responsive_chunk(spec: BatchSpec) -> int | None:
    """A chunk size for ``spec`` that a worker plays in about a second (``None``: the engine's own)."""
    return _SECOND.get(_backend(spec))


def games_problem(games: int, least: int = 0) -> str | None:
    """Why a run may not play ``games`` games of a spec (``None``: it may): fewer than ``least``, or more
    than ``MAX_GAMES``."""
    if least <= games <= MAX_GAMES:
        return None
    return f"expected {least} to {MAX_GAMES:,} games"


def default_workers(games: int, backend: str = "engine") -> int:
    """Every core for a large run, one worker for a small one."""
    cores = os.cpu_count() or 1
    return max(1, min(cores, games // _PER_WORKER[backend]))


def chunks(start: int, stop: int, workers: int, backend: str = "engine", size: int | None = None) -> list[tuple[int, int]]:
    """Contiguous index ranges covering ``start .. stop-1`` (of at most ``size`` games, when given)."""
    total = stop - start
    if size is not None:
        size = max(1, int(size))
    elif backend in _CHUNK:  # a few large chunks of equal size, the same number for every worker
        n_chunks = workers * max(1, -(-total // (workers * _CHUNK[backend])))
        size = max(1, -(-total // n_chunks))
    else:
        size = max(1, min(MAX_CHUNK, -(-total // (workers * CHUNKS_PER_WORKER))))
    return [(a, min(a + size, stop)) for a in range(start, stop, size)]


def run_batch(spec: BatchSpec, games: int, seed: int = 1, workers: int | None = None,
              progress: Progress | None = None, first: int = 0, chunk: int | None = None,
              cluster: Cluster | None = None) -> BatchResult:
    """Play games ``first .. first+games-1`` of ``spec`` under ``seed``; see :func:`run_batches`."""
    return run_batches([spec], games, seed, workers, progress, first, chunk, cluster)[0]


def run_batches(specs: Sequence[BatchSpec], games: int, seed: int = 1, workers: int | None = None,
                progress: Progress | None = None, first: int = 0, chunk: int | None = None,
                cluster: Cluster | None = None) -> list[BatchResult]:
    """Play the same game indices under each spec (common random numbers), sharing one pool of workers.

    ``workers``: workers to use (``None``: :func:`default_workers` of the whole run; 1: this thread):
    threads when every spec is played by the rules core, processes otherwise.
    ``chunk``: games per chunk (progress is reported, and a stop can land, between chunks).
    ``cluster``: play the chunks on a Dask cluster instead (``sim.cluster``), on all of its workers.
    Raises ``ContentError`` for bad content and ``ValueError`` for an unknown seat or bot.
    """
    plan = plan_batches(specs, games, workers, first, chunk, cluster)
    collected: list[list[GameRecord]] = [[] for _ in specs]
    for job, records in plan.run(seed, progress):
        # A chunk's records share one tuple per distinct play, and pickling keeps that sharing.
        collected[job].extend(records)
    return [BatchResult(spec=spec, seed=seed, seats=seats, bots=bots, records=sorted(recs, key=lambda r: r.index),
                        workers=plan.workers, seconds=plan.seconds, first=first)
            for spec, (seats, bots), recs in zip(specs, plan.seats_bots, collected, strict=True)]


@dataclass
class Plan:
    """A run split into chunks: each spec's seats and bots, the workers, and the chunks to play."""

    specs: Sequence[BatchSpec]
    seats_bots: list[tuple[list[str], dict[str, str]]]
    workers: int
    chunks: list[tuple[int, int, int]]  # (spec index, start, stop)
    threads: bool  # every spec is played by the rules core
    cluster: Cluster | None = None
    seconds: float = 0.0

    def run(self, seed: int, progress: Progress | None = None, fold: Fold | None = None) -> Iterator[tuple[int, Any]]:
        """Play every chunk, yielding (spec index, its records or their fold) as chunks finish."""
        started = time.perf_counter()
        tasks: list[Task] = [(job, self.specs[job], seed, a, b, fold) for job, a, b in self.chunks]
        if self.cluster is not None:
            from wargame.sim.cluster import run_tasks as run_on_cluster

            finished = run_on_cluster(self.cluster, tasks)
        else:
            finished = _run_tasks(tasks, self.workers, self.threads)
        done, total = 0, sum(b - a for _, a, b in self.chunks)
        if progress is not None:
            progress(0, total)
        for job, games, out in finished:
            yield job, out
            done += games
            if progress is not None:
                progress(done, total)
        self.seconds = time.perf_counter() - started


def plan_batches(specs: Sequence[BatchSpec], games: int, workers: int | None = None, first: int = 0,
                 chunk: int | None = None, cluster: Cluster | None = None) -> Plan:
    """Check the specs (bad content or a bad bot fails before any worker starts) and split the run into chunks."""
    if (problem := games_problem(games)) is not None:
        raise ValueError(f"{problem}, not {games}")
    seats_bots = []
    for spec in specs:
        seats = list(spec.game().rules.scenario.seat_ids)
        seats_bots.append((seats, spec.seat_bots(seats)))
    total = games * len(specs)
    backends = [_backend(spec) for spec in specs]
    slowest = min(backends, key=lambda b: _PER_WORKER[b])
    if cluster is not None:
        n_workers = cluster.workers()
    else:
        n_workers = default_workers(total, slowest) if workers is None else max(1, int(workers))
        n_workers = min(n_workers, max(1, total))
    parts = [(j, a, b) for j, backend in enumerate(backends) for a, b in chunks(first, first + games, n_workers, backend, chunk)]
    return Plan(specs, seats_bots, n_workers, parts, "engine" not in backends, cluster)


def _run_tasks(tasks: list[Task], workers: int, threads: bool = False) -> Iterator[tuple[int, int, Any]]:
    if workers == 1:
        for task in tasks:
            yield play_task(task)
        return
    pool: Executor
    if threads:
        pool = ThreadPoolExecutor(workers, thread_name_prefix="wargame-batch")
    else:
        # An executor (unlike multiprocessing.Pool) reports a worker that died, instead of replacing it for ever.
        _start_resource_tracker()
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        # One chunk in flight per worker: a stopped run waits for those only, not for a queue.
        waiting = iter(tasks)
        running = {pool.submit(play_task, task) for task in itertools.islice(waiting, workers)}
        while running:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            running |= {pool.submit(play_task, task) for task in itertools.islice(waiting, len(finished))}
            for future in finished:
                yield future.result()
    except BrokenProcessPool as exc:
        raise RuntimeError("a simulation worker process died; a script that runs batches on several workers "
                           "must start them under `if __name__ == '__main__':`") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the process's own stderr.

    The tracker hands ``sys.stderr.fileno()`` to its child process; inside a full-screen app that
    captures stderr (the TUI) that is no file descriptor, and starting a pool fails with "bad
    value(s) in fds_to_keep". The tracker starts once per process, so this only matters the first time.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured
