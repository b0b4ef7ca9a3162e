"""Statistics of a batch: win rates with Wilson intervals, distributions, and each card's impact."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
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


#: How a seat used a card it held, by the kinds a record keeps: its own event (played or headlined),
#: its ops (an "opponent" play sets off another seat's event, by ops or a headline), or shelved.
CHOICES = ("event", "ops", "shelve")
_CHOICE = {"event": "event", "headline": "event", "ops": "ops", "opponent": "ops", "shelve": "shelve"}
#: The kinds of play in which a seat played an event itself.
OWN_EVENT = frozenset(kind for kind, choice in _CHOICE.items() if choice == "event")
#: Games needed in each group (played for its event, held but not) before a difference is shown.
MIN_GROUP = 30
#: A card its holder plays for its event in at least this share of the games it holds it (or at most
#: ``1 - LOPSIDED``) has no group to compare with: it is reported as such, never ranked.
LOPSIDED = 0.95
#: Points are summed in millionths (records keep six places), as integers: exact in any order.
_MICRO = 1_000_000
#: Games a card tally folds at once (its marks take games x pairs x choices bytes).
_BLOCK = 2048


@dataclass(frozen=True)
class CardImpact:
    """What a card's event is worth to the seat that holds it, and how that seat used it.

    Over the games in which ``seat`` held ``card`` (played it for its event, used it for ops or
    shelved it): the difference between its mean final points in the games it played the card for
    its event and in those it did not, with a 95% interval (Welch's standard error, the normal
    quantile; at least ``MIN_GROUP`` games in each group). ``status`` says why a card has no interval:
    ``few`` (held in fewer than ``MIN_GROUP`` games, or too few either way), ``always``/``never`` (the
    holder nearly always/never chose the event).
    """

    card: str
    seat: str
    held: int  # games in which the seat used the card at all
    choices: tuple[tuple[str, int], ...]  # games with each of ``CHOICES`` (a game may count in several)
    event_games: int
    other_games: int
    mean_event: float
    mean_other: float
    se: float

    @property
    def event_share(self) -> float:
        return self.event_games / self.held if self.held else 0.0

    @property
    def status(self) -> str:
        if self.held < MIN_GROUP:
            return "few"
        if self.event_share >= LOPSIDED:
            return "always"
        if self.event_share <= 1.0 - LOPSIDED:
            return "never"
        if min(self.event_games, self.other_games) < MIN_GROUP:
            return "few"
        return "compared"

    @property
    def diff(self) -> float | None:
        """Mean points when played for its event minus when held but not (``None`` without an interval)."""
        return self.mean_event - self.mean_other if self.status == "compared" else None

    @property
    def ci(self) -> tuple[float, float] | None:
        d = self.diff
        return None if d is None else (d - Z95 * self.se, d + Z95 * self.se)

    @property
    def clearance(self) -> float:
        """How far the interval lies from zero (negative: it holds zero); the ranking's key."""
        ci = self.ci
        return -math.inf if ci is None else max(ci[0], -ci[1])

    def to_dict(self) -> dict[str, Any]:
        ci = self.ci
        return {"card": self.card, "seat": self.seat, "held": self.held, "choices": dict(self.choices),
                "event_share": self.event_share, "status": self.status, "diff": self.diff,
                "ci95": list(ci) if ci else None, "event_games": self.event_games, "other_games": self.other_games}


