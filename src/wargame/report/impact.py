"""Turning points: what each play did to its quarter's close, by counterfactual.

For every play we fold the log again from the state before it, with the play replaced by a pass
(a facilitator's act is simply left out), and replay the rest of that quarter as logged; a later
move the change makes impossible becomes a pass. The play's impact is the difference between the
quarter's actual close and that counterfactual close, in capability lag, China's domestic share
and each seat's victory points. A quarter that has not closed yet is projected one quarter ahead
with the model, as the greedy bot does. The horizon is the play's own quarter, so an effect that
compounds later is counted only as far as it moved that quarter; chance later in the quarter is
drawn afresh in the counterfactual.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.engine.actions import FACILITATOR, NOTE, PASS, Action
from wargame.engine.game import Game
from wargame.engine.state import GameState
from wargame.report.record import GameRecord
from wargame.report.timeline import Impact

#: How turning points are found, in the words of the report.
METHOD = (
    "Each play's impact is measured by counterfactual: the log is folded again from the moment before "
    "the play with the play replaced by a pass (a facilitator's act is left out), the rest of that "
    "quarter is replayed as logged (a move that becomes impossible turns into a pass), and the quarter's "
    "close is compared with what actually happened. Impact = actual close minus counterfactual close, "
    "in months of capability lag, percentage points of China's domestic share and each seat's victory "
    "points. The horizon is the play's own quarter: a change that compounds later counts only for what "
    "it did by that quarter's close, and chance later in the quarter is drawn afresh. A quarter not yet "
    "closed is projected one quarter ahead with the model. 'Overall' adds up a play's share of all the "
    "movement plays caused in lag, in domestic share and in the largest change of any seat's score."
)


@dataclass(frozen=True)
class QuarterClose:
    """A quarter's closing lag, domestic share and cumulative victory points."""

    lag: float
    domestic: float
    vp: dict[str, float]


def play_impacts(record: GameRecord) -> dict[int, Impact]:
    """Position in the log (from 0) -> impact, for every entry that is not a pass or a note."""
    out: dict[int, Impact] = {}
    for i, action in enumerate(record.actions):
        if action.kind in (PASS, NOTE):
            continue
        quarter = record.states[i].quarter
        actual = quarter_close(record.game, _after_quarter(record, i, quarter), quarter)
        alt = _counterfactual(record, i, quarter)
        cf = quarter_close(record.game, alt, quarter)
        out[i] = Impact(lag=actual.lag - cf.lag, domestic=actual.domestic - cf.domestic,
                        vp={s: actual.vp[s] - cf.vp.get(s, 0.0) for s in actual.vp})
    return out


def _after_quarter(record: GameRecord, index: int, quarter: int) -> GameState:
    """The first logged state after ``index`` that has left ``quarter`` (or the latest state)."""
    for state in record.states[index + 1:]:
        if state.quarter != quarter or state.over:
            return state
    return record.final


def _counterfactual(record: GameRecord, index: int, quarter: int) -> GameState:
    game = record.game
    state = record.states[index]
    action = record.actions[index]
    if action.seat != FACILITATOR:
        state = game.apply_legal(state, Action(action.seat, PASS))
    for later in record.actions[index + 1:]:
        if state.quarter != quarter or state.over:
            break
        if game.check(state, later) is None:
            state = game.apply_legal(state, later)
        elif later.seat != FACILITATOR:
            seat = game.current_player(state)
            if seat is None:
                break
            state = game.apply_legal(state, Action(seat, PASS))
    return state


def quarter_close(game: Game, state: GameState, quarter: int) -> QuarterClose:
    """The logged close of ``quarter`` in ``state``'s history, or a one-quarter projection from ``state``."""
    for row in reversed(state.history):
        if int(row["quarter"]) == quarter:
            return QuarterClose(row["world.lag"], row["china.domestic_share"],
                                {s: row[f"{s}.vp"] for s in state.seats})
    return _projected(game, state)


def _projected(game: Game, state: GameState) -> QuarterClose:
    vp, out = game.projected_close(state)
    return QuarterClose(out["world.lag"], out["china.domestic_share"], {s: vp[s] for s in state.seats})
