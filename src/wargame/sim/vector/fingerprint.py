"""A 64-bit fingerprint of a game's rules state, the same for a batch row and for a ``GameState``.

It covers everything the rules read or write (values, board, points, modifiers, hands, piles,
counters, streaks, fired injects, phase and how the game ended) and leaves out the text log.
``batch_of_states`` turns interactive games into a batch, so one function fingerprints both:
equal fingerprints mean the batch and the interactive engine reached the same state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wargame.engine import rng
from wargame.engine.cards import quarter_index
from wargame.engine.state import PHASE_HEADLINE, PHASE_OVER, GameState
from wargame.model.variables import STATE_VARIABLES
from wargame.sim.record import reason_code
from wargame.sim.vector.batch import EMPTY, REASONS, Batch
from wargame.sim.vector.tables import Tables


def _mix(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return rng.mix_array(z)


def _words(x: np.ndarray) -> np.ndarray:
    if x.dtype == np.float64:
        return np.ascontiguousarray(x).view(np.uint64)
    return x.astype(np.int64).view(np.uint64)


def fingerprints(b: Batch) -> np.ndarray:
    """One uint64 per row. Fields are summed position by position, so unused slots count for nothing."""
    n = b.n
    total = np.zeros(n, np.uint64)
    field = 0

    def add(x: np.ndarray, used: np.ndarray | None = None) -> None:
        nonlocal field, total
        field += 1
        x = x.reshape(n, -1)
        keys = _mix(np.uint64(field << 20) + np.arange(x.shape[1], dtype=np.uint64))
        with np.errstate(over="ignore"):
            part = _mix(_words(x) ^ keys[None, :])
            if used is not None:
                part = part * used.reshape(n, -1).astype(np.uint64)
            total = total + part.sum(axis=1, dtype=np.uint64)

    start = b.tables.start
    quarter = np.where(b.over, b.ended, b.quarter).astype(np.int64)
    add(np.stack([b.seeds.astype(np.int64), b.games.astype(np.int64), b.counter.astype(np.int64), quarter,
                  quarter - start + 1, b.over.astype(np.int64), b.reason.astype(np.int64),
                  np.where(b.over, 0, int(b.headline_phase)), np.full(n, b.action_index)], axis=1))
    add(b.values.T.copy())
    add(b.board.T.copy())
    add(b.vp.T.copy())
    slots = np.arange(b.mod_target.shape[1])[None, :] < b.mod_count[:, None]
    for part in (b.mod_target, b.mod_add, b.mod_mul, b.mod_turns):
        add(part, slots)
    for s in range(b.hands.shape[0]):
        held = np.arange(b.hands.shape[2])[None, :] < b.hand_len[s][:, None]
        add(b.hands[s], held)
    for pile, length in ((b.draw, b.draw_len), (b.discard, b.discard_len), (b.world, b.world_len),
                         (b.world_discard, b.world_discard_len)):
        add(pile, np.arange(pile.shape[1])[None, :] < length[:, None])
    add(np.concatenate([b.hand_len.T, b.shelved.T, b.streaks.T, b.fired.T, b.picks.T, b.pick_target.T], axis=1))
    return _mix(total)


def batch_of_states(tables: Tables, states: Sequence[GameState]) -> Batch:
    """Interactive-engine states (of the tables' ruleset) as the rows of a batch."""
    t = tables
    b = Batch.empty(t, len(states))
    card = t.card_index
    conditional = [c.id for c in t.rules.scenario.conditional]
    cap = max([len(h) for s in states for h in s.hands.values()] + [b.hands.shape[2]])
    b.hands = np.full((t.n_seats, len(states), cap), EMPTY, np.int16)
    slots = max([len(s.modifiers) for s in states] + [1])
    b.mod_target = np.full((len(states), slots), EMPTY, np.int64)
    b.mod_add, b.mod_mul = np.zeros((len(states), slots)), np.ones((len(states), slots))
    b.mod_turns = np.zeros((len(states), slots), np.int64)
    for i, s in enumerate(states):
        b.seeds[i], b.games[i], b.counter[i] = s.seed & (2**64 - 1), s.game_index, s.rng_counter
        b.values[:, i] = [s.values[k] for k in STATE_VARIABLES]
        b.board[:, i] = [s.board[k] for k in t.board_ids]
        b.vp[:, i] = [s.vp[k] for k in t.seats]
        for j, m in enumerate(s.modifiers):
            b.mod_target[i, j] = t.columns[m.target]
            b.mod_add[i, j], b.mod_mul[i, j], b.mod_turns[i, j] = m.add, m.mul, m.turns
        b.mod_count[i] = len(s.modifiers)
        for k, seat in enumerate(t.seats):
            hand = [card[c] for c in s.hands[seat]]
            b.hands[k, i, : len(hand)] = hand
            b.hand_len[k, i] = len(hand)
            b.shelved[k, i] = seat in s.shelved
            pick = s.headline_picks.get(seat)
            if pick and pick.get("card"):
                b.picks[k, i] = card[pick["card"]]
                b.pick_target[k, i] = t.board_index[pick["target"]] if pick.get("target") else EMPTY
        for pile, length, cards in ((b.draw, b.draw_len, s.draw_pile), (b.discard, b.discard_len, s.discard_pile),
                                    (b.world, b.world_len, s.world_pile),
                                    (b.world_discard, b.world_discard_len, s.world_discard)):
            pile[i, : len(cards)] = [card[c] for c in cards]
            length[i] = len(cards)
        b.streaks[:, i] = [s.streaks["china_parity"], s.streaks["us_lead"], s.streaks["firm_squeeze"]]
        b.fired[:, i] = [c in s.fired for c in conditional]
        b.over[i] = s.phase == PHASE_OVER
        if s.result is not None:
            b.reason[i] = REASONS.index(reason_code(str(s.result.get("reason", ""))))
            b.ended[i] = quarter_index(s.result["quarter"])
    # The lockstep fields of a batch are shared; a batch of states carries those of the first.
    first = states[0] if states else None
    if first is not None:
        b.quarter, b.action_index = first.quarter, first.action_index
        b.headline_phase = first.phase == PHASE_HEADLINE
    return b