@dataclass
class CardTally:
    """Per (card, seat): the games the seat used the card, how, and its final points in each group
    (played for its event or not) as exact integer sums, so tallies merge in any order."""

    held: Counter[tuple[str, str]] = field(default_factory=Counter)
    chose: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (card, seat, choice)
    n: Counter[tuple[str, str, bool]] = field(default_factory=Counter)  # (card, seat, played for its event)
    total: Counter[tuple[str, str, bool]] = field(default_factory=Counter)  # points, in millionths
    squares: Counter[tuple[str, str, bool]] = field(default_factory=Counter)

    def add(self, record: GameRecord) -> None:
        self.add_many([record])

    def add_many(self, records: Sequence[GameRecord]) -> None:
        """Fold in ``records``: for each game, each (card, seat of the game) the seat used the card in
        counts once in ``held``, once per way it chose (``CHOICES``), and its final points in its group
        (played for its event or not). One pass of array arithmetic over the chunk's plays: a game
        records some seventy, and folding them one by one cost more than playing the game."""
        if not records:
            return
        seats = list(dict.fromkeys(s for r in records for s in r.vp))
        distinct = list(set().union(*(r.plays for r in records)))
        code = {t: i for i, t in enumerate(distinct)}
        flat = np.fromiter(chain.from_iterable(map(code.__getitem__, r.plays) for r in records), np.int64)
        game = np.repeat(np.arange(len(records), dtype=np.int64), [len(r.plays) for r in records])
        points = np.array([[r.vp.get(seat, 0.0) for seat in seats] for r in records])
        self.add_plays(seats, distinct, flat, game, points)

    def add_plays(self, seats: Sequence[str], distinct: Sequence[tuple[str, str, str]], flat: np.ndarray,
                  game: np.ndarray, points: np.ndarray) -> None:
        """Fold in a chunk of games given as arrays: ``flat`` the plays of every game in turn (indices
        into ``distinct``, the chunk's distinct (card, seat, kind) triples), ``game`` the game (a row of
        ``points``) of each, in order, and ``points`` each game's final points (six places) by ``seats``."""
        n_games = len(points)
        pairs: dict[tuple[str, str], int] = {}
        pair_of = np.full(len(distinct), -1, np.int64)
        choice_of = np.zeros(len(distinct), np.int64)
        for i, (card, seat, kind) in enumerate(distinct):
            choice = _CHOICE.get(kind)
            if choice is not None and seat in seats:
                pair_of[i] = pairs.setdefault((card, seat), len(pairs))
                choice_of[i] = CHOICES.index(choice)
        if not pairs:
            return
        keys, p_n, c_n = list(pairs), len(pairs), len(CHOICES)
        seat_of = np.array([list(seats).index(seat) for _, seat in keys], np.int64)
        pair, choice = pair_of[flat], choice_of[flat]
        used = pair >= 0
        game, column = game[used], pair[used] * c_n + choice[used]
        points = np.rint(points * _MICRO).astype(np.int64)  # as ``round``: game by seat
        squares = points * points  # below 2**63 for points under 3,000 in magnitude; summed in two halves
        # Summed a block at a time as float64 products of 0/1 marks and integers: every partial sum
        # stays below 2**53 (2,048 games of at most 3e9), so the sums are exact integers.
        parts = np.concatenate([points, squares >> 31, squares & (2**31 - 1)], axis=1).astype(np.float64)
        n_seats = points.shape[1]
        pick = np.arange(p_n), seat_of
        held, chose = np.zeros(p_n, np.int64), np.zeros((p_n, c_n), np.int64)
        sums = np.zeros((2, 4, p_n), np.int64)  # [played for its event or not][games, points, squares' two halves]
        bounds = np.searchsorted(game, np.arange(0, n_games + _BLOCK, _BLOCK))
        for block, (a, b) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)):
            first = block * _BLOCK
            rows = min(_BLOCK, n_games - first)
            if rows <= 0:
                break
            mark = np.zeros((rows, p_n, c_n), bool)  # game by pair by choice: did the seat use it so
            mark.reshape(rows, -1)[game[a:b] - first, column[a:b]] = True
            chose += mark.sum(axis=0)
            any_use = mark[:, :, 0].copy()
            for c in range(1, c_n):
                any_use |= mark[:, :, c]
            held += any_use.sum(axis=0)
            event = mark[:, :, CHOICES.index("event")]
            for k, group in enumerate((event, any_use & ~event)):
                sums[k, 0] += group.sum(axis=0)
                by_seat = np.rint(group.T.astype(np.float64) @ parts[first:first + rows]).astype(np.int64)
                for j in range(3):  # each pair's sums over its own seat's column
                    sums[k, 1 + j] += by_seat[:, j * n_seats:(j + 1) * n_seats][pick]
        for k, ((card, seat), n) in enumerate(zip(keys, held.tolist(), strict=True)):
            if n:
                self.held[card, seat] += n
            for j, c in enumerate(CHOICES):
                if chose[k, j]:
                    self.chose[card, seat, c] += int(chose[k, j])
            for played, row in ((True, sums[0, :, k].tolist()), (False, sums[1, :, k].tolist())):
                if row[0]:
                    key = (card, seat, played)
                    self.n[key] += row[0]
                    self.total[key] += row[1]
                    self.squares[key] += (row[2] << 31) + row[3]

    def update(self, other: CardTally) -> None:
        for mine, theirs in ((self.held, other.held), (self.chose, other.chose), (self.n, other.n),
                             (self.total, other.total), (self.squares, other.squares)):
            mine.update(theirs)

    def _mean_var(self, group: tuple[str, str, bool]) -> tuple[float, float]:
        n = self.n[group]
        if n == 0:
            return 0.0, 0.0
        total, squares = self.total[group], self.squares[group]
        mean = total / n / _MICRO
        var = (squares * n - total * total) / (n * max(n - 1, 1)) / _MICRO**2  # exact to the last division
        return mean, var

    def impact(self) -> list[CardImpact]:
        """Every (card, seat) the seat used: compared ones first, by how far their interval lies from
        zero; then the rest by card."""
        out = []
        for (card, seat), held in self.held.items():
            yes, no = (card, seat, True), (card, seat, False)
            (m1, v1), (m0, v0) = self._mean_var(yes), self._mean_var(no)
            n1, n0 = self.n[yes], self.n[no]
            se = math.sqrt(v1 / max(n1, 1) + v0 / max(n0, 1))
            out.append(CardImpact(card, seat, held, tuple((c, self.chose[card, seat, c]) for c in CHOICES),
                                  n1, n0, m1, m0, se))
        out.sort(key=lambda c: (c.status != "compared", -c.clearance, c.card, c.seat))
        return out


