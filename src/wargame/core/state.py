"""Reading and writing one game's state record: values, modifiers, piles, chance, and the events a
step emits.

Every function takes the state record ``st``, the ruleset's record ``R`` and, where it needs them,
the work record ``wk`` and the event array ``ev``. Seats and cards are numbers; ``NONE`` is none.
"""

from __future__ import annotations

import numpy as np

from wargame.core import model, rng
from wargame.core.codes import EV_DRAW_CARD, EV_DRAWN, EV_RESHUFFLE, N_RECORDED
from wargame.core.jit import jit, small
from wargame.core.layout import EVENT_ROOM, MAX_HAND, MAX_MODIFIERS, MAX_SEATS, NONE


# --- Events ----------------------------------------------------------------------------------------
@small
def emit(wk, ev, kind, seat, card, owner, target, code, index, before, after, x):  # type: ignore[no-untyped-def]
    """Append an event for the facade's log (when this step keeps one)."""
    if wk.log_events == 0:
        return
    n = wk.n_events
    if n >= EVENT_ROOM:
        return
    e = ev[n]
    e.kind, e.seat, e.card, e.owner, e.target = kind, seat, card, owner, target
    e.code, e.index, e.before, e.after, e.x = code, index, before, after, x
    wk.n_events = n + 1


@small
def record_play(R, wk, card, who, kind):  # type: ignore[no-untyped-def]
    """Keep the first of each (card, who, kind) in a game for a batch's record (kinds: ``codes.RECORDED_PLAYS``)."""
    if wk.log_plays == 0:
        return
    play = (card * (MAX_SEATS + 1) + who) * N_RECORDED + kind
    if wk.seen[play] == 0:
        wk.seen[play] = 1
        wk.plays[wk.n_plays] = play
        wk.n_plays += 1


# --- Copies ---------------------------------------------------------------------------------------
@small
def _copy(dst, src, n):  # type: ignore[no-untyped-def]
    """``dst[:n] = src[:n]``, element by element: the slice form makes two array views and an
    overlap check per field, which cost more than copying the few elements a state holds."""
    for k in range(n):
        dst[k] = src[k]


@jit
def copy_state(dst, src):  # type: ignore[no-untyped-def]
    """``dst`` becomes ``src``: every field, but of the hands, piles and modifiers only what is in
    use (a look-ahead copies a state many times a decision, and the piles' room is large)."""
    _copy(dst.values, src.values, src.values.shape[0])
    _copy(dst.board, src.board, src.board.shape[0])
    _copy(dst.vp, src.vp, src.vp.shape[0])
    n = src.n_mods
    dst.n_mods = n
    _copy(dst.mod_target, src.mod_target, n)
    _copy(dst.mod_add, src.mod_add, n)
    _copy(dst.mod_mul, src.mod_mul, n)
    _copy(dst.mod_turns, src.mod_turns, n)
    _copy(dst.mod_source, src.mod_source, n)
    for s in range(src.hand_len.shape[0]):
        h = src.hand_len[s]
        dst.hand_len[s] = h
        for k in range(h):
            dst.hands[s, k] = src.hands[s, k]
    dst.n_draw, dst.n_discard, dst.n_world, dst.n_world_discard = src.n_draw, src.n_discard, src.n_world, src.n_world_discard
    _copy(dst.draw, src.draw, src.n_draw)
    _copy(dst.discard, src.discard, src.n_discard)
    _copy(dst.world, src.world, src.n_world)
    _copy(dst.world_discard, src.world_discard, src.n_world_discard)
    dst.n_held, dst.n_held_world = src.n_held, src.n_held_world
    _copy(dst.held, src.held, src.n_held)
    _copy(dst.held_world, src.held_world, src.n_held_world)
    dst.quarter, dst.turn, dst.headline, dst.action = src.quarter, src.turn, src.headline, src.action
    _copy(dst.picked, src.picked, src.picked.shape[0])
    _copy(dst.pick, src.pick, src.pick.shape[0])
    _copy(dst.pick_target, src.pick_target, src.pick_target.shape[0])
    _copy(dst.shelved, src.shelved, src.shelved.shape[0])
    _copy(dst.fired, src.fired, src.fired.shape[0])
    _copy(dst.streak, src.streak, src.streak.shape[0])
    dst.seed_word, dst.game, dst.counter = src.seed_word, src.game, src.counter
    dst.over, dst.reason, dst.sudden, dst.loser, dst.ended, dst.spill = (src.over, src.reason, src.sudden, src.loser,
                                                                        src.ended, src.spill)


