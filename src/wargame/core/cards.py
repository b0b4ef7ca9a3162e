"""Card programs: conditions, the effect interpreter and a card's event firing.

A ruleset's card effects, requirements and injects are little programs of ``layout.INSTRUCTION``
records (lowered from the effect vocabulary by ``engine.lowering``). ``run_effects`` has one
branch per effect op; ``holds`` evaluates a postfix condition.
"""

from __future__ import annotations

import math

import numpy as np

from wargame.core.codes import (
    C_ALL,
    C_COMPARE,
    CH_BOARD,
    CH_TEMPORARY,
    CH_VALUE,
    EV_CARD,
    EV_CHANCE,
    EV_CHANGE,
    EV_DISCARD,
    EV_FIZZLE,
    HEADLINE_PLAY,
    K_BOARD,
    K_CONST,
    K_DERIVED,
    K_DISPLAY,
    K_TURN,
    K_VAR,
    MAX_RECORDED_PLAY,
    OP_ADD,
    OP_CHANCE,
    OP_DISCARD,
    OP_DRAW,
    OP_IF,
    OP_JUMP,
    OP_MODIFY,
    OP_MUL,
    OP_SET,
    OP_SHIFT,
    OP_TRANSFER,
    OPPONENT_PLAY,
    SELF,
    SHIFT_ALL,
    SHIFT_CHOOSE,
    WORLD_PLAY,
)
from wargame.core.jit import jit, small
from wargame.core.layout import MAX_SEATS, NONE
from wargame.core.state import (
    add_modifier,
    chance_below,
    chance_uniform,
    clamp,
    draw_cards,
    effective_value,
    emit,
    outputs,
    record_play,
    remove_at,
    set_value,
    to_discard,
)


# --- Conditions ------------------------------------------------------------------------------------
@small
def compare(a, op, b):  # type: ignore[no-untyped-def]
    """``a <op> b`` for ``op`` an index into ``CMP_OPS``."""
    if op == 0:
        return a <= b
    if op == 1:
        return a >= b
    if op == 2:
        return a == b
    if op == 3:
        return a != b
    if op == 4:
        return a < b
    return a > b


@jit
def _read(st, R, wk, kind, idx, number, have):  # type: ignore[no-untyped-def]
    """What one side of a comparison reads; ``have`` says which outputs ``wk.der`` holds for this
    state (0 none, 1 plain, 2 with display) and comes back updated."""
    if kind == K_CONST:
        return number, have
    if kind == K_VAR:
        return effective_value(st, R, idx), have
    if kind == K_DERIVED or kind == K_DISPLAY:
        need = 2 if kind == K_DISPLAY else 1
        if have < need:
            outputs(st, R, wk, wk.eff, wk.der, need == 2)
            have = need
        return wk.der[idx], have
    if kind == K_BOARD:
        return (st.board[idx] if idx >= 0 else 0.0), have
    if kind == K_TURN:
        return np.float64(st.turn), have
    return (st.vp[idx] if idx >= 0 else 0.0), have  # K_VP


@jit
def holds_given(st, R, code, wk, start, end, have):  # type: ignore[no-untyped-def]
    """Whether the condition program ``code[start:end]`` holds now, given which outputs ``wk.der``
    already holds for this very state; returns the truth and what it holds now."""
    sp = 0
    for pc in range(start, end):
        ins = code[pc]
        if ins.op == C_COMPARE:
            a, have = _read(st, R, wk, ins.left_kind, ins.target, 0.0, have)
            b, have = _read(st, R, wk, ins.right_kind, ins.other, ins.value, have)
            r = compare(a, ins.count, b)
        else:
            every = ins.op == C_ALL
            r = every
            for k in range(sp - ins.count, sp):
                part = wk.stack[k] != 0
                r = (r and part) if every else (r or part)
            sp -= ins.count
        wk.stack[sp] = 1 if r else 0
        sp += 1
    return wk.stack[0] != 0, have


@jit
def holds(st, R, code, wk, start, end):  # type: ignore[no-untyped-def]
    """Whether the condition program ``code[start:end]`` holds now."""
    return holds_given(st, R, code, wk, start, end, 0)[0]


# --- Effects ---------------------------------------------------------------------------------------
@small
def _change(st, R, wk, ev, col, x):  # type: ignore[no-untyped-def]
    """Set a variable by an effect, logging the change."""
    before = st.values[col]
    set_value(st, R, col, x)
    emit(wk, ev, EV_CHANGE, NONE, NONE, NONE, NONE, CH_VALUE, col, before, st.values[col], 0.0)


