"""The game kernel: whole games played one after another in compiled code (numba).

Each function here is the twin of a rule in ``engine.flow`` (or of a bot, or of
``engine.determinize``) for ONE game whose state is two flat rows: ``f`` (floats: values, board,
points, modifiers) and ``i`` (ints: counters, hands, piles, phase, how the game ended). Where each
part lives is in the program's int array ``pi`` (``pi[F_BOARD]`` is where the board starts in
``f``), beside the ruleset's tables (``pi`` and ``pf``) and the work areas (``w`` and ``wi``).
Cards run as the little programs of ``kernel.program``; the model runs in ``kernel.model``, bit
for bit the Python model. The random draws are ``engine.rng``'s, so every game ends exactly where
``play_game`` leaves it: ``tests/test_sim_kernel.py`` checks every field.

Seats and cards are numbers; ``-1`` means none (no actor, no target, no card). The functions are
typed by use, so they carry no annotations beyond ``# type: ignore`` for the type checker.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from wargame.bots.greedy import WORLD_LANE
from wargame.sim.kernel import model
from wargame.sim.kernel.program import (
    BUDGET_PER_OP,
    C_ALL,
    C_COMPARE,
    CAPACITY,
    CHINA,
    CHINA_SHARE,
    COL_FIRM_CAPACITY,
    COL_SANCTIONED_CHINA,
    COL_SANCTIONED_US,
    END,
    F_BOARD,
    F_MOD_ADD,
    F_MOD_MUL,
    F_SIZE,
    F_VALUES,
    F_VP,
    FIRM,
    FIRM_CAPEX_BASE,
    FIRM_MARGIN,
    FIRM_REVENUE0,
    FIRST_PLAY,
    HAND_SIZE,
    HEADLINE_ON,
    I_ACTION,
    I_COUNTER,
    I_DISCARD,
    I_DISCARD_LEN,
    I_DRAW,
    I_DRAW_LEN,
    I_ENDED,
    I_FIRED,
    I_GAME,
    I_HAND_LEN,
    I_HANDS,
    I_HEADLINE,
    I_LOSER,
    I_MOD_COUNT,
    I_MOD_TARGET,
    I_MOD_TURNS,
    I_OVER,
    I_PICK_TARGET,
    I_PICKS,
    I_QUARTER,
    I_REASON,
    I_SEED,
    I_SHELVED,
    I_SIZE,
    I_SPILL,
    I_STREAKS,
    I_SUDDEN,
    I_TURN,
    I_WORLD,
    I_WORLD_DISCARD,
    I_WORLD_DISCARD_LEN,
    I_WORLD_LEN,
    INCOME_CHINA,
    INCOME_FIRM,
    INCOME_US,
    K_BOARD,
    K_CONST,
    K_DERIVED,
    K_DISPLAY,
    K_TURN,
    K_VAR,
    KEY_ROOM,
    N_BOARD,
    N_CARDS,
    N_CONDITIONAL,
    N_DRAW,
    N_INJECTS,
    N_SEATS,
    N_WORLD,
    NO_SEAT,
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
    PARITY_QUARTERS,
    PC_INCOME,
    PLAY_CODES,
    PR_BOARD,
    PR_EFF,
    PR_KEEP,
    PR_NEW,
    PR_OUT,
    PR_OUT_NEW,
    ROUNDS,
    SELF,
    SHIFT_ALL,
    SHIFT_CHOOSE,
    SHIFT_ONE,
    SLOTS,
    SQUEEZE_QUARTERS,
    START,
    T_CARD_LISTS,
    T_CODE,
    T_CONDITIONAL,
    T_CONDITIONAL_CARDS,
    T_CONDITIONAL_EFFECTS,
    T_COST_BUDGET,
    T_COST_PC,
    T_DEMAND,
    T_DRAW_DECK,
    T_EFFECTS,
    T_EVOLVING,
    T_FACTION,
    T_HI,
    T_INITIAL,
    T_INITIAL_BOARD,
    T_INJECT_CARDS,
    T_INJECT_EFFECTS,
    T_INJECT_QUARTER,
    T_LO,
    T_NEEDS_TARGET,
    T_NUMBERS,
    T_OPS,
    T_PARAMS,
    T_PARAMS_END,
    T_REQUIREMENT,
    T_SEAT_BUDGET,
    T_SEAT_CAPEX,
    T_SEAT_KIND,
    T_SEAT_OF_KIND,
    T_SEAT_PC,
    T_WEIGHTS,
    T_WORLD_DECK,
    US,
    US_LEAD_MONTHS,
    US_LEAD_QUARTERS,
    US_LEAD_STATES,
    W_BOARD_Q,
    W_DER_C,
    W_DER_Q,
    W_DET_F,
    W_EFF_C,
    W_EFF_Q,
    W_KEEP_Q,
    W_MEMO,
    W_NEW_Q,
    W_OWN_BOARD_Q,
    W_OWN_Q,
    W_POST_F,
    W_PROJ_BASE,
    W_PROJ_POST,
    W_PROJ_TRIAL,
    W_SUB_Q,
    W_TRIAL_F,
    W_VP_Q,
    WIDTH,
    WORLD_DRAWS,
    X_AIMED,
    X_BOT_WORDS,
    X_DET_I,
    X_EVENT,
    X_INFLUENCE,
    X_INFLUENCE_TO,
    X_KEYS,
    X_LOG,
    X_LOG_LEN,
    X_LOG_ON,
    X_ORDER,
    X_ORDER_KEY,
    X_PLAIN,
    X_POOL,
    X_POST_I,
    X_SEEN,
    X_SHELVE,
    X_STACK,
    X_TRIAL_I,
    X_UNSEEN,
)
from wargame.sim.vector.tables import ANY, EVENT_PLAY, HEADLINE_PLAY, OPPONENT_PLAY, WORLD_PLAY

jit = njit(cache=True)
#: For the small helpers: inlined where they are called, in numba's own IR. numba passes each array
#: as seven machine words, which costs more than many of these helpers do, and the greedy look-ahead
#: calls them thousands of times a game (about 15% of its time, measured).
small = njit(cache=True, inline="always")

NONE = -1
INJECT_PLAY = -1  # a card an inject fires: not logged
PASS, EVENT, INFLUENCE, INVEST, LOBBY, SHELVE, HEADLINE = range(7)
CHINA_PARITY, CHINA_SHARE_END, US_LEAD, FIRM_SANCTIONED, FIRM_SQUEEZED, END_REASON = range(1, 7)
PASS_BOT, RANDOM_BOT, GREEDY_BOT = range(3)

N_VALUES, N_DERIVED, MEMO_SIZE = model.N_VALUES, model.N_DERIVED, model.MEMO_SIZE
V_US_CAPEX = model.V_US_CAPEX
V_CHINA_CAPEX = model.V_CHINA_CAPEX
V_FIRM_PROFIT = model.V_FIRM_PROFIT
D_WORLD_LAG = model.D_WORLD_LAG
D_FIRM_REVENUE = model.D_FIRM_REVENUE
D_CHINA_WORLD_SHARE = model.D_CHINA_WORLD_SHARE

# --- engine.rng ------------------------------------------------------------------------------------
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S27, _S30, _S31, _S32, _S11 = np.uint64(27), np.uint64(30), np.uint64(31), np.uint64(32), np.uint64(11)
_LOW32 = np.uint64(0xFFFFFFFF)
_CARRY = np.uint64(1 << 34)
_TO_UNIT = 1.0 / (1 << 53)


@small
def _mix(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@jit
def seed_word(seed: np.uint64) -> np.uint64:
    """``rng.draw64_seed_word``: ``seed + golden`` is not reduced there, so its carry reaches bit 34."""
    lo = seed + _GOLDEN
    z = lo ^ (lo >> _S30)
    if lo < seed:
        z = z ^ _CARRY
    z = z * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@small
def _draw64(word: np.uint64, counter: np.int64, game: np.int64) -> np.uint64:
    z = _mix(word + np.uint64(game) * _GOLDEN)
    return _mix(z + np.uint64(counter) * _GOLDEN + _GOLDEN)


@small
def below(word: np.uint64, counter: np.int64, n: np.int64, game: np.int64) -> np.int64:
    """``rng.below`` under the seed whose ``seed_word`` is ``word``."""
    z = _draw64(word, counter, game)
    m = np.uint64(n)
    high = (z >> _S32) * m + (((z & _LOW32) * m) >> _S32)
    return np.int64(high >> _S32)


# --- Small rules -----------------------------------------------------------------------------------
@intrinsic
def _borrow(typingctx, arr):  # type: ignore[no-untyped-def]
    """``arr`` without its owner. numba counts references to an owned array on every call it is
    passed to (two atomic operations each); the kernel's arrays outlive every call it makes, so
    it passes them borrowed and those counts become no-ops."""
    if not isinstance(arr, types.Array):
        return None

    def codegen(context, builder, sig, args):  # type: ignore[no-untyped-def]
        src = context.make_array(arr)(context, builder, args[0])
        out = context.make_array(arr)(context, builder)
        for name in ("data", "shape", "strides", "itemsize", "nitems"):
            setattr(out, name, getattr(src, name))
        out.meminfo = context.get_constant_null(types.MemInfoPointer(arr.dtype))
        out.parent = cgutils.get_null_value(out.parent.type)
        return out._getvalue()

    return arr(arr), codegen


@small
def _copy(dst, src):  # type: ignore[no-untyped-def]
    """``dst[:] = src`` as a plain loop (numba's slice assignment costs four times as much here)."""
    for k in range(src.shape[0]):
        dst[k] = src[k]


@small
def _fill(dst, value):  # type: ignore[no-untyped-def]
    for k in range(dst.shape[0]):
        dst[k] = value


@small
def _clamp(x: float, lo: float, hi: float) -> float:
    """``min(max(x, lo), hi)`` with Python's tie rules (``Variable.clamp``)."""
    if lo > x:
        x = lo
    if hi < x:
        x = hi
    return x


@small
def _draw(i, pi, n):  # type: ignore[no-untyped-def]
    """One chance draw in [0, n) from the game's own stream."""
    at = pi[I_COUNTER]
    c = i[at]
    i[at] = c + 1
    return below(np.uint64(i[pi[I_SEED]]), c, n, i[pi[I_GAME]])


@small
def _uniform(i, pi):  # type: ignore[no-untyped-def]
    at = pi[I_COUNTER]
    c = i[at]
    i[at] = c + 1
    z = _draw64(np.uint64(i[pi[I_SEED]]), c, i[pi[I_GAME]])
    return np.float64(z >> _S11) * _TO_UNIT


@small
def _set(f, pi, pf, col, x):  # type: ignore[no-untyped-def]
    """A variable's new base value, clamped to its bounds."""
    f[pi[F_VALUES] + col] = _clamp(x, pf[pi[T_LO] + col], pf[pi[T_HI] + col])


@small
def _value(f, pi, col):  # type: ignore[no-untyped-def]
    return f[pi[F_VALUES] + col]


@small
def _fisher_yates(a, at, n, word, counter, game):  # type: ignore[no-untyped-def]
    """Fisher-Yates on ``a[at : at + n]`` from the top down, swapping position ``k`` with draw
    ``below(word, counter, k + 1, game)``, as ``flow._shuffle`` and ``determinize`` shuffle;
    returns the counter after the last draw."""
    for k in range(n - 1, 0, -1):
        j = below(word, counter, k + 1, game)
        counter += 1
        x = a[at + k]
        a[at + k] = a[at + j]
        a[at + j] = x
    return counter


@jit
def _shuffle(i, pi, at, n):  # type: ignore[no-untyped-def]
    """``flow._shuffle``: ``i[at : at + n]`` shuffled on the game's own stream."""
    c = pi[I_COUNTER]
    i[c] = _fisher_yates(i, at, n, np.uint64(i[pi[I_SEED]]), i[c], i[pi[I_GAME]])


@small
def _push(a, at, length, x):  # type: ignore[no-untyped-def]
    """Append ``x`` to the pile ``a[at:]`` whose length is kept in ``a[length]``."""
    n = a[length]
    a[at + n] = x
    a[length] = n + 1


@small
def effective(f, i, pi, pf, out):  # type: ignore[no-untyped-def]
    """``flow.effective``: base values with the modifiers applied in order, then clamped."""
    fv = pi[F_VALUES]
    for k in range(out.shape[0]):
        out[k] = f[fv + k]
    count = i[pi[I_MOD_COUNT]]
    target, add, mul = pi[I_MOD_TARGET], pi[F_MOD_ADD], pi[F_MOD_MUL]
    for j in range(count):
        col = i[target + j]
        out[col] = out[col] * f[mul + j] + f[add + j]
    for j in range(count):
        col = i[target + j]
        out[col] = _clamp(out[col], pf[pi[T_LO] + col], pf[pi[T_HI] + col])


@small
def _effective_column(f, i, pi, pf, col):  # type: ignore[no-untyped-def]
    x = f[pi[F_VALUES] + col]
    hit = False
    target = pi[I_MOD_TARGET]
    for j in range(i[pi[I_MOD_COUNT]]):
        if i[target + j] == col:
            x = x * f[pi[F_MOD_MUL] + j] + f[pi[F_MOD_ADD] + j]
            hit = True
    return _clamp(x, pf[pi[T_LO] + col], pf[pi[T_HI] + col]) if hit else x


@small
def _board(f, pi):  # type: ignore[no-untyped-def]
    return f[pi[F_BOARD] : pi[F_BOARD] + pi[N_BOARD]]


@small
def _weights(pi, pf):  # type: ignore[no-untyped-def]
    return pf[pi[T_WEIGHTS] : pi[T_WEIGHTS] + pi[N_BOARD]]


@small
def _params(pi, pf):  # type: ignore[no-untyped-def]
    return pf[pi[T_PARAMS] : pi[T_PARAMS_END]]


@small
def _area(w, pi, slot, n):  # type: ignore[no-untyped-def]
    """The work area in ``w`` whose offset is in ``pi[slot]``."""
    return w[pi[slot] : pi[slot] + n]


@small
def _memo(w, pi):  # type: ignore[no-untyped-def]
    """The model's remembered logs and powers (``model.MEMO_SIZE`` floats)."""
    return w[pi[W_MEMO] : pi[W_MEMO] + MEMO_SIZE]


@jit
def _outputs(f, i, pi, pf, w, eff, der, display):  # type: ignore[no-untyped-def]
    """``flow.all_values``: effective values into ``eff``, the model's outputs into ``der``."""
    effective(f, i, pi, pf, eff)
    model.derive(eff, _board(f, pi), _weights(pi, pf), _params(pi, pf), display, der, _memo(w, pi))


# --- Conditions ------------------------------------------------------------------------------------
@jit
def _read(f, i, pi, pf, w, kind, idx, have):  # type: ignore[no-untyped-def]
    """What a condition reads; ``have`` says which outputs the work area holds (0, 1 plain, 2 display)."""
    if kind == K_CONST:
        return pf[pi[T_NUMBERS] + idx], have
    if kind == K_VAR:
        return _effective_column(f, i, pi, pf, idx), have
    if kind == K_DERIVED or kind == K_DISPLAY:
        need = 2 if kind == K_DISPLAY else 1
        der = _area(w, pi, W_DER_C, N_DERIVED)
        if have < need:
            _outputs(f, i, pi, pf, w, _area(w, pi, W_EFF_C, N_VALUES), der, need == 2)
            have = need
        return der[idx], have
    if kind == K_BOARD:
        return (f[pi[F_BOARD] + idx] if idx >= 0 else 0.0), have
    if kind == K_TURN:
        return np.float64(i[pi[I_TURN]]), have
    return (f[pi[F_VP] + idx] if idx >= 0 else 0.0), have  # K_VP


@jit
def holds(f, i, pi, pf, w, wi, start, end):  # type: ignore[no-untyped-def]
    """Whether the condition program from instruction ``start`` to ``end`` holds now."""
    return _holds(f, i, pi, pf, w, wi, start, end, 0)[0]


@jit
def _holds(f, i, pi, pf, w, wi, start, end, have):  # type: ignore[no-untyped-def]
    """``holds``, given which model outputs the work area already holds for this very state
    (``have``: 0 none, 1 plain, 2 with display); returns the truth and what it holds now."""
    code = pi[T_CODE]
    stack = pi[X_STACK]
    sp = 0
    for pc in range(start, end):
        at = code + pc * WIDTH
        op = pi[at]
        if op == C_COMPARE:
            a, have = _read(f, i, pi, pf, w, pi[at + 2], pi[at + 3], have)
            b, have = _read(f, i, pi, pf, w, pi[at + 4], pi[at + 5], have)
            c = pi[at + 1]
            if c == 0:
                r = a <= b
            elif c == 1:
                r = a >= b
            elif c == 2:
                r = a == b
            elif c == 3:
                r = a != b
            elif c == 4:
                r = a < b
            else:
                r = a > b
        else:
            n = pi[at + 1]
            every = op == C_ALL
            r = every
            for k in range(sp - n, sp):
                part = wi[stack + k] != 0
                r = (r and part) if every else (r or part)
            sp -= n
        wi[stack + sp] = 1 if r else 0
        sp += 1
    return wi[stack] != 0, have


# --- Cards and piles -------------------------------------------------------------------------------
@jit
def _pop(i, pi, at, length, spent_at, spent_length):  # type: ignore[no-untyped-def]
    """The top card of a pile (refilled from its spent pile, shuffled, when empty), or NONE."""
    if i[length] == 0 and i[spent_length] > 0:
        n = i[spent_length]
        for k in range(n):
            i[at + k] = i[spent_at + k]
        i[length] = n
        i[spent_length] = 0
        _shuffle(i, pi, at, n)
    if i[length] == 0:
        return NONE
    i[length] -= 1
    return i[at + i[length]]


@jit
def draw_cards(i, pi, seat, count):  # type: ignore[no-untyped-def]
    """``flow._draw_cards``."""
    for _ in range(count):
        card = _pop(i, pi, pi[I_DRAW], pi[I_DRAW_LEN], pi[I_DISCARD], pi[I_DISCARD_LEN])
        if card != NONE:
            _push(i, pi[I_HANDS] + seat * pi[CAPACITY], pi[I_HAND_LEN] + seat, card)


@small
def _remove_at(i, pi, seat, pos):  # type: ignore[no-untyped-def]
    at = pi[I_HANDS] + seat * pi[CAPACITY]
    n = i[pi[I_HAND_LEN] + seat]
    card = i[at + pos]
    for k in range(pos, n - 1):
        i[at + k] = i[at + k + 1]
    i[at + n - 1] = NONE
    i[pi[I_HAND_LEN] + seat] = n - 1
    return card


@small
def _remove_card(i, pi, seat, card):  # type: ignore[no-untyped-def]
    at = pi[I_HANDS] + seat * pi[CAPACITY]
    for k in range(i[pi[I_HAND_LEN] + seat]):
        if i[at + k] == card:
            _remove_at(i, pi, seat, k)
            return


@small
def _to_discard(i, pi, card):  # type: ignore[no-untyped-def]
    _push(i, pi[I_DISCARD], pi[I_DISCARD_LEN], card)


@jit
def _add_modifier(f, i, pi, col, add, mul, turns):  # type: ignore[no-untyped-def]
    j = i[pi[I_MOD_COUNT]]
    if j >= pi[SLOTS]:  # past the kernel's room: the engine plays this game again
        i[pi[I_SPILL]] = 1
        return
    i[pi[I_MOD_TARGET] + j] = col
    f[pi[F_MOD_ADD] + j] = add
    f[pi[F_MOD_MUL] + j] = mul
    i[pi[I_MOD_TURNS] + j] = turns
    i[pi[I_MOD_COUNT]] = j + 1


@jit
def _log_play(pi, wi, card, who, kind):  # type: ignore[no-untyped-def]
    """Keep the first firing of each (card, who, kind), unless this is a look-ahead's copy."""
    if wi[pi[X_LOG_ON]] == 0:
        return
    code = (card * (pi[N_SEATS] + 1) + who) * 4 + kind
    if wi[pi[X_SEEN] + code] == 0:
        wi[pi[X_SEEN] + code] = 1
        _push(wi, pi[X_LOG], pi[X_LOG_LEN], code)


# --- Effects ---------------------------------------------------------------------------------------
@jit
def run_effects(f, i, pi, pf, w, wi, start, end, actor, chosen):  # type: ignore[no-untyped-def]
    """The effect program from instruction ``start`` to ``end`` for ``actor`` (NONE: a world card or an inject)."""
    numbers = pi[T_NUMBERS]
    pc = start
    while pc < end:
        at = pi[T_CODE] + pc * WIDTH
        op = pi[at]
        a = pi[at + 1]
        if op == OP_ADD:
            _set(f, pi, pf, a, _value(f, pi, a) + pf[numbers + pi[at + 2]])
        elif op == OP_MUL:
            _set(f, pi, pf, a, _value(f, pi, a) * pf[numbers + pi[at + 2]])
        elif op == OP_SET:
            _set(f, pi, pf, a, pf[numbers + pi[at + 2]])
        elif op == OP_MODIFY:
            _add_modifier(f, i, pi, a, pf[numbers + pi[at + 2]], pf[numbers + pi[at + 3]], pi[at + 4])
        elif op == OP_TRANSFER:
            dst = pi[at + 2]
            have = _value(f, pi, a) - pf[pi[T_LO] + a]
            room = pf[pi[T_HI] + dst] - _value(f, pi, dst)
            amount = pf[numbers + pi[at + 3]]
            if have < amount:
                amount = have
            if room < amount:
                amount = room
            if not amount > 0.0:
                amount = 0.0
            _set(f, pi, pf, a, _value(f, pi, a) - amount)
            _set(f, pi, pf, dst, _value(f, pi, dst) + amount)
        elif op == OP_DRAW or op == OP_DISCARD:
            seat = actor if a == SELF else a
            if seat >= 0:
                if op == OP_DRAW:
                    draw_cards(i, pi, seat, pi[at + 2])
                else:
                    for _ in range(pi[at + 2]):
                        n = i[pi[I_HAND_LEN] + seat]
                        if n == 0:
                            break
                        _to_discard(i, pi, _remove_at(i, pi, seat, _draw(i, pi, n)))
        elif op == OP_SHIFT:
            toward = pi[at + 3]
            side = (pi[pi[T_SEAT_KIND] + actor] if actor >= 0 else NO_SEAT) if toward == SELF else toward
            if side == US or side == CHINA:
                steps = pf[numbers + pi[at + 4]]
                signed = steps if side == US else -steps
                for s in range(pi[N_BOARD]):
                    if a == SHIFT_ALL or (a == SHIFT_CHOOSE and s == chosen) or (a == SHIFT_ONE and s == pi[at + 2]):
                        b = pi[F_BOARD] + s
                        f[b] = _clamp(f[b] + signed, -3.0, 3.0)
        elif op == OP_CHANCE:
            if not _uniform(i, pi) < pf[numbers + a]:
                pc = pi[at + 4]
                continue
        elif op == OP_IF:
            if not holds(f, i, pi, pf, w, wi, a, pi[at + 2]):
                pc = pi[at + 4]
                continue
        elif op == OP_JUMP:
            pc = a
            continue
        pc += 1


@jit
def _auto_target(f, pi, pf, owner):  # type: ignore[no-untyped-def]
    """``flow.auto_target``: the largest market that can still move toward ``owner``."""
    kind = pi[pi[T_SEAT_KIND] + owner] if owner >= 0 else NO_SEAT
    best = NONE
    best_demand = -np.inf
    for s in range(pi[N_BOARD]):
        a = f[pi[F_BOARD] + s]
        movable = a < 3 if kind == US else (a > -3 if kind == CHINA else True)
        demand = pf[pi[T_DEMAND] + s]
        if movable and (best == NONE or demand > best_demand):
            best = s
            best_demand = demand
    return best


@jit
def resolve_card(f, i, pi, pf, w, wi, card, actor, target, kind, pay, by):  # type: ignore[no-untyped-def]
    """``flow.resolve_card``: the requirement, the cost, the target, the effects, the record."""
    req = pi[T_REQUIREMENT] + 2 * card
    if pi[req] >= 0 and not holds(f, i, pi, pf, w, wi, pi[req], pi[req + 1]):
        return
    if pay:
        bcol, pcol = pi[pi[T_SEAT_BUDGET] + actor], pi[pi[T_SEAT_PC] + actor]
        f[pi[F_VALUES] + bcol] = _value(f, pi, bcol) - pf[pi[T_COST_BUDGET] + card]
        f[pi[F_VALUES] + pcol] = _value(f, pi, pcol) - pf[pi[T_COST_PC] + card]
    chosen = NONE
    if pi[pi[T_NEEDS_TARGET] + card]:
        chosen = target if target != NONE else _auto_target(f, pi, pf, actor)
    eff = pi[T_EFFECTS] + 2 * card
    run_effects(f, i, pi, pf, w, wi, pi[eff], pi[eff + 1], actor, chosen)
    who = pi[N_SEATS] if kind == WORLD_PLAY else (by if by != NONE else actor)
    if kind >= 0 and who != NONE:
        _log_play(pi, wi, card, who, kind)


# --- Opening a quarter -----------------------------------------------------------------------------
@jit
def _fire(f, i, pi, pf, w, wi, cards, effects):  # type: ignore[no-untyped-def]
    """An inject: its cards (no one's, not recorded), then its own effects."""
    for k in range(pi[cards], pi[cards + 1]):
        resolve_card(f, i, pi, pf, w, wi, pi[pi[T_CARD_LISTS] + k], NONE, NONE, INJECT_PLAY, False, NONE)
    run_effects(f, i, pi, pf, w, wi, pi[effects], pi[effects + 1], NONE, NONE)


@jit
def begin_quarter(f, i, pi, pf, w, wi):  # type: ignore[no-untyped-def]
    """``flow._begin_quarter``: injects, world cards, income, refilled hands, a fresh round."""
    q = i[pi[I_QUARTER]]
    for k in range(pi[N_INJECTS]):
        if pi[pi[T_INJECT_QUARTER] + k] == q:
            _fire(f, i, pi, pf, w, wi, pi[T_INJECT_CARDS] + 2 * k, pi[T_INJECT_EFFECTS] + 2 * k)
    have = 0  # the conditions read one state until an inject fires: its outputs are worked out once
    for k in range(pi[N_CONDITIONAL]):
        cond = pi[T_CONDITIONAL] + 2 * k
        fired = pi[I_FIRED] + k
        if i[fired] == 0:
            hit, have = _holds(f, i, pi, pf, w, wi, pi[cond], pi[cond + 1], have)
            if hit:
                i[fired] = 1
                _fire(f, i, pi, pf, w, wi, pi[T_CONDITIONAL_CARDS] + 2 * k, pi[T_CONDITIONAL_EFFECTS] + 2 * k)
                have = 0
    for _ in range(pi[WORLD_DRAWS]):
        card = _pop(i, pi, pi[I_WORLD], pi[I_WORLD_LEN], pi[I_WORLD_DISCARD], pi[I_WORLD_DISCARD_LEN])
        if card == NONE:
            continue
        _push(i, pi[I_WORLD_DISCARD], pi[I_WORLD_DISCARD_LEN], card)
        resolve_card(f, i, pi, pf, w, wi, card, NONE, NONE, WORLD_PLAY, False, NONE)
    _income(f, i, pi, pf, w)
    for s in range(pi[N_SEATS]):
        need = pi[HAND_SIZE] - i[pi[I_HAND_LEN] + s]
        if need > 0:
            draw_cards(i, pi, s, need)
    for s in range(pi[N_SEATS]):
        i[pi[I_SHELVED] + s] = 0
        i[pi[I_PICKS] + s] = NONE
        i[pi[I_PICK_TARGET] + s] = NONE
    i[pi[I_ACTION]] = 0
    i[pi[I_HEADLINE]] = pi[HEADLINE_ON]


@jit
def _income(f, i, pi, pf, w):  # type: ignore[no-untyped-def]
    """``flow._income`` with ``flow.seat_income``."""
    eff, der = _area(w, pi, W_EFF_C, N_VALUES), _area(w, pi, W_DER_C, N_DERIVED)
    _outputs(f, i, pi, pf, w, eff, der, False)
    for s in range(pi[N_SEATS]):
        kind = pi[pi[T_SEAT_KIND] + s]
        if kind == US:
            gain = pf[INCOME_US] * eff[V_US_CAPEX]
        elif kind == CHINA:
            gain = pf[INCOME_CHINA] * eff[V_CHINA_CAPEX]
        else:
            gain = pf[INCOME_FIRM] * pf[FIRM_MARGIN] * der[D_FIRM_REVENUE]
        bcol, pcol = pi[pi[T_SEAT_BUDGET] + s], pi[pi[T_SEAT_PC] + s]
        _set(f, pi, pf, bcol, _value(f, pi, bcol) + gain)
        _set(f, pi, pf, pcol, _value(f, pi, pcol) + pf[PC_INCOME])


# --- A seat's action -------------------------------------------------------------------------------
@jit
def apply_action(f, i, pi, pf, w, wi, seat, kind, card, target):  # type: ignore[no-untyped-def]
    """``flow.apply_seat_action``."""
    if i[pi[I_HEADLINE]]:
        i[pi[I_PICKS] + seat] = card
        i[pi[I_PICK_TARGET] + seat] = target
        if card != NONE:
            _remove_card(i, pi, seat, card)
        return
    if kind == PASS:
        return
    _remove_card(i, pi, seat, card)
    if kind == SHELVE:
        _to_discard(i, pi, card)
        i[pi[I_SHELVED] + seat] = 1
        return
    if kind == EVENT:
        resolve_card(f, i, pi, pf, w, wi, card, seat, target, EVENT_PLAY, True, NONE)
        _to_discard(i, pi, card)
        return
    if _fires(pi, seat, card):
        _opponent_event(f, i, pi, pf, w, wi, seat, card)
    _use_ops(f, i, pi, pf, seat, kind, card, target)


@small
def _fires(pi, seat, card):  # type: ignore[no-untyped-def]
    """Whether ``card`` played by ``seat`` for its ops fires an opponent's event."""
    faction = pi[pi[T_FACTION] + card]
    return faction >= 0 and faction != seat


@jit
def _opponent_event(f, i, pi, pf, w, wi, seat, card):  # type: ignore[no-untyped-def]
    """The event of ``card``'s faction, which ``seat`` set off by playing it for its ops."""
    resolve_card(f, i, pi, pf, w, wi, card, pi[pi[T_FACTION] + card], NONE, OPPONENT_PLAY, False, seat)


@jit
def _use_ops(f, i, pi, pf, seat, kind, card, target):  # type: ignore[no-untyped-def]
    """``flow._use_ops``, then the card to the discard pile (after any event it fired)."""
    ops = pi[pi[T_OPS] + card]
    sk = pi[pi[T_SEAT_KIND] + seat]
    if kind == INFLUENCE:
        at = pi[F_BOARD] + target
        f[at] = _influenced(f[at], ops, sk)
    elif kind == INVEST:
        amount = ops * pf[BUDGET_PER_OP]
        if sk == FIRM:
            col = pi[COL_FIRM_CAPACITY]
            _set(f, pi, pf, col, _value(f, pi, col) + amount / pf[FIRM_CAPEX_BASE])
        else:
            _add_modifier(f, i, pi, pi[pi[T_SEAT_CAPEX] + seat], amount, 1.0, 1)
    else:  # LOBBY
        col = pi[pi[T_SEAT_PC] + seat]
        _set(f, pi, pf, col, _value(f, pi, col) + ops)
    _to_discard(i, pi, card)


@small
def _influenced(before, ops, sk):  # type: ignore[no-untyped-def]
    """A state's alignment after ``ops`` of influence by a seat of kind ``sk`` (``flow._use_ops``)."""
    steps = np.float64(ops // 2)
    if sk == US:
        return 3.0 if 3.0 < before + steps else before + steps
    if sk == CHINA:
        x = before - steps
        return -3.0 if -3.0 > x else x
    if before > 0:
        down = before - steps
        return 0.0 if 0.0 > down else down
    up = before + steps
    return 0.0 if 0.0 < up else up


@jit
def resolve_headlines(f, i, pi, pf, w, wi):  # type: ignore[no-untyped-def]
    """``flow._resolve_headlines``: picks by ops (most first), then seat order."""
    n = pi[N_SEATS]
    order, order_key = pi[X_ORDER], pi[X_ORDER_KEY]
    m = 0
    for s in range(n):
        card = i[pi[I_PICKS] + s]
        if card != NONE:
            key = (4 - pi[pi[T_OPS] + card]) * n + s
            k = m
            while k > 0 and wi[order_key + k - 1] > key:
                wi[order + k] = wi[order + k - 1]
                wi[order_key + k] = wi[order_key + k - 1]
                k -= 1
            wi[order + k] = s
            wi[order_key + k] = key
            m += 1
    for r in range(m):
        s = wi[order + r]
        card = i[pi[I_PICKS] + s]
        faction = pi[pi[T_FACTION] + card]
        if faction == s or faction == ANY:
            if (_value(f, pi, pi[pi[T_SEAT_BUDGET] + s]) >= pf[pi[T_COST_BUDGET] + card] - 1e-9
                    and _value(f, pi, pi[pi[T_SEAT_PC] + s]) >= pf[pi[T_COST_PC] + card] - 1e-9):
                resolve_card(f, i, pi, pf, w, wi, card, s, i[pi[I_PICK_TARGET] + s], HEADLINE_PLAY, True, NONE)
        elif faction >= 0:
            resolve_card(f, i, pi, pf, w, wi, card, faction, NONE, HEADLINE_PLAY, False, s)
        _to_discard(i, pi, card)
    for s in range(n):
        i[pi[I_PICKS] + s] = NONE
        i[pi[I_PICK_TARGET] + s] = NONE
    i[pi[I_HEADLINE]] = 0


# --- Closing a quarter -----------------------------------------------------------------------------
@jit
def end_quarter(f, i, pi, pf, w, wi):  # type: ignore[no-untyped-def]
    """``flow._end_quarter``: the economy, modifiers, points and the end checks."""
    n_board = pi[N_BOARD]
    eff, new = _area(w, pi, W_EFF_Q, N_VALUES), _area(w, pi, W_NEW_Q, N_VALUES)
    board_new, der = _area(w, pi, W_BOARD_Q, n_board), _area(w, pi, W_DER_Q, N_DERIVED)
    weights, params = _weights(pi, pf), _params(pi, pf)
    effective(f, i, pi, pf, eff)
    board = _board(f, pi)
    qt = max(i[pi[I_QUARTER]] - pi[FIRST_PLAY], 0)
    memo = _memo(w, pi)
    keep = _area(w, pi, W_KEEP_Q, model.N_KEEP)
    model.advance(eff, board, weights, params, qt, new, board_new, der, memo, keep)
    profit_q = new[V_FIRM_PROFIT] - eff[V_FIRM_PROFIT]
    # A modified variable follows its own path: the model's run with its base value (an EVOLVING
    # one), or its base value (the rest, which a quarter passes through).
    target = pi[I_MOD_TARGET]
    for j in range(i[pi[I_MOD_COUNT]]):
        col = i[target + j]
        seen = False
        for k in range(j):
            if i[target + k] == col:
                seen = True
        if seen:
            continue
        if pi[pi[T_EVOLVING] + col]:
            sub, own = _area(w, pi, W_SUB_Q, N_VALUES), _area(w, pi, W_OWN_Q, N_VALUES)
            _copy(sub, eff)
            sub[col] = _value(f, pi, col)
            new[col] = model.advance_one(sub, board, weights, params, qt, col, own, _area(w, pi, W_OWN_BOARD_Q, n_board),
                                         der, memo, keep)
        else:
            new[col] = _value(f, pi, col)
    for k in range(N_VALUES):
        f[pi[F_VALUES] + k] = _clamp(new[k], pf[pi[T_LO] + k], pf[pi[T_HI] + k])
    _copy(board, board_new)
    _age_modifiers(f, i, pi)
    _outputs(f, i, pi, pf, w, eff, der, False)
    vpq = _area(w, pi, W_VP_Q, 3)
    model.quarter_vp(eff, der, board, params, profit_q, vpq)
    for s in range(pi[N_SEATS]):
        f[pi[F_VP] + s] = f[pi[F_VP] + s] + vpq[pi[pi[T_SEAT_KIND] + s]]
    _check_end(f, i, pi, pf, der)


@jit
def _age_modifiers(f, i, pi):  # type: ignore[no-untyped-def]
    """One quarter off every modifier; expired ones leave, the rest keep their order."""
    target, turns_at, add, mul = pi[I_MOD_TARGET], pi[I_MOD_TURNS], pi[F_MOD_ADD], pi[F_MOD_MUL]
    kept = 0
    for j in range(i[pi[I_MOD_COUNT]]):
        turns = i[turns_at + j] - 1
        if turns > 0:
            i[target + kept] = i[target + j]
            f[add + kept] = f[add + j]
            f[mul + kept] = f[mul + j]
            i[turns_at + kept] = turns
            kept += 1
    i[pi[I_MOD_COUNT]] = kept


@jit
def _finish(i, pi, reason, winner, loser):  # type: ignore[no-untyped-def]
    i[pi[I_OVER]] = 1
    i[pi[I_REASON]] = reason
    i[pi[I_SUDDEN]] = winner
    i[pi[I_LOSER]] = loser
    i[pi[I_ENDED]] = i[pi[I_QUARTER]]


@jit
def _check_end(f, i, pi, pf, der):  # type: ignore[no-untyped-def]
    """``flow._check_end``: streaks, then the first end condition that holds."""
    lag = der[D_WORLD_LAG]
    n_us = 0.0
    for s in range(pi[N_BOARD]):
        n_us += 1.0 if f[pi[F_BOARD] + s] >= 1.0 else 0.0
    st = pi[I_STREAKS]
    i[st] = i[st] + 1 if lag <= 0 else 0
    i[st + 1] = i[st + 1] + 1 if (lag >= pf[US_LEAD_MONTHS] and n_us >= pf[US_LEAD_STATES]) else 0
    i[st + 2] = i[st + 2] + 1 if der[D_FIRM_REVENUE] < 0.5 * pf[FIRM_REVENUE0] else 0
    kinds = pi[T_SEAT_OF_KIND]
    us, china, firm = pi[kinds + US], pi[kinds + CHINA], pi[kinds + FIRM]
    if i[st] >= pi[PARITY_QUARTERS]:
        _finish(i, pi, CHINA_PARITY, china, NONE)
    elif der[D_CHINA_WORLD_SHARE] >= pf[CHINA_SHARE]:
        _finish(i, pi, CHINA_SHARE_END, china, NONE)
    elif i[st + 1] >= pi[US_LEAD_QUARTERS]:
        _finish(i, pi, US_LEAD, us, NONE)
    elif firm >= 0 and (_value(f, pi, pi[COL_SANCTIONED_US]) >= 0.5 and _value(f, pi, pi[COL_SANCTIONED_CHINA]) >= 0.5):
        _finish(i, pi, FIRM_SANCTIONED, NONE, firm)
    elif firm >= 0 and i[st + 2] >= pi[SQUEEZE_QUARTERS]:
        _finish(i, pi, FIRM_SQUEEZED, NONE, firm)
    elif i[pi[I_QUARTER]] >= pi[END]:
        _finish(i, pi, END_REASON, NONE, NONE)


# --- What a seat may do ----------------------------------------------------------------------------
@jit
def options(f, i, pi, pf, w, wi, seat):  # type: ignore[no-untyped-def]
    """``flow.legal_actions`` of ``seat``, counted per hand position into the work areas; returns how many."""
    at = pi[I_HANDS] + seat * pi[CAPACITY]
    n = i[pi[I_HAND_LEN] + seat]
    headline = i[pi[I_HEADLINE]] != 0
    sk = pi[pi[T_SEAT_KIND] + seat]
    reach = 0
    for s in range(pi[N_BOARD]):
        a = f[pi[F_BOARD] + s]
        ok = a < 3 if sk == US else (a > -3 if sk == CHINA else a != 0)
        wi[pi[X_INFLUENCE_TO] + s] = 1 if ok else 0
        reach += 1 if ok else 0
    budget = _value(f, pi, pi[pi[T_SEAT_BUDGET] + seat])
    pc = _value(f, pi, pi[pi[T_SEAT_PC] + seat])
    shelved = i[pi[I_SHELVED] + seat] != 0
    ev, inf, plain, shelve, aimed = pi[X_EVENT], pi[X_INFLUENCE], pi[X_PLAIN], pi[X_SHELVE], pi[X_AIMED]
    total = 1
    have = 0
    for k in range(n):
        card = i[at + k]
        faction = pi[pi[T_FACTION] + card]
        own = faction == seat or faction == ANY
        can = own and budget >= pf[pi[T_COST_BUDGET] + card] - 1e-9 and pc >= pf[pi[T_COST_PC] + card] - 1e-9
        req = pi[T_REQUIREMENT] + 2 * card
        if can and pi[req] >= 0:  # the state is the same for every card: its outputs are worked out once
            can, have = _holds(f, i, pi, pf, w, wi, pi[req], pi[req + 1], have)
        is_aimed = own and pi[pi[T_NEEDS_TARGET] + card] != 0
        spots = pi[N_BOARD] if is_aimed else 1
        wi[aimed + k] = 1 if is_aimed else 0
        ops = pi[pi[T_OPS] + card]
        if headline:
            wi[ev + k] = (spots if can else 0) if own else 1
            wi[inf + k] = 0
            wi[plain + k] = 0
            wi[shelve + k] = 0
        else:
            wi[ev + k] = spots if can else 0
            wi[inf + k] = reach if ops >= 2 else 0
            wi[plain + k] = 2 if ops > 0 else 0
            wi[shelve + k] = 0 if shelved else 1
        total += wi[ev + k] + wi[inf + k] + wi[plain + k] + wi[shelve + k]
    return total


@small
def decode(i, pi, wi, seat, total, k):  # type: ignore[no-untyped-def]
    """Action number ``k`` of the list ``options`` counted, as (kind, card, target)."""
    headline = i[pi[I_HEADLINE]] != 0
    if headline:
        if k >= total - 1:
            return HEADLINE, NONE, NONE  # the last action declines
        off = k
    else:
        if k == 0:
            return PASS, NONE, NONE
        off = k - 1
    pos = 0
    while off >= _count(pi, wi, pos):
        off -= _count(pi, wi, pos)
        pos += 1
    return _option(i, pi, wi, seat, headline, pos, off)


@small
def _count(pi, wi, pos):  # type: ignore[no-untyped-def]
    """How many actions ``options`` counted for the card at hand position ``pos``."""
    return wi[pi[X_EVENT] + pos] + wi[pi[X_INFLUENCE] + pos] + wi[pi[X_PLAIN] + pos] + wi[pi[X_SHELVE] + pos]


@small
def _option(i, pi, wi, seat, headline, pos, off):  # type: ignore[no-untyped-def]
    """Action number ``off`` of the card at hand position ``pos``, as (kind, card, target)."""
    ev, inf, plain = pi[X_EVENT], pi[X_INFLUENCE], pi[X_PLAIN]
    card = i[pi[I_HANDS] + seat * pi[CAPACITY] + pos]
    aimed = wi[pi[X_AIMED] + pos] != 0
    if headline:
        return HEADLINE, card, (off if aimed else NONE)
    if off < wi[ev + pos]:
        return EVENT, card, (off if aimed else NONE)
    off -= wi[ev + pos]
    if off < wi[inf + pos]:
        for s in range(pi[N_BOARD]):
            if wi[pi[X_INFLUENCE_TO] + s]:
                if off == 0:
                    return INFLUENCE, card, s
                off -= 1
    off -= wi[inf + pos]
    if off < wi[plain + pos]:
        return (INVEST if off == 0 else LOBBY), card, NONE
    return SHELVE, card, NONE


# --- The greedy bot's look-ahead -------------------------------------------------------------------
@small
def _mark(unseen, a, at, n, value):  # type: ignore[no-untyped-def]
    """``unseen[c] = value`` for each card ``c`` in ``a[at : at + n]``."""
    for k in range(n):
        unseen[a[at + k]] = value


@small
def _collect(unseen, pool):  # type: ignore[no-untyped-def]
    """The cards marked in ``unseen``, in card order, into ``pool``; returns how many."""
    size = 0
    for c in range(unseen.shape[0]):
        if unseen[c]:
            pool[size] = c
            size += 1
    return size


@jit
def determinize(f, i, pi, wi, seat, word, df, di):  # type: ignore[no-untyped-def]
    """``engine.determinize`` into ``df``/``di``: unseen cards dealt under the seed whose word is ``word``
    (its shuffles draw on game 0, one counter from the first to the last)."""
    _copy(df, f)
    _copy(di, i)
    n_cards = pi[N_CARDS]
    unseen = wi[pi[X_UNSEEN] : pi[X_UNSEEN] + n_cards]
    pool = wi[pi[X_POOL] : pi[X_POOL] + n_cards]
    _fill(unseen, 0)
    _mark(unseen, pi, pi[T_DRAW_DECK], pi[N_DRAW], 1)
    _mark(unseen, i, pi[I_DISCARD], i[pi[I_DISCARD_LEN]], 0)
    _mark(unseen, i, pi[I_HANDS] + seat * pi[CAPACITY], i[pi[I_HAND_LEN] + seat], 0)
    if i[pi[I_PICKS] + seat] != NONE:
        unseen[i[pi[I_PICKS] + seat]] = 0
    size = _collect(unseen, pool)
    # The pool is shuffled, then dealt from its end (``pool.pop()``).
    counter = _fisher_yates(pool, 0, size, word, 0, 0)
    top = size - 1
    for s in range(pi[N_SEATS]):
        if s != seat:
            at = pi[I_HANDS] + s * pi[CAPACITY]
            n = i[pi[I_HAND_LEN] + s]
            for k in range(n):
                di[at + k] = pool[top - k]
            top -= n
    for s in range(pi[N_SEATS]):
        if s != seat and i[pi[I_PICKS] + s] != NONE:
            di[pi[I_PICKS] + s] = pool[top]
            di[pi[I_PICK_TARGET] + s] = NONE
            top -= 1
    for k in range(top + 1):
        di[pi[I_DRAW] + k] = pool[k]
    di[pi[I_DRAW_LEN]] = top + 1
    _fill(unseen, 0)
    _mark(unseen, pi, pi[T_WORLD_DECK], pi[N_WORLD], 1)
    _mark(unseen, i, pi[I_WORLD_DISCARD], i[pi[I_WORLD_DISCARD_LEN]], 0)
    size = _collect(unseen, pool)
    _copy(di[pi[I_WORLD] : pi[I_WORLD] + size], pool[:size])
    _fisher_yates(di, pi[I_WORLD], size, word, counter, 0)
    di[pi[I_WORLD_LEN]] = size
    di[pi[I_SEED]] = np.int64(word)


@jit
def next_quarter(f, i, pi, pf, w, wi):  # type: ignore[no-untyped-def]
    """``flow.advance`` past a quarter's last action: its end and, unless that ends the game, the next
    quarter's start. Returns whether the game is over."""
    end_quarter(f, i, pi, pf, w, wi)
    if i[pi[I_OVER]]:
        return True
    i[pi[I_QUARTER]] += 1
    i[pi[I_TURN]] += 1
    begin_quarter(f, i, pi, pf, w, wi)
    return False


@jit
def settle(f, i, pi, pf, w, wi, seat):  # type: ignore[no-untyped-def]
    """``flow.advance(within_quarter=True)`` after ``seat`` acted, as far as the state goes: the
    headlines resolve once the last seat holding a card has picked. (Seats without cards pass, which
    changes nothing but the step, and a quarter's end is never played.)"""
    if i[pi[I_HEADLINE]] and not _picks_pending(i, pi, seat):
        resolve_headlines(f, i, pi, pf, w, wi)


@small
def _picks_pending(i, pi, seat):  # type: ignore[no-untyped-def]
    """Whether a seat after ``seat`` still holds a card, so has a headline pick to make."""
    for s in range(seat + 1, pi[N_SEATS]):
        if i[pi[I_HAND_LEN] + s] > 0:
            return True
    return False


@jit
def projected(f, i, pi, pf, w, seat):  # type: ignore[no-untyped-def]
    """``greedy.projected_score``: points now plus one more model quarter. (Its case of a finished
    game never arises here: only a quarter's end finishes one, and the look-ahead plays none.)"""
    return prepared(f, i, pi, pf, w, W_PROJ_TRIAL, seat)


@small
def prepare(f, i, pi, pf, w, slot):  # type: ignore[no-untyped-def]
    """The board-free part of projecting the state ``f``/``i`` (not over), into projection area ``slot``."""
    at = pi[slot]
    eff = w[at + PR_EFF : at + PR_EFF + N_VALUES]
    effective(f, i, pi, pf, eff)
    qt = max(i[pi[I_QUARTER]] - pi[FIRST_PLAY], 0)
    model.project_free(eff, _params(pi, pf), qt, w[at + PR_NEW : at + PR_NEW + N_VALUES],
                       w[at + PR_OUT : at + PR_OUT + N_DERIVED], w[at + PR_OUT_NEW : at + PR_OUT_NEW + N_DERIVED],
                       _memo(w, pi), w[at + PR_KEEP : at + PR_KEEP + model.N_KEEP])


@small
def prepared(f, i, pi, pf, w, slot, seat):  # type: ignore[no-untyped-def]
    """``prepare`` the state ``f``/``i`` into ``slot`` and return its own ``projected`` score."""
    prepare(f, i, pi, pf, w, slot)
    return project(f, pi, pf, w, slot, _board(f, pi), seat)


@small
def project(f, pi, pf, w, slot, board, seat):  # type: ignore[no-untyped-def]
    """``projected`` of the state ``prepare`` took into ``slot``, but with ``board`` for its alignments."""
    at = pi[slot]
    points = model.project_seat(board, _weights(pi, pf), _params(pi, pf), w[at + PR_NEW : at + PR_NEW + N_VALUES],
                                w[at + PR_BOARD : at + PR_BOARD + pi[N_BOARD]],
                                w[at + PR_OUT_NEW : at + PR_OUT_NEW + N_DERIVED],
                                w[at + PR_KEEP : at + PR_KEEP + model.N_KEEP], pi[pi[T_SEAT_KIND] + seat])
    return f[pi[F_VP] + seat] + points


@small
def _ops_key(pi, kind, card, target):  # type: ignore[no-untyped-def]
    """``greedy._outcome_key`` of a plain ops use (one that fires no event) as one number: uses of
    equal effect on the same target share it. Every other action's key is its own."""
    ops = pi[pi[T_OPS] + card]
    return (kind * 100 + (ops // 2 if kind == INFLUENCE else ops)) * 100 + (target + 1)


@small
def _projects_alike(tf, ti, df, di, pi):  # type: ignore[no-untyped-def]
    """Whether ``projected`` reads the same in both states: every float bit for bit (``tf``/``df``
    are their float rows seen as int64), the quarter, the modifiers, and neither game over."""
    if ti[pi[I_OVER]] or di[pi[I_OVER]] or ti[pi[I_QUARTER]] != di[pi[I_QUARTER]]:
        return False
    count = ti[pi[I_MOD_COUNT]]
    if count != di[pi[I_MOD_COUNT]]:
        return False
    differ = 0
    for j in range(count):
        differ |= (ti[pi[I_MOD_TARGET] + j] ^ di[pi[I_MOD_TARGET] + j]) | (ti[pi[I_MOD_TURNS] + j] ^ di[pi[I_MOD_TURNS] + j])
    for k in range(tf.shape[0]):
        differ |= tf[k] ^ df[k]
    return differ == 0


@small
def _projects_unread(pi, col):  # type: ignore[no-untyped-def]
    """Whether the projection ignores value column ``col`` (``model.UNREAD``: budgets and PC)."""
    for c in model.UNREAD:
        if c == col:
            return True
    return False


@jit
def greedy_choice(f, i, pi, pf, w, wi, seat, total, word):  # type: ignore[no-untyped-def]
    """The index of ``bots.greedy.GreedyBot``'s action among ``total`` legal ones.

    Each distinct move is played on a copy of the determinized state and projected, as the bot
    does, with three savings that leave every score as it was:

    - A headline pick while a later seat has still to pick changes nothing the projection reads
      (the picks resolve after the last), so every pick scores alike and the first is the bot's.
    - A card played for its ops that fires an opponent's event fires it the same way whatever the
      ops are used for, so the event is resolved once per card (the "post-event" state) and each
      use starts from there.
    - Outside the headline phase (the look-ahead never plays the quarter's end), a pass, a shelved
      card or a lobby (PC, which the model never reads) changes nothing the projection reads, and
      influence only one state's alignment: they project as the state they start from, or as that
      state with the alignment moved, without being played.
    """
    if i[pi[I_HEADLINE]] and _picks_pending(i, pi, seat):
        # A later seat still picks, so no pick changes anything the projection reads: every move
        # scores as the state does, and the first one is kept.
        return 0
    size = pi[F_SIZE]
    df, tf, ef = _area(w, pi, W_DET_F, size), _area(w, pi, W_TRIAL_F, size), _area(w, pi, W_POST_F, size)
    di, ti, ei = _area(wi, pi, X_DET_I, pi[I_SIZE]), _area(wi, pi, X_TRIAL_I, pi[I_SIZE]), _area(wi, pi, X_POST_I, pi[I_SIZE])
    determinize(f, i, pi, wi, seat, word, df, di)
    log_on = wi[pi[X_LOG_ON]]
    wi[pi[X_LOG_ON]] = 0
    best = -np.inf
    choice = 0
    # The determinized state and the post-event state, once ``prepare``d, and their own scores.
    base, have_base = 0.0, False
    post_card, post_base, have_post_base = NONE, 0.0, False
    bits = w.view(np.int64)
    keys = pi[X_KEYS]
    n_keys = 0
    sk = pi[pi[T_SEAT_KIND] + seat]
    headline = di[pi[I_HEADLINE]] != 0
    lobby_unread = _projects_unread(pi, pi[pi[T_SEAT_PC] + seat])
    pos, off = 0, -1  # where action ``k`` is in ``options``' count: hand position, and action of its card
    for k in range(total):
        if k == (total - 1 if headline else 0):
            kind, card, target = decode(i, pi, wi, seat, total, k)  # the decline, the pass
        else:
            off += 1
            while off >= _count(pi, wi, pos):
                off -= _count(pi, wi, pos)
                pos += 1
            kind, card, target = _option(i, pi, wi, seat, headline, pos, off)
        ops_use = kind == INFLUENCE or kind == INVEST or kind == LOBBY
        fires = ops_use and _fires(pi, seat, card)
        if ops_use and not fires:  # only these may share an outcome key with an earlier action
            key = _ops_key(pi, kind, card, target)
            seen = False
            for m in range(n_keys):
                if wi[keys + m] == key:
                    seen = True
                    break
            if seen:
                continue
            if n_keys == pi[KEY_ROOM]:  # past the kernel's room: the engine plays this game again
                i[pi[I_SPILL]] = 1
                break
            wi[keys + n_keys] = key
            n_keys += 1
        if fires and post_card != card:
            _copy(ef, df)
            _copy(ei, di)
            _remove_card(ei, pi, seat, card)
            _opponent_event(ef, ei, pi, pf, w, wi, seat, card)
            if ei[pi[I_SPILL]]:
                i[pi[I_SPILL]] = 1
            post_card, have_post_base = card, False
        if not headline and (kind == PASS or kind == SHELVE or (kind == LOBBY and lobby_unread) or kind == INFLUENCE):
            if fires:
                if not have_post_base:
                    post_base, have_post_base = prepared(ef, ei, pi, pf, w, W_PROJ_POST, seat), True
                sf, slot, score = ef, W_PROJ_POST, post_base
            else:
                if not have_base:
                    base, have_base = prepared(df, di, pi, pf, w, W_PROJ_BASE, seat), True
                sf, slot, score = df, W_PROJ_BASE, base
            if kind == INFLUENCE:  # the same quarter but for one alignment: only the board's part again
                at = pi[F_BOARD] + target
                before = sf[at]
                sf[at] = _influenced(before, pi[pi[T_OPS] + card], sk)
                score = project(sf, pi, pf, w, slot, _board(sf, pi), seat)
                sf[at] = before
        else:
            if fires:
                _copy(tf, ef)
                _copy(ti, ei)
                _use_ops(tf, ti, pi, pf, seat, kind, card, target)
            else:
                _copy(tf, df)
                _copy(ti, di)
                apply_action(tf, ti, pi, pf, w, wi, seat, kind, card, target)
            settle(tf, ti, pi, pf, w, wi, seat)
            # Any other move that leaves everything the projection reads as it was (an event that
            # only draws or discards, say) projects as the untouched state does: once is enough.
            if _projects_alike(bits[pi[W_TRIAL_F] : pi[W_TRIAL_F] + size], ti, bits[pi[W_DET_F] : pi[W_DET_F] + size], di, pi):
                if not have_base:
                    base, have_base = prepared(df, di, pi, pf, w, W_PROJ_BASE, seat), True
                score = base
            else:
                score = projected(tf, ti, pi, pf, w, seat)
            if ti[pi[I_SPILL]]:  # a look-ahead past the kernel's room may choose otherwise than the engine
                i[pi[I_SPILL]] = 1
        if score > best + 1e-9:
            best = score
            choice = k
    wi[pi[X_LOG_ON]] = log_on
    return choice


_WORLD_LANE = np.uint64(WORLD_LANE)  # ``greedy.world_seed``


@jit
def choose(f, i, pi, pf, w, wi, seat, bot, bot_seed, calls):  # type: ignore[no-untyped-def]
    """The action ``bot`` (PASS_BOT, RANDOM_BOT, GREEDY_BOT) takes for ``seat``; advances ``calls[seat]``."""
    if bot == PASS_BOT:
        return (HEADLINE if i[pi[I_HEADLINE]] else PASS), NONE, NONE
    total = options(f, i, pi, pf, w, wi, seat)
    if bot == RANDOM_BOT:
        k = below(np.uint64(wi[pi[X_BOT_WORDS] + seat]), calls[seat], total, 0)
        calls[seat] += 1
        return decode(i, pi, wi, seat, total, k)
    if total == 1:
        return decode(i, pi, wi, seat, total, 0)
    word = seed_word(bot_seed * _WORLD_LANE + np.uint64(calls[seat]))
    calls[seat] += 1
    return decode(i, pi, wi, seat, total, greedy_choice(f, i, pi, pf, w, wi, seat, total, word))


# --- Whole games -----------------------------------------------------------------------------------
@jit
def new_game(f, i, pi, pf, w, wi, word, game):  # type: ignore[no-untyped-def]
    """``flow.new_game``: the opening state, shuffled piles, the first quarter begun."""
    _fill(f, 0.0)
    _fill(i, 0)
    for k in range(N_VALUES):
        f[pi[F_VALUES] + k] = pf[pi[T_INITIAL] + k]
    for s in range(pi[N_BOARD]):
        f[pi[F_BOARD] + s] = pf[pi[T_INITIAL_BOARD] + s]
    i[pi[I_SEED]] = np.int64(word)
    i[pi[I_GAME]] = game
    i[pi[I_QUARTER]] = pi[START]
    i[pi[I_TURN]] = 1
    i[pi[I_SUDDEN]] = NONE
    i[pi[I_LOSER]] = NONE
    for deck, n, at, length in ((T_DRAW_DECK, N_DRAW, I_DRAW, I_DRAW_LEN), (T_WORLD_DECK, N_WORLD, I_WORLD, I_WORLD_LEN)):
        _copy(i[pi[at] : pi[at] + pi[n]], pi[pi[deck] : pi[deck] + pi[n]])
        i[pi[length]] = pi[n]
        _shuffle(i, pi, pi[at], pi[n])
    begin_quarter(f, i, pi, pf, w, wi)


@jit
def play_game(f, i, pi, pf, w, wi, bots, bot_seeds, calls):  # type: ignore[no-untyped-def]
    """``sim.spec.play_game`` for a game ``new_game`` opened: every seat by its bot, to the end."""
    n = pi[N_SEATS]
    hands = pi[I_HAND_LEN]
    while True:
        if i[pi[I_HEADLINE]]:
            for s in range(n):
                if i[hands + s] > 0:
                    kind, card, target = choose(f, i, pi, pf, w, wi, s, bots[s], bot_seeds[s], calls)
                    apply_action(f, i, pi, pf, w, wi, s, kind, card, target)
            resolve_headlines(f, i, pi, pf, w, wi)
        for k in range(pi[ROUNDS] * n):
            s = k % n
            if i[hands + s] > 0:
                kind, card, target = choose(f, i, pi, pf, w, wi, s, bots[s], bot_seeds[s], calls)
                apply_action(f, i, pi, pf, w, wi, s, kind, card, target)
            i[pi[I_ACTION]] += 1
        if next_quarter(f, i, pi, pf, w, wi):
            return


@njit(cache=True, nogil=True)  # without the GIL: a TUI that plays a chunk in a thread stays responsive
def play_games(pi, pf, w, wi, bots, bot_seeds, word, first, done, out_f, out_i, log, log_end):  # type: ignore[no-untyped-def]
    """Games ``first + done ..`` (one per row of ``out_f`` from row ``done``) under the seed whose word is ``word``.

    ``bot_seeds[s, g]``: seat ``s``'s bot seed in game ``g``. Each game's final state goes to its
    rows of ``out_f``/``out_i``; the codes of its card plays that took effect (first firing of
    each, in order) go to ``log``, ending at ``log_end[g]``. Returns how many games are done: fewer
    than all when ``log`` is full (the caller grows it and goes on from there).
    """
    n_seats = pi[N_SEATS]
    owned_calls = np.zeros(n_seats, np.int64)
    calls = _borrow(owned_calls)
    pi, pf, w, wi, bots = _borrow(pi), _borrow(pf), _borrow(w), _borrow(wi), _borrow(bots)
    bot_seeds = _borrow(bot_seeds)
    seen = wi[pi[X_SEEN] : pi[X_SEEN] + pi[PLAY_CODES]]
    for g in range(done, out_f.shape[0]):
        f, i = _borrow(out_f[g]), _borrow(out_i[g])
        _fill(seen, 0)
        wi[pi[X_LOG_LEN]] = 0
        wi[pi[X_LOG_ON]] = 1
        for s in range(n_seats):
            calls[s] = 0
            wi[pi[X_BOT_WORDS] + s] = np.int64(seed_word(bot_seeds[s, g]))
        new_game(f, i, pi, pf, w, wi, word, first + g)
        play_game(f, i, pi, pf, w, wi, bots, bot_seeds[:, g], calls)
        start = log_end[g - 1] if g > 0 else 0
        n = wi[pi[X_LOG_LEN]]
        if start + n > log.shape[0]:
            return g
        for k in range(n):
            log[start + k] = wi[pi[X_LOG] + k]
        log_end[g] = start + n
    owned_calls[0] = 0  # (keeps the owner of ``calls`` alive to the end)
    return out_f.shape[0]
