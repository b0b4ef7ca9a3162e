"""Statistics of a batch: win rates with Wilson intervals, distributions, and each card's impact."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from wargame.sim.record import GameRecord

if TYPE_CHECKING:
    from wargame.sim.batch import BatchResult
    from wargame.sim.tally import TalliedBatch

Z95 = 1.959963984540054  # the standard normal's 97.5% quantile
PERCENTILES = (5, 25, 50, 75, 95)


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (``(0, 1)`` when ``n`` is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes <= 0 else max(0.0, centre - half)  # exact ends: no rounding dust
    hi = 1.0 if successes >= n else min(1.0, centre + half)
    return lo, hi


@dataclass(frozen=True)
class WinRate:
    """How often a seat won, with its 95% Wilson interval."""

    seat: str
    wins: int
    games: int

    @property
    def rate(self) -> float:
        return self.wins / self.games if self.games else 0.0

    @property
    def ci(self) -> tuple[float, float]:
        return wilson(self.wins, self.games)

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.ci
        return {"wins": self.wins, "games": self.games, "rate": self.rate, "ci95": [lo, hi]}


def win_rates(records: Sequence[GameRecord], seats: Sequence[str]) -> dict[str, WinRate]:
    """Each seat's wins over all ``records``."""
    wins = Counter(r.winner for r in records)
    return {s: WinRate(s, wins.get(s, 0), len(records)) for s in seats}


def distribution(values: Iterable[float]) -> dict[str, float]:
    """Mean, standard deviation, extremes and the 5/25/50/75/95th percentiles."""
    arr = values if isinstance(values, np.ndarray) else np.asarray(list(values), dtype=float)
    if arr.size == 0:
        return {"n": 0}
    out = {"n": int(arr.size), "mean": float(arr.mean()), "std": float(arr.std()),
           "min": float(arr.min()), "max": float(arr.max())}
    for q, v in zip(PERCENTILES, np.percentile(arr, PERCENTILES), strict=True):
        out[f"p{q}"] = float(v)
    return out


@dataclass(frozen=True)
class CardImpact:
    """A seat's win rate in games where a card's event fired, against games where it did not."""

    card: str
    seat: str
    with_games: int
    with_wins: int
    without_games: int
    without_wins: int
    played_by: tuple[tuple[str, int], ...] = ()  # who fired it, in how many games

    @property
    def rate_with(self) -> float:
        return self.with_wins / self.with_games if self.with_games else 0.0

    @property
    def rate_without(self) -> float:
        return self.without_wins / self.without_games if self.without_games else 0.0

    @property
    def diff(self) -> float:
        """Win rate when the card fired minus win rate when it did not."""
        return self.rate_with - self.rate_without

    @property
    def z(self) -> float:
        """The difference over its standard error (unpooled); a rough guide, not a test corrected for many cards."""
        p1, n1, p2, n2 = self.rate_with, self.with_games, self.rate_without, self.without_games
        se = math.sqrt(p1 * (1 - p1) / max(n1, 1) + p2 * (1 - p2) / max(n2, 1))
        return self.diff / se if se > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"card": self.card, "seat": self.seat, "diff": self.diff, "z": self.z,
                "with": {"games": self.with_games, "wins": self.with_wins, "rate": self.rate_with},
                "without": {"games": self.without_games, "wins": self.without_wins, "rate": self.rate_without},
                "played_by": dict(self.played_by)}


@dataclass
class CardTally:
    """Per card: the games its event fired in, and of those, how many each seat won and fired it in."""

    fired: Counter[str] = field(default_factory=Counter)
    won: Counter[tuple[str, str | None]] = field(default_factory=Counter)  # (card, winner)
    fired_by: Counter[tuple[str, str]] = field(default_factory=Counter)  # (card, seat that fired it)

    def add(self, record: GameRecord) -> None:
        pairs = {(c, s) for c, s, _ in record.plays}
        cards = {c for c, _ in pairs}
        self.fired_by.update(pairs)  # (Counter.update of an iterable counts in C: a game fires dozens of cards)
        self.fired.update(cards)
        self.won.update(zip(cards, repeat(record.winner)))

    def update(self, other: CardTally) -> None:
        self.fired.update(other.fired)
        self.won.update(other.won)
        self.fired_by.update(other.fired_by)

    def impact(self, seats: Sequence[str], wins: Mapping[str | None, int], n: int, min_games: int = 1) -> list[CardImpact]:
        """Each card's :class:`CardImpact` for each seat over ``n`` games (``wins``: each seat's), largest first."""
        by: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for (card, seat), games in self.fired_by.items():
            by[card][seat] = games
        out = []
        for card, n_with in self.fired.items():
            if n_with < min_games or n - n_with < min_games:
                continue
            played_by = tuple(sorted(by[card].items()))
            for seat in seats:
                w_with = self.won[card, seat]
                out.append(CardImpact(card, seat, n_with, w_with, n - n_with, wins.get(seat, 0) - w_with, played_by))
        out.sort(key=lambda c: (-abs(c.diff), c.card, c.seat))
        return out


def card_impact(records: Sequence[GameRecord], seats: Sequence[str], min_games: int = 1) -> list[CardImpact]:
    """For every card and seat, the win-rate difference with vs without the card's event; largest first.

    Pairs where either group has fewer than ``min_games`` games are left out (no difference to show).
    """
    cards = CardTally()
    for r in records:
        cards.add(r)
    return cards.impact(seats, Counter(r.winner for r in records), len(records), min_games)


def reasons(records: Sequence[GameRecord]) -> dict[str, int]:
    """How many games ended each way (reason codes), most frequent first."""
    return dict(Counter(r.reason for r in records).most_common())


def summarize(result: BatchResult | TalliedBatch, top_cards: int = 20, min_games: int = 5) -> dict[str, Any]:
    """A JSON-ready summary: win rates, how games ended, distributions and the most telling cards."""
    from wargame.sim.tally import TalliedBatch, Tally

    if isinstance(result, TalliedBatch):
        tally = result.tally
    else:
        tally = Tally.of(result.seats, result.records, result.first, result.first + len(result.records))
    seats = result.seats
    games = tally.played
    return {
        "scenario": result.spec.scenario,
        "games": games,
        "seed": result.seed,
        "first_game": result.first,
        "bots": result.bots,
        "parameters": dict(result.spec.params),
        "targets": dict(result.spec.targets),
        "workers": result.workers,
        "seconds": round(result.seconds, 3),
        "games_per_second": round(games / result.seconds, 2) if result.seconds > 0 else None,
        "fingerprint": tally.fingerprint,
        "win_rates": {s: w.to_dict() for s, w in tally.win_rates().items()},
        "reasons": tally.reasons(),
        "distributions": {
            "lag": tally.distribution("lag"),
            "domestic_share": tally.distribution("domestic_share"),
            "china_world_share": tally.distribution("china_share"),
            "margin": {s: tally.distribution(f"margin:{s}") for s in seats},
            "vp": {s: tally.distribution(f"vp:{s}") for s in seats},
        },
        "card_impact": [c.to_dict() for c in tally.card_impact(min_games)[:top_cards]],
    }