@jit
def run_effects(st, R, code, wk, ev, start, end, actor, chosen, source):  # type: ignore[no-untyped-def]
    """The effect program ``code[start:end]`` for ``actor`` (NONE: a world card or an inject), with
    ``chosen`` the swing state its player picked; ``source`` names the card or inject."""
    pc = start
    while pc < end:
        ins = code[pc]
        op = ins.op
        if op == OP_ADD:
            _change(st, R, wk, ev, ins.target, st.values[ins.target] + ins.value)
        elif op == OP_MUL:
            _change(st, R, wk, ev, ins.target, st.values[ins.target] * ins.value)
        elif op == OP_SET:
            _change(st, R, wk, ev, ins.target, ins.value)
        elif op == OP_MODIFY:  # logged with the effective value before and after, and where it is (``pc``)
            before = effective_value(st, R, ins.target)
            add_modifier(st, ins.target, ins.value, ins.mul, ins.count, source)
            emit(wk, ev, EV_CHANGE, NONE, NONE, NONE, pc, CH_TEMPORARY, ins.target, before,
                 effective_value(st, R, ins.target), 0.0)
        elif op == OP_TRANSFER:
            src, dst = ins.target, ins.other
            have = st.values[src] - R.lo[src]
            room = R.hi[dst] - st.values[dst]
            amount = ins.value
            if have < amount:
                amount = have
            if room < amount:
                amount = room
            if not amount > 0.0:
                amount = 0.0
            _change(st, R, wk, ev, src, st.values[src] - amount)
            _change(st, R, wk, ev, dst, st.values[dst] + amount)
        elif op == OP_DRAW or op == OP_DISCARD:
            seat = actor if ins.seat == SELF else ins.seat
            if seat >= 0:
                if op == OP_DRAW:
                    draw_cards(st, wk, ev, seat, ins.count)
                else:
                    for _ in range(ins.count):
                        n = st.hand_len[seat]
                        if n == 0:
                            break
                        card = remove_at(st, seat, chance_below(st, n))
                        to_discard(st, card)
                        emit(wk, ev, EV_DISCARD, seat, card, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
        elif op == OP_SHIFT:
            side = (R.seat_side[actor] if actor >= 0 else 0) if ins.seat == SELF else ins.count
            if side != 0:  # a seat without a side of the board (the firm) shifts nothing
                signed = ins.value if side > 0 else -ins.value
                for s in range(R.n_board):
                    if ins.target == SHIFT_ALL or (ins.target == SHIFT_CHOOSE and s == chosen) or s == ins.other:
                        before = st.board[s]
                        st.board[s] = clamp(before + signed, -3.0, 3.0)
                        emit(wk, ev, EV_CHANGE, NONE, NONE, NONE, NONE, CH_BOARD, s, before, st.board[s], 0.0)
        elif op == OP_CHANCE:
            roll = chance_uniform(st)
            emit(wk, ev, EV_CHANCE, NONE, NONE, NONE, NONE, 0, source, ins.value, 0.0, roll)
            if not roll < ins.value:
                pc = ins.orelse
                continue
        elif op == OP_IF:
            if not holds(st, R, code, wk, ins.target, ins.other):
                pc = ins.orelse
                continue
        elif op == OP_JUMP:
            pc = ins.target
            continue
        pc += 1


@jit
def auto_target(st, R, owner):  # type: ignore[no-untyped-def]
    """The swing state an absent decider picks: the largest market that can still move toward ``owner``."""
    side = R.seat_side[owner] if owner >= 0 else 0
    best = NONE
    best_demand = -np.inf
    for s in range(R.n_board):
        a = st.board[s]
        movable = a < 3 if side > 0 else (a > -3 if side < 0 else True)
        if movable and (best == NONE or R.demand[s] > best_demand):
            best = s
            best_demand = R.demand[s]
    return best


@jit
def resolve_card(st, R, code, wk, ev, card, actor, target, kind, pay, by):  # type: ignore[no-untyped-def]
    """Fire ``card``'s event for ``actor`` (paying its cost when ``pay``): its requirement, cost,
    target and effects. ``kind`` is how it was played, ``by`` the seat that set it off for another."""
    who = by if by != NONE else actor
    req = R.requirement[card]
    if req[0] >= 0 and not holds(st, R, code, wk, req[0], req[1]):
        emit(wk, ev, EV_FIZZLE, who, card, actor, NONE, kind, 0, 0.0, 0.0, 0.0)
        return
    if pay:
        b, p = R.seat_budget[actor], R.seat_pc[actor]
        st.values[b] = st.values[b] - R.cost_budget[card]
        st.values[p] = st.values[p] - R.cost_pc[card]
    chosen = NONE
    if R.needs_target[card]:
        chosen = target if target != NONE else auto_target(st, R, actor)
    run_effects(st, R, code, wk, ev, R.effects[card, 0], R.effects[card, 1], actor, chosen, card)
    emit(wk, ev, EV_CARD, who, card, actor, chosen if R.needs_target[card] else target, kind, 0, 0.0, 0.0, 0.0)
    if kind <= MAX_RECORDED_PLAY:
        recorded = MAX_SEATS if kind == WORLD_PLAY else who
        if recorded != NONE:  # a headline that sets off another seat's event is recorded as such
            record_play(R, wk, card, recorded, OPPONENT_PLAY if kind == HEADLINE_PLAY and by != NONE else kind)


__all__ = ["math"]
