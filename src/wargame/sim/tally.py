"""A batch folded chunk by chunk: what its summary needs, without keeping every game's record.

A ``Tally`` holds counts (wins, endings, card events) and, per game, only the numbers whose
percentiles a summary shows, at the game's own column, so chunks may arrive in any order and on
any worker. A summary of a tally equals the summary of the same games' records, and its
``fingerprint`` (a sum over games of a hash of each game's index and final-state fingerprint) is
the same however the games were chunked. So a run of a million games costs the client
``8 * len(MEASURES)`` bytes a game, and the records never cross the network.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from wargame.sim.record import GameRecord
from wargame.sim.stats import CardImpact, CardTally, WinRate, distribution

if TYPE_CHECKING:
    from wargame.sim.batch import Chunk, Progress
    from wargame.sim.cluster import Cluster
    from wargame.sim.games import Played
    from wargame.sim.spec import BatchSpec

#: The per-game numbers a tally keeps, besides each seat's margin and points (``measures``).
MEASURES = ("lag", "domestic_share", "china_share")
#: The batch fingerprint is a sum of 128-bit game hashes, modulo this.
_MODULUS = 1 << 128


def measures(seats: Sequence[str]) -> list[str]:
    """The rows of a tally's ``values``: the game-wide measures, then each seat's margin, then its points."""
    return [*MEASURES, *(f"margin:{s}" for s in seats), *(f"vp:{s}" for s in seats)]


def game_hash(record: GameRecord) -> int:
    """A 128-bit hash of a game's index and final-state fingerprint (the batch fingerprint sums them)."""
    return _hash(record.index, record.fingerprint)


def _hash(index: int, fingerprint: str) -> int:
    digest = hashlib.blake2b(f"{index}:{fingerprint}".encode(), digest_size=16).digest()
    return int.from_bytes(digest, "little")


@dataclass
class Tally:
    """Counts and per-game measures of games ``first .. first+games-1`` (those folded in so far)."""

    seats: tuple[str, ...]
    first: int
    values: np.ndarray  # one row per ``measures(seats)``, one column per game of the range
    played: int = 0
    wins: Counter[str | None] = field(default_factory=Counter)
    endings: dict[str, list[int]] = field(default_factory=dict)  # reason code -> [games, first game index]
    cards: CardTally = field(default_factory=CardTally)
    digest: int = 0
    kept: dict[int, GameRecord] = field(default_factory=dict)  # the records asked for by index
    #: Each game's winner, as its index in ``seats`` (-1: none yet, or no winner), by game index.
    winners: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    @classmethod
    def empty(cls, seats: Sequence[str], first: int, games: int) -> Tally:
        return cls(tuple(seats), first, np.zeros((len(measures(seats)), games)),
                   winners=np.full(games, -1, dtype=np.int8))

    @classmethod
    def of(cls, seats: Sequence[str], records: Sequence[GameRecord], start: int, stop: int,
           keep: frozenset[int] = frozenset()) -> Tally:
        """The tally of ``records``, the games ``start .. stop-1`` (keeping the records whose index is in ``keep``)."""
        tally = cls.empty(seats, start, stop - start)
        tally.add(records, keep)
        return tally

    @property
    def games(self) -> int:
        """The games the range holds (``played`` of them folded in so far)."""
        return int(self.values.shape[1])

    def add(self, records: Sequence[GameRecord], keep: frozenset[int] = frozenset()) -> None:
        """Fold in finished games of this tally's range."""
        if not records:
            return
        seats = self.seats
        columns = [r.index - self.first for r in records]
        self.values[:, columns] = np.array(
            [(r.lag, r.domestic_share, r.china_share, *[r.margins.get(s, 0.0) for s in seats],
              *[r.vp.get(s, 0.0) for s in seats]) for r in records]).T
        self.wins.update(r.winner for r in records)
        self.winners[columns] = [seats.index(r.winner) if r.winner in seats else -1 for r in records]
        for r in records:
            ending = self.endings.setdefault(r.reason, [0, r.index])
            ending[0] += 1
            ending[1] = min(ending[1], r.index)
        self.cards.add_many(records)
        self.digest = (self.digest + sum(map(game_hash, records))) % _MODULUS
        self.played += len(records)
        self.kept.update((r.index, r) for r in records if r.index in keep)

    def add_played(self, played: Played, keep: frozenset[int] = frozenset()) -> None:
        """Fold in a chunk of games the core played whole, read off its arrays (as ``add`` of their
        records, without making the records: a record and its fold cost more than a random game)."""
        from wargame.sim.games import outcomes, play_codes, records

        if not played.n:
            return
        o, seats, own = outcomes(played), self.seats, played.lowered.seats
        columns = np.asarray(o.index) - self.first
        vp = o.vp
        margins = np.array([[m[s] for s in seats] for m in o.margins]).reshape(played.n, len(seats))
        self.values[:, columns] = np.concatenate(
            [np.array([o.lag, o.domestic_share, o.china_share]), margins.T, vp[:, [own.index(s) for s in seats]].T])
        self.wins.update(o.winner)
        self.winners[columns] = [seats.index(w) if w in seats else -1 for w in o.winner]
        for reason, index in zip(o.reason, o.index, strict=True):
            ending = self.endings.setdefault(reason, [0, index])
            ending[0] += 1
            ending[1] = min(ending[1], index)
        self.cards.add_plays(own, *play_codes(played), vp)
        self.digest = (self.digest + sum(map(_hash, o.index, (f"{x:016x}" for x in o.fingerprint.tolist())))) % _MODULUS
        self.played += played.n
        if keep.intersection(o.index):
            self.kept.update((r.index, r) for r in records(played, o) if r.index in keep)

    def merge(self, other: Tally) -> None:
        """Fold in the tally of other games of this range (a chunk's)."""
        at = other.first - self.first
        self.values[:, at : at + other.games] = other.values
        self.winners[at : at + other.games] = other.winners
        self.played += other.played
        self.wins.update(other.wins)
        for reason, (games, first) in other.endings.items():
            ending = self.endings.setdefault(reason, [0, first])
            ending[0] += games
            ending[1] = min(ending[1], first)
        self.cards.update(other.cards)
        self.digest = (self.digest + other.digest) % _MODULUS
        self.kept.update(other.kept)

    @property
    def fingerprint(self) -> str:
        """The batch's fingerprint: equal for the same games, however chunked and wherever played."""
        return f"{self.digest:032x}"

    def won(self, seat: str) -> np.ndarray:
        """Whether ``seat`` won each game of the range (by game index)."""
        return self.winners == self.seats.index(seat)

    def win_rates(self) -> dict[str, WinRate]:
        return {s: WinRate(s, self.wins.get(s, 0), self.played) for s in self.seats}

    def reasons(self) -> dict[str, int]:
        """How many games ended each way, most frequent first (ties: the way seen in the earliest game)."""
        ordered = sorted(self.endings.items(), key=lambda item: (-item[1][0], item[1][1]))
        return {reason: games for reason, (games, _) in ordered}

    def distribution(self, name: str) -> dict[str, float]:
        """:func:`stats.distribution` of one of ``measures(seats)`` over the games folded in."""
        return distribution(self.values[measures(self.seats).index(name)])

    def card_impact(self) -> list[CardImpact]:
        return self.cards.impact()