def card_impact(records: Sequence[GameRecord]) -> list[CardImpact]:
    """Each card's :class:`CardImpact` for each seat that used it in ``records``; compared ones first."""
    cards = CardTally()
    cards.add_many(records)
    return cards.impact()


def reasons(records: Sequence[GameRecord]) -> dict[str, int]:
    """How many games ended each way (reason codes), most frequent first."""
    return dict(Counter(r.reason for r in records).most_common())


def summarize(result: BatchResult | TalliedBatch, top_cards: int = 20) -> dict[str, Any]:
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
        "card_impact": _card_rows(tally.card_impact(), top_cards, result.spec.game().rules.cards),
    }


def _card_rows(rows: Sequence[CardImpact], top: int, cards: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``top`` compared rows, then every card whose holder nearly always or never played it for
    its event (reported as such), then those with too few games, then other seats' cards (whose
    holder, not among the seats that may play its event, has only their ops or the shelf); each with the card's name."""
    def theirs(r: CardImpact) -> bool:
        card = cards.get(r.card)
        return card is not None and r.seat not in card.event_seats

    order = {"compared": 0, "always": 1, "never": 2, "few": 3}
    mine = sorted((r for r in rows if not theirs(r)), key=lambda r: order[r.status])  # stable: keeps the ranking
    kept = [r for r in mine if r.status == "compared"][:top] + [r for r in mine if r.status != "compared"]
    out = [{**r.to_dict(), "name": getattr(cards.get(r.card), "name", r.card)} for r in kept]
    return out + [{**r.to_dict(), "status": "theirs", "diff": None, "ci95": None,
                   "name": getattr(cards.get(r.card), "name", r.card)} for r in rows if theirs(r)]
