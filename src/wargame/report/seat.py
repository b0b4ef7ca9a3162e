"""A team's own debrief: the record of a game filtered through one seat's view.

What the report shows of the log goes through the same filter as the seat's screen
(``engine.game.seat_sees``): other seats' private events and reasons and the facilitator's notes
are left out. The states themselves stay whole, because the report's what-if measures replay
moves on them; no report section prints another seat's hand or the piles.
"""

from __future__ import annotations

from dataclasses import replace

from wargame.engine.actions import FACILITATOR, NOTE
from wargame.engine.game import seat_sees
from wargame.report.record import GameRecord, ReportError


def seat_record(record: GameRecord, seat: str) -> GameRecord:
    """``record`` as ``seat`` may read it (``ReportError`` for a seat the game does not have)."""
    if seat not in record.opening.seats:
        raise ReportError(f"no seat {seat!r} in this game; its seats are {', '.join(record.opening.seats)}")
    actions, states = [], [record.states[0]]
    for action, after in zip(record.actions, record.states[1:], strict=True):
        if action.seat == FACILITATOR and action.kind == NOTE:
            continue  # a note changes nothing but the log, which the seat does not see it in
        actions.append(action if action.seat in (seat, FACILITATOR) else replace(action, text=None))
        states.append(after)
    seen = []
    for state in states:
        clone = state.clone()
        clone.events = [e for e in state.events if seat_sees(e, seat)]
        seen.append(clone)
    return replace(record, actions=actions, states=seen, name=f"{record.name}-{seat}", viewer=seat)