#: The fields ``copy_state`` copies (``tests/test_core.py`` checks that it is every field of the layout).
COPIED = ("values", "board", "vp", "n_mods", "mod_target", "mod_add", "mod_mul", "mod_turns", "mod_source",
          "hand_len", "hands", "n_draw", "draw", "n_discard", "discard", "n_world", "world", "n_world_discard",
          "world_discard", "n_held", "held", "n_held_world", "held_world", "quarter", "turn", "headline", "picked",
          "pick", "pick_target", "action", "shelved", "fired", "streak", "seed_word", "game", "counter", "over",
          "reason", "sudden", "loser", "ended", "spill")


# --- Values ----------------------------------------------------------------------------------------
@small
def clamp(x: float, lo: float, hi: float) -> float:
    """``min(max(x, lo), hi)`` with Python's tie rules (``Variable.clamp``)."""
    if lo > x:
        x = lo
    if hi < x:
        x = hi
    return x


@small
def set_value(st, R, col, x):  # type: ignore[no-untyped-def]
    """A variable's new base value, held inside its bounds."""
    st.values[col] = clamp(x, R.lo[col], R.hi[col])


@small
def effective(st, R, out):  # type: ignore[no-untyped-def]
    """Base values with the modifiers applied in order, then each modified one held in its bounds."""
    for k in range(out.shape[0]):
        out[k] = st.values[k]
    for j in range(st.n_mods):
        col = st.mod_target[j]
        out[col] = out[col] * st.mod_mul[j] + st.mod_add[j]
    for j in range(st.n_mods):
        col = st.mod_target[j]
        out[col] = clamp(out[col], R.lo[col], R.hi[col])


@small
def effective_value(st, R, col):  # type: ignore[no-untyped-def]
    """One variable's effective value."""
    x = st.values[col]
    hit = False
    for j in range(st.n_mods):
        if st.mod_target[j] == col:
            x = x * st.mod_mul[j] + st.mod_add[j]
            hit = True
    return clamp(x, R.lo[col], R.hi[col]) if hit else x


@small
def board_of(st, R):  # type: ignore[no-untyped-def]
    return st.board[: R.n_board]


@small
def weights(R):  # type: ignore[no-untyped-def]
    return R.demand[: R.n_board]


@jit
def outputs(st, R, wk, eff, der, display):  # type: ignore[no-untyped-def]
    """Effective values into ``eff``, the model's outputs into ``der`` (``display``: the ones only
    people read too)."""
    effective(st, R, eff)
    model.derive(eff, board_of(st, R), weights(R), R.params, display, der, wk.memo)


@jit
def add_modifier(st, col, add, mul, turns, source):  # type: ignore[no-untyped-def]
    j = st.n_mods
    if j >= MAX_MODIFIERS:  # past the layout's room
        st.spill = 1
        return
    st.mod_target[j], st.mod_add[j], st.mod_mul[j], st.mod_turns[j], st.mod_source[j] = col, add, mul, turns, source
    st.n_mods = j + 1


@jit
def age_modifiers(st):  # type: ignore[no-untyped-def]
    """One quarter off every modifier; expired ones leave, the rest keep their order."""
    kept = 0
    for j in range(st.n_mods):
        turns = st.mod_turns[j] - 1
        if turns > 0:
            st.mod_target[kept], st.mod_add[kept], st.mod_mul[kept] = st.mod_target[j], st.mod_add[j], st.mod_mul[j]
            st.mod_source[kept] = st.mod_source[j]
            st.mod_turns[kept] = turns
            kept += 1
    st.n_mods = kept


# --- Chance ----------------------------------------------------------------------------------------
@small
def chance_below(st, n):  # type: ignore[no-untyped-def]
    """One chance draw in [0, n) from the game's own stream."""
    c = st.counter
    st.counter = c + 1
    return rng.below(st.seed_word, c, n, st.game)


