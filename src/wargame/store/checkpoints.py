"""Where a log keeps full states, and what a checkpoint holds, so that a replay seeks without folding far.

A checkpoint is taken before the first decision of every quarter, and after at most
``MAX_GAP`` actions without one (a quarter can hold any number of facilitator notes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wargame.engine.cards import quarter_label
from wargame.engine.state import GameState, state_hash

MAX_GAP = 64


def checkpoint_indices(turns: Sequence[int]) -> list[int]:
    """Log indices that get a checkpoint, given the turn of the state at each index (0..length)."""
    out: list[int] = []
    for i, turn in enumerate(turns):
        if i == 0 or turn != turns[i - 1] or i - out[-1] >= MAX_GAP:
            out.append(i)
    return out


def checkpoint_state(state: GameState) -> dict[str, Any]:
    """``state.to_dict()`` without its events, which the log already holds."""
    data = state.to_dict()
    del data["events"]
    return data


def checkpoint_record(index: int, state: GameState, digest: str | None = None) -> dict[str, Any]:
    """The checkpoint entry of a save for the state after ``index`` actions."""
    return {"index": index, "turn": state.turn, "quarter": quarter_label(state.quarter),
            "state_hash": digest or state_hash(state), "state": checkpoint_state(state)}


#: Fields whose key order the engine sets (board in the scenario's order, seats in seat order...).
_ORDERED = ("values", "board", "hands", "vp", "streaks")


def restore(record_state: dict[str, Any], events: list[dict[str, Any]], like: GameState) -> GameState:
    """A state from a checkpoint's ``state`` and the events the log gives up to it (an independent copy).

    JSON sorted its keys; they are put back in the order of ``like`` (the opening state), so that
    a restored state lists the board and seats as a folded one does.
    """
    data = {**record_state, "events": events}
    for name in _ORDERED:
        order = {key: i for i, key in enumerate(getattr(like, name))}
        data[name] = dict(sorted(data[name].items(), key=lambda kv: order.get(kv[0], len(order))))
    return GameState.from_dict(data).clone()
