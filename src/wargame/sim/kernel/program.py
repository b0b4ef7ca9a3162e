"""A ruleset compiled for the game kernel: card effects and conditions as little programs of ints.

The kernel (``kernel.game``) is compiled code and cannot walk pydantic effect objects, so each
card's effects, its requirement and every inject become instructions in flat integer arrays,
with their numbers in a float array beside them. ``Program`` is two arrays: ``pi`` (ints) and ``pf``
(floats), each a head of numbered slots followed by tables. Compiled functions pass arrays
cheaply and numbered slots are constants to them, which keeps the kernel fast and quick to build.

Effects are a straight list of ``WIDTH``-int instructions. ``chance`` and ``if`` jump: they fall
through into their ``then`` block, which ends with a jump past the ``else`` block. Conditions are
postfix: each ``compare`` pushes a truth value, ``all``/``any`` pop their parts and push one.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from wargame.engine.cards import Card, quarter_index
from wargame.engine.conditions import AllOf, AnyOf, Compare, Condition
from wargame.engine.effects import Add, Chance, Discard, Draw, If, Modify, Mul, Set, Shift, Transfer
from wargame.engine.flow import FIRST_PLAY_QUARTER
from wargame.model.economy import DISPLAY_OUTPUTS, EVOLVING
from wargame.model.variables import STATE_VARIABLES
from wargame.sim.kernel import model
from wargame.sim.vector.tables import Tables

WIDTH = 6  # ints per instruction (effects and conditions alike)

# Effect instructions, WIDTH ints each (numbers are indices into the program's numbers):
#   add, mul, set [op, column, number]; modify [op, column, add, mul, turns]; transfer [op, from, to, number];
#   draw, discard [op, seat, count]; shift [op, mode, state, toward, steps];
#   chance [op, p, -, -, else]; if [op, condition start, condition end, -, else]; jump [op, target].
OP_ADD, OP_MUL, OP_SET, OP_MODIFY, OP_TRANSFER, OP_DRAW, OP_DISCARD, OP_SHIFT, OP_CHANCE, OP_IF, OP_JUMP = range(1, 12)
# Condition instructions: [C_COMPARE, op, left kind, left index, right kind, right index], [C_ALL | C_ANY, n].
C_COMPARE, C_ALL, C_ANY = range(1, 4)
CMP_OPS = ("<=", ">=", "==", "!=", "<", ">")
# What a condition reads: a number, a state variable (with its modifiers), a model output (one only
# people read needs the display outputs), a swing state, the turn, a seat's points.
K_CONST, K_VAR, K_DERIVED, K_DISPLAY, K_BOARD, K_TURN, K_VP = range(7)
# Seat references in effects: the card's actor, or none (a seat the scenario does not seat).
SELF, NO_SEAT = -1, -2
# Seat kinds, for the rules that depend on who a seat is.
US, CHINA, FIRM = model.VP_US, model.VP_CHINA, model.VP_FIRM  # a seat kind is its slot in the points
SHIFT_ALL, SHIFT_CHOOSE, SHIFT_ONE = range(3)

# Slots of the program's int array ``pi``: numbers about the ruleset, then where each table starts
# (in ``pi``, or in the float array ``pf`` for tables of floats), where each part of a game's state
# lives in its float row ``f`` and its int row ``i``, and where each work area lives in the kernel's
# float and int work arrays ``w`` and ``wi``. The kernel reads them as ``pi[NAME]``.
N_SEATS, N_BOARD, N_CARDS, N_DRAW, N_WORLD, N_INJECTS, N_CONDITIONAL, START = range(0, 8)
END, FIRST_PLAY, ROUNDS, HAND_SIZE, HEADLINE_ON, WORLD_DRAWS, PARITY_QUARTERS, US_LEAD_QUARTERS = range(8, 16)
SQUEEZE_QUARTERS, COL_FIRM_CAPACITY, COL_SANCTIONED_US, COL_SANCTIONED_CHINA, PLAY_CODES = range(16, 21)
T_SEAT_KIND, T_SEAT_BUDGET, T_SEAT_PC, T_SEAT_CAPEX, T_SEAT_OF_KIND, T_OPS, T_FACTION = range(21, 28)
T_NEEDS_TARGET, T_REQUIREMENT, T_EFFECTS, T_DRAW_DECK, T_WORLD_DECK, T_CODE, T_INJECT_QUARTER = range(28, 35)
T_INJECT_CARDS, T_INJECT_EFFECTS, T_CONDITIONAL, T_CONDITIONAL_CARDS, T_CONDITIONAL_EFFECTS = range(35, 40)
T_CARD_LISTS, T_EVOLVING = range(40, 42)
T_DEMAND, T_COST_BUDGET, T_COST_PC, T_NUMBERS, T_TARGETS, T_LO, T_HI, T_INITIAL = range(42, 50)  # in pf
T_INITIAL_BOARD, T_WEIGHTS, T_PARAMS, T_PARAMS_END = range(50, 54)  # in pf
F_SIZE, F_VALUES, F_BOARD, F_VP, F_MOD_ADD, F_MOD_MUL = range(54, 60)
I_SIZE, I_COUNTER, I_SEED, I_GAME, I_QUARTER, I_TURN, I_ACTION, I_HEADLINE, I_OVER = range(60, 69)
I_REASON, I_SUDDEN, I_LOSER, I_ENDED, I_MOD_COUNT, I_MOD_TARGET, I_MOD_TURNS, SLOTS = range(69, 77)
I_HAND_LEN, I_HANDS, CAPACITY, I_DRAW_LEN, I_DRAW, I_DISCARD_LEN, I_DISCARD, I_WORLD_LEN = range(77, 85)
I_WORLD, I_WORLD_DISCARD_LEN, I_WORLD_DISCARD, I_SHELVED, I_STREAKS, I_FIRED, I_PICKS, I_PICK_TARGET = range(85, 93)
W_SIZE, W_EFF_C, W_DER_C, W_EFF_Q, W_NEW_Q, W_BOARD_Q, W_DER_Q, W_SUB_Q, W_OWN_Q = range(93, 102)
W_OWN_BOARD_Q, W_VP_Q, W_KEEP_Q, W_PROJ_BASE, W_PROJ_POST, W_PROJ_TRIAL, W_DET_F, W_TRIAL_F = range(102, 110)
X_SIZE, X_STACK, X_ORDER, X_ORDER_KEY, X_INFLUENCE_TO, X_EVENT, X_INFLUENCE, X_PLAIN, X_SHELVE = range(110, 119)
X_AIMED, X_UNSEEN, X_POOL, X_DET_I, X_TRIAL_I, X_KEYS, X_LOG_ON, X_SEEN, X_LOG, X_LOG_LEN = range(119, 129)
X_BOT_WORDS, W_MEMO, I_SPILL, KEY_ROOM, W_POST_F, X_POST_I = range(129, 135)
HEAD = 135
# A projection area (``W_PROJ_*``): a state's effective values, the next quarter's values, the
# outputs ``advance`` leaves, the new state's outputs, ``model.advance``'s ``keep``, the next board;
# offsets from the area's start.
PR_EFF = 0
PR_NEW = PR_EFF + model.N_VALUES
PR_OUT = PR_NEW + model.N_VALUES
PR_OUT_NEW = PR_OUT + model.N_DERIVED
PR_KEEP = PR_OUT_NEW + model.N_DERIVED
PR_BOARD = PR_KEEP + model.N_KEEP
# Slots of ``pf``'s head: numbers of the scenario and the parameters the rules read.
BUDGET_PER_OP, CHINA_SHARE, US_LEAD_MONTHS, US_LEAD_STATES, PC_INCOME, FIRM_MARGIN = range(0, 6)
FIRM_REVENUE0, FIRM_CAPEX_BASE, INCOME_US, INCOME_CHINA, INCOME_FIRM = range(6, 11)
FLOAT_HEAD = 11
#: The kernel's fixed sizes: distinct moves of one decision (the greedy bot keeps a key for each)
#: and temporary modifiers in force at once. A game that needs more is marked (``I_SPILL``) and
#: played again by the interactive engine (``sim.batch.play_chunk``).
MAX_KEYS = 4096
SLOT_COUNT = 32


class Program(NamedTuple):
    """A ruleset for the kernel: ``pi`` and ``pf`` (see the slots above), and the sizes to allocate."""

    pi: np.ndarray
    pf: np.ndarray

    def at(self, slot: int) -> int:
        return int(self.pi[slot])

    def work(self) -> tuple[np.ndarray, np.ndarray]:
        """Fresh work arrays for the kernel (one pair per thread of games)."""
        w = np.zeros(self.at(W_SIZE))
        w[self.at(W_MEMO) : self.at(W_MEMO) + model.MEMO_SIZE] = model.new_memo()
        return w, np.zeros(self.at(X_SIZE), np.int64)


class _Builder:
    """Appends instructions and numbers; ``effects`` and ``condition`` return where theirs start and end."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables
        self.code: list[list[int]] = []
        self.numbers: list[float] = []

    def number(self, x: float) -> int:
        self.numbers.append(float(x))
        return len(self.numbers) - 1

    def emit(self, *ints: int) -> int:
        self.code.append([*ints, *[0] * (WIDTH - len(ints))])
        return len(self.code) - 1

    def seat(self, ref: str) -> int:
        return SELF if ref == "self" else self.t.seat_index.get(ref, NO_SEAT)

    def effects(self, effects: list[Any]) -> tuple[int, int]:
        start = len(self.code)
        for e in effects:
            self._effect(e)
        return start, len(self.code)

    def _effect(self, e: Any) -> None:
        col = self.t.columns
        if isinstance(e, Add | Mul | Set):
            op = OP_ADD if isinstance(e, Add) else OP_MUL if isinstance(e, Mul) else OP_SET
            self.emit(op, col[e.target], self.number(e.value))
        elif isinstance(e, Modify):
            self.emit(OP_MODIFY, col[e.target], self.number(e.add), self.number(e.mul), e.turns)
        elif isinstance(e, Transfer):
            self.emit(OP_TRANSFER, col[e.source], col[e.dest], self.number(e.value))
        elif isinstance(e, Draw | Discard):
            self.emit(OP_DRAW if isinstance(e, Draw) else OP_DISCARD, self.seat(e.seat), e.count)
        elif isinstance(e, Shift):
            toward = {"self": SELF, "us": US, "china": CHINA}[e.toward]
            if e.state == "all":
                mode, state = SHIFT_ALL, 0
            elif e.state == "choose":
                mode, state = SHIFT_CHOOSE, 0
            else:
                mode, state = SHIFT_ONE, self.t.board_index.get(e.state, -1)
            self.emit(OP_SHIFT, mode, state, toward, self.number(e.steps))
        elif isinstance(e, Chance | If):
            head = (self.emit(OP_CHANCE, self.number(e.p)) if isinstance(e, Chance)
                    else self.emit(OP_IF, *self.condition(e.condition)))
            for x in e.then:
                self._effect(x)
            jump = self.emit(OP_JUMP)
            self.code[head][4] = len(self.code)  # where the else block starts
            for x in e.otherwise:
                self._effect(x)
            self.code[jump][1] = len(self.code)
        else:  # pragma: no cover - the vocabulary is closed
            raise TypeError(f"no kernel instruction for effect {type(e).__name__}")

    def condition(self, cond: Condition) -> tuple[int, int]:
        """Emit ``cond`` as a program of its own, after a jump that steps over it; returns where it starts and ends."""
        jump = self.emit(OP_JUMP)
        start = len(self.code)
        self._condition(cond)
        self.code[jump][1] = len(self.code)
        return start, len(self.code)

    def _condition(self, cond: Condition) -> None:
        if isinstance(cond, Compare):
            right = self.path(cond.right) if isinstance(cond.right, str) else (K_CONST, self.number(cond.right))
            self.emit(C_COMPARE, CMP_OPS.index(cond.op), *self.path(cond.left), *right)
            return
        assert isinstance(cond, AllOf | AnyOf)
        for part in cond.parts:
            self._condition(part)
        self.emit(C_ALL if isinstance(cond, AllOf) else C_ANY, len(cond.parts))

    def path(self, path: str) -> tuple[int, int]:
        t = self.t
        if path.startswith("board."):
            return K_BOARD, t.board_index.get(path[6:], -1)
        if path == "game.turn":
            return K_TURN, 0
        if path.endswith(".vp"):
            return K_VP, t.seat_index.get(path[:-3], -1)
        if path in t.columns:
            return K_VAR, t.columns[path]
        return (K_DISPLAY if path in DISPLAY_OUTPUTS else K_DERIVED), model.DERIVED.index(path)


