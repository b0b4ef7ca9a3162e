"""What a card's event is worth to each seat that may play it: a controlled experiment.

The card-impact table of a batch (``stats.CardImpact``) compares the games in which a seat played
an event with those in which it held the card and did not. Cards are played where they are needed
(a lobbying card after a ban, a rung of retaliation once relations are sour), so that comparison
reads many useful cards as harmful. This one plays the batch as shipped and, for each card and each
seat that may play its event, the same batch (scenario, bots, seeds, game indices) with that seat
never playing it (``Card.silenced``: still dealt, played for ops or shelved; a seat's own card is no
longer set off by an opponent's ops, a neutral card is still played by the other seats). Game ``k``
of both batches is the same game until the card makes a difference, so the seat's scores against its
target (its points less the target due when the game ended: what decides the winner, so a card that
cuts a game short is judged on the quarters played) are compared game by game: the mean of the paired differences, with a 95% interval from their standard
error. Games in which the card never mattered differ by nothing, which is what makes the interval tight.

Each row's mean is also split by what happened to the card in the shipped game: the games in which
the seat played the event itself (for its event or as its headline), those in which only an
opponent set it off (a seat's own card played for ops or headlined by another), and the rest (the
card never fired for the seat, yet the game went another way: opponents kept or shelved it rather
than set it off). A card that costs its seat mostly when its opponents set it off is a different
design problem from one the seat is wrong to play.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from wargame.sim.stats import OWN_EVENT, Z95
from wargame.sim.tally import TalliedBatch, measures, tally_batches

if TYPE_CHECKING:
    from wargame.sim.batch import Chunk, Progress
    from wargame.sim.cluster import Cluster
    from wargame.sim.spec import BatchSpec


#: The parts of a row's mean, by what happened to the card in the shipped game (``EventValue.split``).
SPLIT = ("played", "set_off", "rest")
PLAYED, SET_OFF, REST = range(3)


@dataclass(frozen=True)
class EventValue:
    """What having ``card``'s event in the game is worth to ``seat``, one of the seats that may play it."""

    card: str
    name: str
    seat: str
    games: int
    diff: float  # mean final score against target with the event minus without it, game by game
    se: float  # the standard error of that mean
    win_with: float  # the seat's win rate with the event in the game
    win_without: float
    held: int  # games of the shipped batch in which the seat used the card (event, ops or shelve)
    event_games: int  # of those, the games in which it played the card for its event
    #: ``diff`` split by the shipped game: (games, their share of ``diff``) where the seat played the
    #: event itself, where only an opponent set it off, and the rest; the three shares add up to ``diff``.
    split: tuple[tuple[int, float], tuple[int, float], tuple[int, float]] = ((0, 0.0), (0, 0.0), (0, 0.0))
    #: The standard error of ``win_change``, from the paired games (won with the event, less won without).
    win_se: float = 0.0

    @property
    def ci(self) -> tuple[float, float]:
        return self.diff - Z95 * self.se, self.diff + Z95 * self.se

    @property
    def win_change(self) -> float:
        return self.win_with - self.win_without

    @property
    def win_ci(self) -> tuple[float, float]:
        """A 95% interval for ``win_change``: a card that costs its seat points may still win it games
        (one that costs its rivals more), and the other way round."""
        return self.win_change - Z95 * self.win_se, self.win_change + Z95 * self.win_se

    @property
    def event_share(self) -> float | None:
        """The share of the games in which the seat held the card that it played it for its event."""
        return self.event_games / self.held if self.held else None

    def to_dict(self) -> dict[str, Any]:
        return {"card": self.card, "name": self.name, "seat": self.seat, "games": self.games, "diff": self.diff,
                "ci95": list(self.ci), "win_rate_with": self.win_with, "win_rate_without": self.win_without,
                "win_rate_change": self.win_change, "win_rate_change_ci95": list(self.win_ci), "held": self.held, "event_games": self.event_games,
                "event_share": self.event_share,
                "split": {part: {"games": n, "diff": d} for part, (n, d) in zip(SPLIT, self.split, strict=True)}}


@dataclass(frozen=True)
class CardValues:
    """The experiment's rows, worst first (by the upper end of their interval, then their mean)."""

    spec: BatchSpec
    games: int
    seed: int
    shipped: TalliedBatch
    rows: list[EventValue]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        tally = self.shipped.tally
        return {"scenario": self.spec.scenario, "bots": self.shipped.bots, "parameters": dict(self.spec.params),
                "games": self.games, "seed": self.seed, "workers": self.shipped.workers,
                "seconds": round(self.seconds, 3), "batches": 1 + len(self.rows),
                "win_rates": {s: w.to_dict() for s, w in tally.win_rates().items()},
                "cards": [r.to_dict() for r in self.rows]}