def chunk_tally(seats: Sequence[str], keep: frozenset[int]) -> Callable[[Chunk], Tally]:
    """The fold that turns a chunk of games into its tally, where the chunk was played (picklable)."""
    return partial(_fold, tuple(seats), keep)


def _fold(seats: tuple[str, ...], keep: frozenset[int], chunk: Chunk) -> Tally:
    if chunk.played is None:
        return Tally.of(seats, chunk.records, chunk.start, chunk.stop, keep)
    tally = Tally.empty(seats, chunk.start, chunk.stop - chunk.start)
    tally.add_played(chunk.played, keep)
    return tally


@dataclass
class TalliedBatch:
    """A batch whose records were folded as its chunks finished: its tally, and how it ran."""

    spec: BatchSpec
    seed: int
    seats: list[str]
    bots: dict[str, str]
    tally: Tally
    workers: int = 1
    seconds: float = 0.0
    first: int = 0

    @property
    def games(self) -> int:
        return self.tally.played


def tally_batch(spec: BatchSpec, games: int, seed: int = 1, workers: int | None = None,
                progress: Progress | None = None, first: int = 0, chunk: int | None = None,
                cluster: Cluster | None = None, keep: Iterable[int] = ()) -> TalliedBatch:
    """:func:`sim.batch.run_batch`, folding each chunk into a tally where it was played instead of keeping records.

    ``keep``: game indices whose records the tally keeps (``tally.kept``).
    """
    return tally_batches([spec], games, seed, workers, progress, first, chunk, cluster, keep)[0]


def tally_batches(specs: Sequence[BatchSpec], games: int, seed: int = 1, workers: int | None = None,
                  progress: Progress | None = None, first: int = 0, chunk: int | None = None,
                  cluster: Cluster | None = None, keep: Iterable[int] = ()) -> list[TalliedBatch]:
    """:func:`tally_batch` of each spec over the same game indices (common random numbers), sharing one
    pool of workers; the specs must have the same seats (variants of one scenario)."""
    from wargame.sim.batch import plan_batches

    plan = plan_batches(specs, games, workers, first, chunk, cluster)
    seats = plan.seats_bots[0][0]
    if any(other != seats for other, _ in plan.seats_bots):
        raise ValueError("batches tallied together must have the same seats")
    tallies = [Tally.empty(seats, first, games) for _ in specs]
    for job, part in plan.run(seed, progress, chunk_tally(seats, frozenset(keep))):
        tallies[job].merge(part)
    return [TalliedBatch(spec, seed, seats, bots, tally, plan.workers, plan.seconds, first)
            for spec, (_, bots), tally in zip(specs, plan.seats_bots, tallies, strict=True)]