class _Packer:
    """Lays out tables one after another in an array, recording where each starts in the head."""

    def __init__(self, head: dict[int, float], size: int) -> None:
        self.head, self.first, self.size = head, size, size
        self.parts: list[np.ndarray] = []

    def add(self, slot: int, values: Any) -> None:
        arr = np.asarray(values).ravel()
        self.head[slot] = self.size
        self.parts.append(arr)
        self.size += len(arr)

    def space(self, slot: int, n: int) -> None:
        self.add(slot, np.zeros(max(n, 1)))

    def array(self, head: dict[int, float], dtype: Any) -> np.ndarray:
        """``head``'s slots, then the tables in the order they were added."""
        out = np.zeros(self.size, dtype)
        for slot, value in head.items():
            out[slot] = value
        at = self.first
        for part in self.parts:
            out[at : at + len(part)] = part
            at += len(part)
        return out


def compile_program(t: Tables) -> Program:
    """The kernel's view of ``t``'s ruleset."""
    from wargame.model.economy import initial_values

    sc = t.rules.scenario
    p = t.params
    v = sc.victory
    b = _Builder(t)
    cards: list[Card] = t.cards
    requirement = np.full((t.n_cards, 2), -1, np.int64)
    effects = np.zeros((t.n_cards, 2), np.int64)
    for k, c in enumerate(cards):
        if c.requires:
            requirement[k] = b.condition(c.requirement)
        effects[k] = b.effects(c.effects)
    card_lists: list[int] = []

    def card_list(ids: list[str]) -> tuple[int, int]:
        start = len(card_lists)
        card_lists.extend(t.card_index[c] for c in ids)
        return start, len(card_lists)

    inject_quarter = [quarter_index(i.turn) for i in sc.injects]
    inject_cards = [card_list(i.cards) for i in sc.injects]
    inject_effects = [b.effects(i.effects) for i in sc.injects]
    conditional = [b.condition(c.condition) for c in sc.conditional]
    conditional_cards = [card_list(c.cards) for c in sc.conditional]
    conditional_effects = [b.effects(c.effects) for c in sc.conditional]
    kinds = {"us": US, "china": CHINA, "firm": FIRM}
    board0 = [s.alignment for s in sc.board]
    values0 = initial_values(p, board0, t.weights, sc.initial)
    n_values, n_derived = len(STATE_VARIABLES), len(model.DERIVED)

    head: dict[int, float] = {
        N_SEATS: t.n_seats, N_BOARD: t.n_board, N_CARDS: t.n_cards, N_DRAW: t.n_draw, N_WORLD: t.n_world,
        N_INJECTS: len(sc.injects), N_CONDITIONAL: len(sc.conditional), START: t.start, END: t.end,
        FIRST_PLAY: FIRST_PLAY_QUARTER, ROUNDS: sc.rounds, HAND_SIZE: sc.hand_size, HEADLINE_ON: int(bool(sc.headline)),
        WORLD_DRAWS: sc.world_draws, PARITY_QUARTERS: v.china_parity_quarters, US_LEAD_QUARTERS: v.us_lead_quarters,
        SQUEEZE_QUARTERS: v.firm_squeeze_quarters, COL_FIRM_CAPACITY: t.columns["firm.capacity"],
        COL_SANCTIONED_US: t.columns["firm.sanctioned_us"], COL_SANCTIONED_CHINA: t.columns["firm.sanctioned_china"],
        PLAY_CODES: t.n_cards * (t.n_seats + 1) * 4,
    }
    ints = _Packer(head, HEAD)
    ints.add(T_SEAT_KIND, [kinds[s] for s in t.seats])
    ints.add(T_SEAT_BUDGET, t.seat_budget)
    ints.add(T_SEAT_PC, t.seat_pc)
    ints.add(T_SEAT_CAPEX, [t.columns.get(f"{s}.capex", -1) for s in t.seats])
    ints.add(T_SEAT_OF_KIND, [t.seat_index.get(s, -1) for s in ("us", "china", "firm")])
    ints.add(T_OPS, t.ops)
    ints.add(T_FACTION, t.faction)
    ints.add(T_NEEDS_TARGET, t.needs_target.astype(np.int64))
    ints.add(T_REQUIREMENT, requirement)
    ints.add(T_EFFECTS, effects)
    ints.add(T_DRAW_DECK, t.draw_deck.astype(np.int64))
    ints.add(T_WORLD_DECK, t.world_deck.astype(np.int64))
    ints.add(T_CODE, np.array(b.code or [[0] * WIDTH], np.int64))
    ints.add(T_INJECT_QUARTER, inject_quarter or [0])
    ints.add(T_INJECT_CARDS, inject_cards or [(0, 0)])
    ints.add(T_INJECT_EFFECTS, inject_effects or [(0, 0)])
    ints.add(T_CONDITIONAL, conditional or [(0, 0)])
    ints.add(T_CONDITIONAL_CARDS, conditional_cards or [(0, 0)])
    ints.add(T_CONDITIONAL_EFFECTS, conditional_effects or [(0, 0)])
    ints.add(T_CARD_LISTS, card_lists or [0])
    ints.add(T_EVOLVING, [name in EVOLVING for name in STATE_VARIABLES])

    fhead: dict[int, float] = {
        BUDGET_PER_OP: sc.budget_per_op, CHINA_SHARE: v.china_share, US_LEAD_MONTHS: v.us_lead_months,
        US_LEAD_STATES: v.us_lead_states, PC_INCOME: p["pc_income"], FIRM_MARGIN: p["firm_margin"],
        FIRM_REVENUE0: p["firm_revenue0"], FIRM_CAPEX_BASE: p["firm_capex_base"], INCOME_US: p["income_share_us"],
        INCOME_CHINA: p["income_share_china"], INCOME_FIRM: p["income_share_firm"],
    }
    floats = _Packer(head, FLOAT_HEAD)  # offsets into pf go to pi's head too
    floats.add(T_DEMAND, [s.demand for s in sc.board])
    floats.add(T_COST_BUDGET, t.cost_budget)
    floats.add(T_COST_PC, t.cost_pc)
    floats.add(T_NUMBERS, b.numbers or [0.0])
    floats.add(T_TARGETS, [v.targets.get(s, 0.0) for s in t.seats])
    floats.add(T_LO, t.lo)
    floats.add(T_HI, t.hi)
    floats.add(T_INITIAL, [values0[k] for k in STATE_VARIABLES])
    floats.add(T_INITIAL_BOARD, board0)
    floats.add(T_WEIGHTS, t.weights)
    floats.add(T_PARAMS, model.pack(p))
    head[T_PARAMS_END] = floats.size

    # A game's state: its float row, then its int row.
    capacity = max(t.n_draw, sc.hand_size, 1)
    slots = SLOT_COUNT
    state = _Packer(head, 0)
    for slot, n in ((F_VALUES, n_values), (F_BOARD, t.n_board), (F_VP, t.n_seats), (F_MOD_ADD, slots),
                    (F_MOD_MUL, slots)):
        state.space(slot, n)
    head[F_SIZE] = state.size
    state = _Packer(head, 0)
    for slot, n in ((I_COUNTER, 1), (I_SEED, 1), (I_GAME, 1), (I_QUARTER, 1), (I_TURN, 1), (I_ACTION, 1),
                    (I_HEADLINE, 1), (I_OVER, 1), (I_REASON, 1), (I_SUDDEN, 1), (I_LOSER, 1), (I_ENDED, 1),
                    (I_MOD_COUNT, 1), (I_MOD_TARGET, slots), (I_MOD_TURNS, slots), (I_HAND_LEN, t.n_seats),
                    (I_HANDS, t.n_seats * capacity), (I_DRAW_LEN, 1), (I_DRAW, t.n_draw), (I_DISCARD_LEN, 1),
                    (I_DISCARD, t.n_draw), (I_WORLD_LEN, 1), (I_WORLD, t.n_world), (I_WORLD_DISCARD_LEN, 1),
                    (I_WORLD_DISCARD, t.n_world), (I_SHELVED, t.n_seats), (I_STREAKS, 3),
                    (I_FIRED, len(sc.conditional)), (I_PICKS, t.n_seats), (I_PICK_TARGET, t.n_seats), (I_SPILL, 1)):
        state.space(slot, n)
    head[I_SIZE] = state.size
    head[SLOTS], head[CAPACITY], head[KEY_ROOM] = slots, capacity, MAX_KEYS
    # Work areas.
    work = _Packer(head, 0)
    for slot, n in ((W_EFF_C, n_values), (W_DER_C, n_derived), (W_EFF_Q, n_values), (W_NEW_Q, n_values),
                    (W_BOARD_Q, t.n_board), (W_DER_Q, n_derived), (W_SUB_Q, n_values), (W_OWN_Q, n_values),
                    (W_OWN_BOARD_Q, t.n_board), (W_VP_Q, 3), (W_KEEP_Q, model.N_KEEP), (W_PROJ_BASE, PR_BOARD + t.n_board),
                    (W_PROJ_POST, PR_BOARD + t.n_board), (W_PROJ_TRIAL, PR_BOARD + t.n_board), (W_DET_F, head[F_SIZE]),
                    (W_TRIAL_F, head[F_SIZE]), (W_POST_F, head[F_SIZE]), (W_MEMO, model.MEMO_SIZE)):
        work.space(slot, n)
    head[W_SIZE] = work.size
    work = _Packer(head, 0)
    for slot, n in ((X_STACK, 64), (X_ORDER, t.n_seats), (X_ORDER_KEY, t.n_seats), (X_INFLUENCE_TO, t.n_board),
                    (X_EVENT, capacity), (X_INFLUENCE, capacity), (X_PLAIN, capacity), (X_SHELVE, capacity),
                    (X_AIMED, capacity), (X_UNSEEN, t.n_cards), (X_POOL, t.n_cards), (X_DET_I, head[I_SIZE]),
                    (X_TRIAL_I, head[I_SIZE]), (X_POST_I, head[I_SIZE]), (X_KEYS, MAX_KEYS), (X_LOG_ON, 1), (X_SEEN, head[PLAY_CODES]),
                    (X_LOG, head[PLAY_CODES]), (X_LOG_LEN, 1), (X_BOT_WORDS, t.n_seats)):
        work.space(slot, n)
    head[X_SIZE] = work.size

    pi, pf = ints.array(head, np.int64), floats.array(fhead, np.float64)
    return Program(pi, pf)


__all__ = ["Program", "compile_program"]
