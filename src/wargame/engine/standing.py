"""Who is winning: each seat's points against its end-of-game target, and the sudden-death clocks.

A view of the state for screens and reports. Targets are totals for the whole game, so while it
is played a seat is also measured against its pace: the share of the target due by the quarters
closed so far. The winner is the best margin against the target due when the game ends: the whole
target at the end date, the pace's share after a sudden death (``outcome.score_margins``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wargame.engine.outcome import SUDDEN_DEATHS, played_share, seat_rules
from wargame.engine.seats import SEATS
from wargame.engine.state import GameState


@dataclass(frozen=True)
class SeatStanding:
    """One seat's score: points, the target at the end, the target due by now, and the gaps."""

    seat: str
    vp: float
    target: float
    due: float  # the share of the target due after the quarters closed so far

    @property
    def margin(self) -> float:
        """Points over the end-of-game target (what decides the winner at the end)."""
        return self.vp - self.target

    @property
    def on_pace(self) -> float:
        """Points over the target due by now: positive means ahead of the pace to reach the target."""
        return self.vp - self.due


@dataclass(frozen=True)
class Clock:
    """A sudden-death condition counting quarters: ``count`` of ``needed`` so far."""

    seat: str
    text: str
    count: int
    needed: int


def standing(scenario: Any, state: GameState) -> list[SeatStanding]:
    """Each seat's standing, best on pace first (ties in seat order)."""
    share = played_share(len(state.history), scenario.quarters)
    v = scenario.victory
    rows = [SeatStanding(s, float(state.vp.get(s, 0.0)), float(v.targets.get(s, 0.0)), float(v.due(s, share)))
            for s in state.seats]
    return sorted(rows, key=lambda r: (-round(r.on_pace, 6), state.seats.index(r.seat)))


def clocks(scenario: Any, state: GameState) -> list[Clock]:
    """The sudden-death counters that are running (at least one quarter counted)."""
    v = scenario.victory
    out = [Clock(e.winner or e.loser or "", e.clock, state.streaks.get(e.streak, 0), getattr(v, e.quarters))
           for e in SUDDEN_DEATHS if e.streak and e.quarters and (e.loser is None or e.loser in state.seats)]
    return [c for c in out if c.count > 0]


def how_to_win(scenario: Any, seat: str) -> list[str]:
    """What ``seat`` plays for: its target, its sudden-death win or loss, and where its points come from."""
    v = scenario.victory
    lines = [f"Target: {v.targets.get(seat, 0.0):g} VP by {scenario.end}; at the end the seat furthest above "
             "(or least below) its target wins. If a sudden death puts a seat out first, the others are "
             "measured against the share of their targets due by then."]
    lines.extend(seat_rules(v, seat))
    if seat in SEATS:
        lines.append(f"Points each quarter from {SEATS[seat].points_from}.")
    return lines