@small
def chance_uniform(st):  # type: ignore[no-untyped-def]
    c = st.counter
    st.counter = c + 1
    return rng.uniform(st.seed_word, c, st.game)


@small
def shuffle_pile(st, pile, n):  # type: ignore[no-untyped-def]
    """The first ``n`` cards of ``pile`` shuffled on the game's own stream."""
    st.counter = rng.shuffle(pile, 0, n, st.seed_word, st.counter, st.game)


# --- Cards and piles -------------------------------------------------------------------------------
@jit
def draw_cards(st, wk, ev, seat, count):  # type: ignore[no-untyped-def]
    """``seat`` draws ``count`` cards; an empty draw deck takes the discard pile, shuffled."""
    for _ in range(count):
        if st.n_draw == 0:
            n = st.n_discard
            if n == 0:
                break
            for k in range(n):
                st.draw[k] = st.discard[k]
            st.n_draw, st.n_discard = n, 0
            shuffle_pile(st, st.draw, n)
            emit(wk, ev, EV_RESHUFFLE, NONE, NONE, NONE, NONE, 0, n, 0.0, 0.0, 0.0)
        st.n_draw -= 1
        card = st.draw[st.n_draw]
        h = st.hand_len[seat]
        if h >= MAX_HAND:  # past the layout's room
            st.spill = 1
            continue
        st.hands[seat, h] = card
        st.hand_len[seat] = h + 1
        emit(wk, ev, EV_DRAW_CARD, seat, card, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
    emit(wk, ev, EV_DRAWN, seat, NONE, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)


@jit
def draw_world(st):  # type: ignore[no-untyped-def]
    """The top card of the world pile (its spent cards reshuffled when it is empty), or NONE."""
    if st.n_world == 0 and st.n_world_discard > 0:
        n = st.n_world_discard
        for k in range(n):
            st.world[k] = st.world_discard[k]
        st.n_world, st.n_world_discard = n, 0
        shuffle_pile(st, st.world, n)
    if st.n_world == 0:
        return NONE
    st.n_world -= 1
    card = st.world[st.n_world]
    st.world_discard[st.n_world_discard] = card
    st.n_world_discard += 1
    return card


@small
def remove_at(st, seat, pos):  # type: ignore[no-untyped-def]
    """The card at hand position ``pos``, taken out of ``seat``'s hand."""
    n = st.hand_len[seat]
    card = st.hands[seat, pos]
    for k in range(pos, n - 1):
        st.hands[seat, k] = st.hands[seat, k + 1]
    st.hands[seat, n - 1] = NONE
    st.hand_len[seat] = n - 1
    return card


@small
def remove_card(st, seat, card):  # type: ignore[no-untyped-def]
    for k in range(st.hand_len[seat]):
        if st.hands[seat, k] == card:
            remove_at(st, seat, k)
            return


@small
def waits_for_era(R, card, quarter):  # type: ignore[no-untyped-def]
    """Whether ``card`` is held out of its deck at the start of a game opening in ``quarter``: its
    era's quarter is later, or it waits for a condition."""
    return R.enters_from[card] > quarter or R.enters_when[card, 0] >= 0


@small
def deal_pile(st, R, deck, n, pile, held):  # type: ignore[no-untyped-def]
    """The first ``n`` cards of ``deck`` into ``pile``, or ``held`` when their era has not come;
    returns how many went to each."""
    n_pile, n_held = 0, 0
    for k in range(n):
        card = deck[k]
        if waits_for_era(R, card, st.quarter):
            held[n_held] = card
            n_held += 1
        else:
            pile[n_pile] = card
            n_pile += 1
    return n_pile, n_held


@small
def to_discard(st, card):  # type: ignore[no-untyped-def]
    st.discard[st.n_discard] = card
    st.n_discard += 1


@small
def affordable(st, R, seat, card):  # type: ignore[no-untyped-def]
    return (st.values[R.seat_budget[seat]] >= R.cost_budget[card] - 1e-9
            and st.values[R.seat_pc[seat]] >= R.cost_pc[card] - 1e-9)


__all__ = ["NONE", "np"]
