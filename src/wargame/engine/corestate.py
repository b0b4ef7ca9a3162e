"""A ``GameState`` as the core's state record (``core.layout.STATE``), and a record back as a state.

The record holds what the rules read and write; the ``GameState`` adds what people read: names,
the raw seed, the text log, the history, the order in which seats shelved and injects fired.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wargame.core import layout, rng
from wargame.core.bots import HIDDEN as HIDDEN_CARD
from wargame.core.layout import NONE
from wargame.engine.cards import quarter_index
from wargame.engine.lowering import Lowered
from wargame.engine.outcome import END_REASONS
from wargame.engine.state import HIDDEN, PHASE_ACTION, PHASE_HEADLINE, PHASE_OVER, GameState, Modifier
from wargame.model.variables import STATE_VARIABLES

_MASK = 2**64 - 1


def seed_word(seed: int) -> np.uint64:
    """The word the core draws from for ``seed`` (any Python int, reduced modulo 2**64)."""
    return np.uint64(rng.seed_word(np.uint64(seed & _MASK)))


class Fields:
    """One record's fields by attribute, read and written through the array's field views (numpy's
    own record objects cost a Python call per field access; an interactive step makes hundreds)."""

    __slots__ = ("_a",)

    def __init__(self, recs: np.ndarray) -> None:
        object.__setattr__(self, "_a", recs.view(np.ndarray))

    def __getattr__(self, name: str) -> Any:
        return self._a[name][0]

    def __setattr__(self, name: str, value: Any) -> None:
        self._a[name] = value

    __getitem__ = __getattr__
    __setitem__ = __setattr__


def to_record(low: Lowered, state: GameState, out: np.recarray | None = None) -> np.recarray:
    """``state`` as an array of one state record (hidden cards of a view as ``core.bots.HIDDEN``)."""
    recs = layout.records(layout.STATE, 1) if out is None else out
    st = Fields(recs)
    cards = low.card_index

    def card(c: str) -> int:
        return HIDDEN_CARD if c == HIDDEN else cards[c]

    st.values[:] = [state.values[k] for k in STATE_VARIABLES]
    st.board[: len(low.board_ids)] = [state.board[b] for b in low.board_ids]
    st.vp[: len(low.seats)] = [state.vp[s] for s in low.seats]
    mods = state.modifiers
    if len(mods) > layout.MAX_MODIFIERS:
        raise ValueError(f"{len(mods)} temporary modifiers at once: the rules core holds at most {layout.MAX_MODIFIERS}")
    st.n_mods = len(mods)
    for j, m in enumerate(mods):
        st.mod_target[j], st.mod_add[j], st.mod_mul[j] = low.columns[m.target], m.add, m.mul
        st.mod_turns[j], st.mod_source[j] = m.turns, low.source_code(m.source)
    st.hands[:] = NONE
    for s, seat in enumerate(low.seats):
        hand = state.hands[seat]
        st.hand_len[s] = len(hand)
        st.hands[s, : len(hand)] = [card(c) for c in hand]
        st.shelved[s] = seat in state.shelved
        pick = state.headline_picks.get(seat)
        st.picked[s] = pick is not None
        st.pick[s] = card(pick["card"]) if pick and pick.get("card") else NONE
        target = pick.get("target") if pick else None
        st.pick_target[s] = low.board_index[target] if target else NONE
    for pile, length, cards_ in (("draw", "n_draw", state.draw_pile), ("discard", "n_discard", state.discard_pile),
                                 ("world", "n_world", state.world_pile),
                                 ("world_discard", "n_world_discard", state.world_discard),
                                 ("held", "n_held", state.held_pile), ("held_world", "n_held_world", state.held_world)):
        st[length] = len(cards_)
        st[pile][: len(cards_)] = [card(c) for c in cards_]
    st.quarter, st.turn, st.action = state.quarter, state.turn, state.action_index
    st.headline = state.phase == PHASE_HEADLINE
    st.over = state.phase == PHASE_OVER
    st.fired[: len(low.conditional_ids)] = [c in state.fired for c in low.conditional_ids]
    for k, name in low.streaks:
        st.streak[k] = state.streaks.get(name, 0)
    st.seed_word, st.game, st.counter = seed_word(state.seed), state.game_index, state.rng_counter
    st.sudden = st.loser = NONE
    st.reason, st.ended, st.spill = 0, 0, 0
    if state.result is not None:  # (the facade finishes games; the core only reads this in a fingerprint)
        st.reason = END_REASONS.index(state.result.get("end", ""))
        st.ended = quarter_index(state.result["quarter"])
    return recs


def from_record(low: Lowered, st: Any, base: GameState) -> GameState:
    """The state the record ``st`` holds, with ``base``'s names, seed, log and lists (the caller
    brings the log, the history, shelves and fired injects up to date)."""
    ids, boards = low.card_ids, low.board_ids
    seats = low.seats
    values = dict(zip(STATE_VARIABLES, st.values.tolist(), strict=True))
    hands = {seat: [ids[c] for c in st.hands[s, : st.hand_len[s]].tolist()] for s, seat in enumerate(seats)}
    picks: dict[str, dict[str, str | None]] = {}
    for s, seat in enumerate(seats):
        if st.picked[s]:
            target = int(st.pick_target[s])
            picks[seat] = {"card": ids[st.pick[s]] if st.pick[s] >= 0 else None,
                           "target": boards[target] if target >= 0 else None}
    mods = [Modifier(STATE_VARIABLES[t], a, m, n, low.source_name(src)) for t, a, m, n, src in zip(
        st.mod_target[: st.n_mods].tolist(), st.mod_add[: st.n_mods].tolist(), st.mod_mul[: st.n_mods].tolist(),
        st.mod_turns[: st.n_mods].tolist(), st.mod_source[: st.n_mods].tolist(), strict=True)]
    return GameState(
        scenario=base.scenario, seats=list(base.seats), quarter=int(st.quarter), turn=int(st.turn),
        phase=PHASE_OVER if st.over else PHASE_HEADLINE if st.headline else PHASE_ACTION,
        values=values, board=dict(zip(boards, st.board[: len(boards)].tolist(), strict=True)),
        modifiers=mods, hands=hands,
        draw_pile=[ids[c] for c in st.draw[: st.n_draw].tolist()],
        discard_pile=[ids[c] for c in st.discard[: st.n_discard].tolist()],
        world_pile=[ids[c] for c in st.world[: st.n_world].tolist()],
        world_discard=[ids[c] for c in st.world_discard[: st.n_world_discard].tolist()],
        held_pile=[ids[c] for c in st.held[: st.n_held].tolist()],
        held_world=[ids[c] for c in st.held_world[: st.n_held_world].tolist()],
        headline_picks=picks, action_index=int(st.action), shelved=list(base.shelved),
        vp=dict(zip(seats, st.vp[: len(seats)].tolist(), strict=True)),
        streaks={name: int(st.streak[k]) for k, name in low.streaks},
        fired=list(base.fired), history=list(base.history), events=list(base.events), result=base.result,
        seed=base.seed, game_index=base.game_index, rng_counter=int(st.counter), viewer=None,
    )