def playable_cards(spec: BatchSpec) -> list[str]:
    """The cards of ``spec``'s draw deck that some seat of its scenario may play for their event."""
    game = spec.game()
    seats = set(game.rules.scenario.seat_ids)
    return [c for c in dict.fromkeys(game.rules.draw_deck) if seats & set(game.rules.cards[c].event_seats)]


def experiments(spec: BatchSpec, cards: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """The (card, seat) pairs the experiment measures: each card (``None``: :func:`playable_cards`) with
    each seat of the scenario that may play its event."""
    rules = spec.game().rules
    seats = rules.scenario.seat_ids
    chosen = dict.fromkeys(cards if cards is not None else playable_cards(spec))
    return [(card, seat) for card in chosen for seat in rules.cards[card].event_seats if seat in seats]


def card_values(spec: BatchSpec, games: int, seed: int = 1, cards: Sequence[str] | None = None,
                workers: int | None = None, progress: Progress | None = None,
                cluster: Cluster | None = None) -> CardValues:
    """Play ``games`` games of ``spec`` as shipped and once more per card (ids; ``None``: every card of
    the draw deck) and seat that may play its event, without that seat playing it; one row per pair.
    Raises ``ValueError`` for a card not in the scenario's decks."""
    for card in cards or ():
        spec.without_event(card)  # an unknown card fails here, before any game is played
    pairs = experiments(spec, cards)
    variants = [spec.without_event(card, seat) for card, seat in pairs]
    shipped, *without = tally_batches([spec, *variants], games, seed, workers, progress, cluster=cluster)
    rules = spec.game().rules
    fired = _fired(spec, games, seed, workers, cluster, [(card, seat, rules.cards[card].faction == seat)
                                                         for card, seat in pairs])
    impact = {(c.card, c.seat): c for c in shipped.tally.card_impact()}
    base = shipped.tally.win_rates()
    rows = []
    for k, ((card, seat), other) in enumerate(zip(pairs, without, strict=True)):
        points = _column(shipped, seat) - _column(other, seat)
        won = shipped.tally.won(seat).astype(float) - other.tally.won(seat)
        n = len(points)
        se = float(points.std(ddof=1)) / math.sqrt(n) if n > 1 else math.inf
        win_se = float(won.std(ddof=1)) / math.sqrt(n) if n > 1 else math.inf
        used = impact.get((card, seat))
        parts = tuple((int((fired[k] == part).sum()), float(points[fired[k] == part].sum()) / n if n else 0.0)
                      for part in range(len(SPLIT)))
        rows.append(EventValue(card, rules.cards[card].name, seat, n, float(points.mean()) if n else 0.0, se,
                               base[seat].rate, other.tally.win_rates()[seat].rate, used.held if used else 0,
                               used.event_games if used else 0, parts, win_se))  # type: ignore[arg-type]
    rows.sort(key=lambda r: (r.ci[1], r.diff, r.name, r.seat))
    return CardValues(spec, games, seed, shipped, rows, shipped.seconds)


def _column(batch: TalliedBatch, seat: str) -> np.ndarray:
    """Each game's final score of ``seat`` against its target due, by game index."""
    tally = batch.tally
    return tally.values[measures(tally.seats).index(f"margin:{seat}")]


def _fired(spec: BatchSpec, games: int, seed: int, workers: int | None, cluster: Cluster | None,
           pairs: list[tuple[str, str, bool]]) -> np.ndarray:
    """For each (card, seat, the seat owns the card) of ``pairs`` and each game of the shipped batch
    (played again, folding each chunk to these marks): ``PLAYED``, ``SET_OFF`` or ``REST``."""
    from wargame.sim.batch import plan_batches

    marks = np.full((len(pairs), games), REST, dtype=np.int8)
    plan = plan_batches([spec], games, workers, 0, None, cluster)
    for _, (start, part) in plan.run(seed, None, partial(_marks, pairs)):
        marks[:, start:start + part.shape[1]] = part
    return marks


def _marks(pairs: list[tuple[str, str, bool]], chunk: Chunk) -> tuple[int, np.ndarray]:
    """A chunk's marks (see ``_fired``): the seat played the event itself (for its event or as its
    headline), else an opponent set it off (the seat's own card played for ops or headlined by another
    seat: an "opponent" play, which records the seat that set it off), else the rest."""
    start = chunk.start
    part = np.full((len(pairs), chunk.stop - start), REST, dtype=np.int8)
    for record in chunk.records:
        played = {(card, seat) for card, seat, kind in record.plays if kind in OWN_EVENT}
        set_off = {card for card, _, kind in record.plays if kind == "opponent"}
        for k, (card, seat, owned) in enumerate(pairs):
            if (card, seat) in played:
                part[k, record.index - start] = PLAYED
            elif owned and card in set_off:
                part[k, record.index - start] = SET_OFF
    return start, part
