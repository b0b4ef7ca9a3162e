"""The engine's rules (``engine.flow``) on a ``Batch``: conditions, card effects, and the quarter.

Each function mirrors its namesake in ``engine.flow`` step for step, on rows ``r`` of a batch.
Where the scalar engine takes a branch per game, this takes the rows for which it holds; the
arithmetic is the same IEEE arithmetic in the same order, and the model runs with ``EXACT``
math, so each row ends bit for bit where the interactive engine ends that game.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from wargame.engine.cards import Card, quarter_label
from wargame.engine.conditions import _OPS as COMPARE_OPS
from wargame.engine.conditions import AllOf, AnyOf, Compare, Condition
from wargame.engine.effects import Add, Chance, Discard, Draw, If, Modify, Mul, Set, Shift, Transfer
from wargame.engine.flow import FIRST_PLAY_QUARTER, seat_income
from wargame.model.economy import DISPLAY_OUTPUTS, EVOLVING, EXACT, advance_quarter, initial_values
from wargame.model.scoring import aligned_counts, quarter_vp
from wargame.model.variables import STATE_VARIABLES, VARIABLES
from wargame.sim.vector.batch import EMPTY, Batch, Rows, clamp
from wargame.sim.vector.tables import ANY, EVENT_PLAY, HEADLINE_PLAY, OPPONENT_PLAY, WORLD_PLAY, Tables

#: How a game ended, by code (``sim.record.REASONS`` keys).
REASONS = ("", "china-parity", "china-share", "us-lead", "firm-sanctioned", "firm-squeezed", "end")
CHINA_PARITY, CHINA_SHARE, US_LEAD, FIRM_SANCTIONED, FIRM_SQUEEZED, END = range(1, 7)
INJECT_PLAY = -1  # a card an inject fires: records do not keep it


# --- Conditions ------------------------------------------------------------------------------------
class Lookup:
    """``flow.lookup_for`` over rows ``r``: paths to arrays (or one float for ``game.turn``).

    A state variable is read alone (its column with its modifiers); a derived one runs the model's
    ``derive`` once for all the paths asked. ``narrow`` gives the lookup of a subset of the rows.
    """

    def __init__(self, b: Batch, r: Rows) -> None:
        self.b, self.r = b, r
        self._cache: dict[str, Any] = {}
        self._all: dict[str, np.ndarray] | None = None
        self._slots: np.ndarray | None = None

    def __call__(self, path: str) -> Any:
        got = self._cache.get(path)
        if got is None:
            got = self._cache[path] = self._read(path)
        return got

    def _read(self, path: str) -> Any:
        b, r = self.b, self.r
        t = b.tables
        if path.startswith("board."):
            i = t.board_index.get(path[6:])
            return b.board[i, r] if i is not None else np.zeros(len(r))
        if path == "game.turn":
            return float(b.turn)
        if path.endswith(".vp"):
            i = t.seat_index.get(path[:-3])
            return b.vp[i, r] if i is not None else np.zeros(len(r))
        col = t.columns.get(path)
        if col is not None:
            if self._slots is None:
                self._slots = b.modifier_slots(r)
            return b.effective_column(col, r, self._slots)
        if self._all is None or path not in self._all:
            self._all = b.outputs(r, display=path in DISPLAY_OUTPUTS)
        return self._all[path]

    def narrow(self, sel: np.ndarray) -> Lookup:
        """The lookup of rows ``r[sel]``, reusing what this one has read."""
        sub = Lookup(self.b, self.r[sel])
        sub._cache = {k: v[sel] if isinstance(v, np.ndarray) else v for k, v in self._cache.items()}
        if self._all is not None:
            sub._all = {k: v[sel] for k, v in self._all.items()}
        if self._slots is not None:
            sub._slots = self._slots[sel]
        return sub


def holds(cond: Condition, look: Lookup) -> np.ndarray:
    """Where ``cond`` holds, one bool per row of the lookup."""
    m = len(look.r)
    if isinstance(cond, Compare):
        right = look(cond.right) if isinstance(cond.right, str) else cond.right
        return np.broadcast_to(COMPARE_OPS[cond.op](look(cond.left), right), (m,))
    out = np.full(m, isinstance(cond, AllOf))
    for part in cond.parts:
        out = out & holds(part, look) if isinstance(cond, AllOf) else out | holds(part, look)
    assert isinstance(cond, AllOf | AnyOf)
    return out


# --- Effects ---------------------------------------------------------------------------------------
def run_effects(b: Batch, r: Rows, effects: list[Any], actor: int | None, chosen: np.ndarray | None) -> None:
    """Apply ``effects`` in order to rows ``r`` (``chosen``: each row's target state, or None)."""
    t = b.tables
    for e in effects:
        if not len(r):
            return
        if isinstance(e, Add):
            col = t.columns[e.target]
            b.clamp_set(col, r, b.values[col, r] + e.value)
        elif isinstance(e, Mul):
            col = t.columns[e.target]
            b.clamp_set(col, r, b.values[col, r] * e.value)
        elif isinstance(e, Set):
            col = t.columns[e.target]
            b.clamp_set(col, r, np.full(len(r), float(e.value)))
        elif isinstance(e, Modify):
            b.add_modifier(r, t.columns[e.target], e.add, e.mul, e.turns)
        elif isinstance(e, Transfer):
            src, dst = t.columns[e.source], t.columns[e.dest]
            have = b.values[src, r] - VARIABLES[e.source].lo
            room = VARIABLES[e.dest].hi - b.values[dst, r]
            amount = np.full(len(r), float(e.value))
            amount = np.where(have < amount, have, amount)
            amount = np.where(room < amount, room, amount)
            amount = np.where(amount > 0.0, amount, 0.0)
            b.clamp_set(src, r, b.values[src, r] - amount)
            b.clamp_set(dst, r, b.values[dst, r] + amount)
        elif isinstance(e, Draw):
            seat = _seat_of(b, e.seat, actor)
            if seat is not None:
                b.draw_cards(r, seat, e.count)
        elif isinstance(e, Discard):
            seat = _seat_of(b, e.seat, actor)
            if seat is not None:
                _discard(b, r, seat, e.count)
        elif isinstance(e, Shift):
            _shift(b, r, e, actor, chosen)
        elif isinstance(e, Chance):
            hit = b.uniform(r) < e.p
            _branch(b, r, hit, e, actor, chosen)
        elif isinstance(e, If):
            _branch(b, r, holds(e.condition, Lookup(b, r)), e, actor, chosen)
        else:  # pragma: no cover - the vocabulary is closed
            raise TypeError(f"no batch rule for effect {type(e).__name__}")


def _branch(b: Batch, r: Rows, yes: np.ndarray, e: Chance | If, actor: int | None, chosen: np.ndarray | None) -> None:
    no = ~yes
    run_effects(b, r[yes], e.then, actor, None if chosen is None else chosen[yes])
    run_effects(b, r[no], e.otherwise, actor, None if chosen is None else chosen[no])


def _seat_of(b: Batch, ref: str, actor: int | None) -> int | None:
    if ref == "self":
        return actor
    return b.tables.seat_index.get(ref)


def _discard(b: Batch, r: Rows, seat: int, count: int) -> None:
    for _ in range(count):
        rows = r[b.hand_len[seat, r] > 0]
        if not len(rows):
            return
        pos = b.below(rows, b.hand_len[seat, rows])
        cards = b.remove_at(rows, seat, pos)
        b.to_discard(rows, cards)


def _shift(b: Batch, r: Rows, e: Shift, actor: int | None, chosen: np.ndarray | None) -> None:
    t = b.tables
    side = (t.seats[actor] if actor is not None else None) if e.toward == "self" else e.toward
    if side not in ("us", "china"):
        return
    signed = e.steps if side == "us" else -e.steps
    if e.state == "all":
        targets = [(i, r) for i in range(t.n_board)]
    elif e.state == "choose":
        if chosen is None:
            return
        targets = [(i, r[chosen == i]) for i in range(t.n_board)]
    else:
        i = t.board_index.get(e.state)
        targets = [] if i is None else [(i, r)]
    for i, rows in targets:
        if len(rows):
            b.board[i, rows] = clamp(b.board[i, rows] + signed, -3.0, 3.0)


# --- Resolving a card ------------------------------------------------------------------------------
def auto_target(b: Batch, r: Rows, owner: int | None) -> np.ndarray:
    """``flow.auto_target``: the largest market that can still move toward ``owner`` (EMPTY if none)."""
    t = b.tables
    owner_name = t.seats[owner] if owner is not None else None
    best = np.full(len(r), EMPTY, np.int64)
    best_demand = np.full(len(r), -np.inf)
    for i, spec in enumerate(t.rules.scenario.board):
        a = b.board[i, r]
        movable = a < 3 if owner_name == "us" else a > -3 if owner_name == "china" else np.ones(len(r), bool)
        better = movable & ((best == EMPTY) | (spec.demand > best_demand))
        best = np.where(better, i, best)
        best_demand = np.where(better, spec.demand, best_demand)
    return best


def resolve_card(b: Batch, r: Rows, card: int, actor: int | None, target: np.ndarray | None, kind: int,
                 pay: bool, by: int | None = None, look: Lookup | None = None) -> None:
    """``flow.resolve_card`` for one card on rows ``r`` (``target``: one board index per row, EMPTY for none).

    ``look``: a lookup of rows ``r`` in their current state, when the caller has one.
    """
    if not len(r):
        return
    t = b.tables
    c: Card = t.cards[card]
    if t.has_requirement[card]:
        ok = holds(c.requirement, look if look is not None else Lookup(b, r))
        r = r[ok]
        if target is not None:
            target = target[ok]
        if not len(r):
            return
    if pay:
        assert actor is not None
        bcol, pcol = t.seat_budget[actor], t.seat_pc[actor]
        b.values[bcol, r] = b.values[bcol, r] - c.cost.budget
        b.values[pcol, r] = b.values[pcol, r] - c.cost.pc
    chosen = None
    if t.needs_target[card]:
        chosen = target if target is not None else np.full(len(r), EMPTY, np.int64)
        missing = chosen == EMPTY
        if missing.any():
            chosen = chosen.copy()
            chosen[missing] = auto_target(b, r[missing], actor)
    run_effects(b, r, c.effects, actor, chosen)
    who = t.world_seat if kind == WORLD_PLAY else (by if by is not None else actor)
    if kind >= 0 and who is not None:
        b.log_play(r, t.play_code(card, who, kind))


def resolve_groups(b: Batch, r: Rows, cards: np.ndarray, actor: Any, target: np.ndarray | None, kind: int,
                   pay: bool, by: int | None = None) -> None:
    """:func:`resolve_card` for rows holding different cards (``actor``: one seat, or one per row)."""
    if not len(r):
        return
    per_row_actor = isinstance(actor, np.ndarray)
    keys = cards * 8 + (actor + 1 if per_row_actor else 0)
    # Every group's requirement is read before any group resolves: the groups are different games.
    look = Lookup(b, r) if b.tables.has_requirement[cards].any() else None
    for key in np.unique(keys):
        sel = keys == key
        card = int(key // 8)
        a = int(key % 8) - 1 if per_row_actor else actor
        resolve_card(b, r[sel], card, None if a == -1 or a is None else a,
                     None if target is None else target[sel], kind, pay, by,
                     look.narrow(sel) if look is not None and b.tables.has_requirement[card] else None)


# --- Opening a quarter -----------------------------------------------------------------------------
def new_batch(tables: Tables, seed: int, first: int, count: int) -> Batch:
    """Games ``first .. first+count-1`` under ``seed``, opened as ``flow.new_game`` opens each."""
    t = tables
    sc = t.rules.scenario
    b = Batch.empty(t, count)
    b.seeds[:] = np.uint64(seed & (2**64 - 1))
    b.games[:] = np.arange(first, first + count, dtype=np.uint64)
    board = [s.alignment for s in sc.board]
    values = initial_values(t.params, board, t.weights, sc.initial)
    b.values[:] = np.array([float(values[k]) for k in STATE_VARIABLES])[:, None]
    b.board[:] = np.array(board, dtype=float)[:, None]
    b.quarter = t.start
    b.turn = 1
    r = np.arange(count)
    b.draw[:, : t.n_draw] = t.draw_deck
    b.draw_len[:] = t.n_draw
    b.shuffle(b.draw, r, b.draw_len)
    b.world[:, : t.n_world] = t.world_deck
    b.world_len[:] = t.n_world
    b.shuffle(b.world, r, b.world_len)
    begin_quarter(b, r)
    return b


def begin_quarter(b: Batch, r: Rows) -> None:
    t = b.tables
    sc = t.rules.scenario
    label = quarter_label(b.quarter)
    for inject in sc.injects:
        if inject.turn == label:
            _fire_inject(b, r, inject.cards, inject.effects)
    for k, inject in enumerate(sc.conditional):
        rows = r[~b.fired[k, r]]
        rows = rows[holds(inject.condition, Lookup(b, rows))] if len(rows) else rows
        b.fired[k, rows] = True
        _fire_inject(b, rows, inject.cards, inject.effects)
    for _ in range(sc.world_draws):
        _draw_world(b, r)
    _income(b, r)
    for s in range(t.n_seats):
        need = np.maximum(0, sc.hand_size - b.hand_len[s, r])
        b.draw_cards(r, s, need)
    b.shelved[:, r] = False
    b.action_index = 0
    b.picks[:, r] = EMPTY
    b.pick_target[:, r] = EMPTY
    b.headline_phase = sc.headline


def _fire_inject(b: Batch, r: Rows, cards: list[str], effects: list[Any]) -> None:
    if not len(r):
        return
    t = b.tables
    for card_id in cards:
        resolve_card(b, r, t.card_index[card_id], None, None, INJECT_PLAY, pay=False)
    if effects:
        run_effects(b, r, effects, None, None)


def _draw_world(b: Batch, r: Rows) -> None:
    rows, cards = b.pop_pile(r, "world", "world_discard")
    if not len(rows):
        return
    cards = cards.astype(np.int64)
    b.world_discard[rows, b.world_discard_len[rows]] = cards
    b.world_discard_len[rows] += 1
    resolve_groups(b, rows, cards, None, None, WORLD_PLAY, pay=False)


def _income(b: Batch, r: Rows) -> None:
    t = b.tables
    p = t.params
    income = seat_income(p, b.outputs(r))
    for s, seat in enumerate(t.seats):
        for col, gain in ((t.seat_budget[s], income[seat]), (t.seat_pc[s], p["pc_income"])):
            b.clamp_set(col, r, b.values[col, r] + gain)


# --- A seat's action -------------------------------------------------------------------------------
PASS, EVENT, INFLUENCE, INVEST, LOBBY, SHELVE, HEADLINE = range(7)


def apply_actions(b: Batch, r: Rows, seat: int, kind: np.ndarray, card: np.ndarray, target: np.ndarray) -> None:
    """``flow.apply_seat_action`` for ``seat`` in rows ``r`` (one action per row)."""
    t = b.tables
    if b.headline_phase:
        b.picks[seat, r] = card  # EMPTY for a declined headline
        b.pick_target[seat, r] = target
        picked = card != EMPTY
        if picked.any():
            b.remove_card(r[picked], seat, card[picked])
        return
    shelve = kind == SHELVE
    if shelve.any():
        rows = r[shelve]
        b.remove_card(rows, seat, card[shelve])
        b.to_discard(rows, card[shelve])
        b.shelved[seat, rows] = True
    event = kind == EVENT
    if event.any():
        rows, cards = r[event], card[event]
        b.remove_card(rows, seat, cards)
        resolve_groups(b, rows, cards, seat, target[event], EVENT_PLAY, pay=True)
        b.to_discard(rows, cards)
    ops = (kind == INFLUENCE) | (kind == INVEST) | (kind == LOBBY)
    if ops.any():
        rows, cards, kinds, targets = r[ops], card[ops], kind[ops], target[ops]
        b.remove_card(rows, seat, cards)
        faction = t.faction[cards]
        theirs = (faction >= 0) & (faction != seat)
        if theirs.any():
            resolve_groups(b, rows[theirs], cards[theirs], faction[theirs], None, OPPONENT_PLAY, pay=False, by=seat)
        _use_ops(b, rows, seat, cards, kinds, targets)
        b.to_discard(rows, cards)


def _use_ops(b: Batch, r: Rows, seat: int, cards: np.ndarray, kinds: np.ndarray, targets: np.ndarray) -> None:
    t = b.tables
    name = t.seats[seat]
    ops = t.ops[cards]
    sel = kinds == INFLUENCE
    if sel.any():
        rows, steps, where = r[sel], (ops[sel] // 2).astype(float), targets[sel]
        before = b.board[where, rows]
        if name == "us":
            after = np.where(3.0 < before + steps, 3.0, before + steps)
        elif name == "china":
            x = before - steps
            after = np.where(-3.0 > x, -3.0, x)
        else:
            down, up = before - steps, before + steps
            after = np.where(before > 0, np.where(0.0 > down, 0.0, down), np.where(0.0 < up, 0.0, up))
        b.board[where, rows] = after
    sel = kinds == INVEST
    if sel.any():
        rows = r[sel]
        amount = ops[sel] * t.rules.scenario.budget_per_op
        if name == "firm":
            col = t.columns["firm.capacity"]
            b.clamp_set(col, rows, b.values[col, rows] + amount / t.params["firm_capex_base"])
        else:
            b.add_modifier(rows, t.columns[f"{name}.capex"], amount, 1.0, 1)
    sel = kinds == LOBBY
    if sel.any():
        rows = r[sel]
        col = t.seat_pc[seat]
        b.clamp_set(col, rows, b.values[col, rows] + ops[sel])


def resolve_headlines(b: Batch, r: Rows) -> None:
    """``flow._resolve_headlines``: picks by ops (most first), then seat order."""
    t = b.tables
    s_n = t.n_seats
    picks = b.picks.take(r, axis=1)  # (seats, m)
    big = 1 << 20
    key = np.where(picks != EMPTY, (4 - t.ops[np.maximum(picks, 0)]) * s_n + np.arange(s_n)[:, None], big)
    order = np.argsort(key, axis=0, kind="stable")
    for rank in range(s_n):
        seat_at = order[rank]
        valid = np.take_along_axis(key, order[rank][None, :], 0)[0] < big
        for s in range(s_n):
            sel = valid & (seat_at == s)
            if not sel.any():
                continue
            rows = r[sel]
            cards = b.picks[s, rows]
            faction = t.faction[cards]
            own = (faction == s) | (faction == ANY)
            if own.any():
                orow, ocards = rows[own], cards[own]
                bud, pc = b.values[t.seat_budget[s], orow], b.values[t.seat_pc[s], orow]
                can = (bud >= t.cost_budget[ocards] - 1e-9) & (pc >= t.cost_pc[ocards] - 1e-9)
                resolve_groups(b, orow[can], ocards[can], s, b.pick_target[s, orow[can]], HEADLINE_PLAY, pay=True)
            theirs = ~own & (faction >= 0)
            if theirs.any():
                resolve_groups(b, rows[theirs], cards[theirs], faction[theirs], None, HEADLINE_PLAY, pay=False, by=s)
            b.to_discard(rows, cards)
    b.picks[:, r] = EMPTY
    b.pick_target[:, r] = EMPTY
    b.headline_phase = False


# --- Closing a quarter -----------------------------------------------------------------------------
def end_quarter(b: Batch, r: Rows) -> None:
    """``flow._end_quarter`` on rows ``r``: the economy, modifiers, points and the end checks."""
    t = b.tables
    p = t.params
    eff_m = b.effective(r)
    eff = b.named(eff_m)
    board = list(b.board.take(r, axis=1))
    quarter_t = max(b.quarter - FIRST_PLAY_QUARTER, 0)
    new, new_board = advance_quarter(eff, board, t.weights, p, quarter_t, EXACT)
    profit_q = new["firm.profit"] - eff["firm.profit"]
    # A modified variable follows its own path (see ``flow._end_quarter``).
    targets = b.mod_target[r]
    for col in np.unique(targets[targets != EMPTY]).tolist():
        sel = (targets == col).any(axis=1)
        name = STATE_VARIABLES[col]
        column = np.array(new[name], dtype=float, copy=True)
        if name in EVOLVING:
            sub = b.named(eff_m[:, sel])
            sub[name] = b.values[col, r[sel]]
            own, _ = advance_quarter(sub, [a[sel] for a in board], t.weights, p, quarter_t, EXACT)
            column[sel] = own[name]
        else:
            column[sel] = b.values[col, r[sel]]
        new[name] = column
    x = np.stack([np.broadcast_to(np.asarray(new[k], dtype=float), (len(r),)) for k in STATE_VARIABLES])
    b.values[:, r] = clamp(x, t.lo[:, None], t.hi[:, None])
    b.board[:, r] = np.array(new_board)
    b.age_modifiers(r)
    out = b.outputs(r)
    board_now = list(b.board.take(r, axis=1))
    vp = quarter_vp(out, out, board_now, p, profit_q)
    for s, seat in enumerate(t.seats):
        b.vp[s, r] = b.vp[s, r] + vp[seat]
    _check_end(b, r, out, board_now)


def _check_end(b: Batch, r: Rows, out: dict[str, np.ndarray], board: list[np.ndarray]) -> None:
    t = b.tables
    v = t.rules.scenario.victory
    lag = out["world.lag"]
    n_us, _ = aligned_counts(board)
    st = b.streaks
    st[0, r] = np.where(lag <= 0, st[0, r] + 1, 0)
    st[1, r] = np.where((lag >= v.us_lead_months) & (n_us >= v.us_lead_states), st[1, r] + 1, 0)
    squeezed = out["firm.revenue"] < 0.5 * t.params["firm_revenue0"]
    st[2, r] = np.where(squeezed, st[2, r] + 1, 0)
    live = np.ones(len(r), bool)

    def finish(cond: np.ndarray, reason: int, winner: int = EMPTY, loser: int = EMPTY) -> None:
        nonlocal live
        hit = live & cond
        rows = r[hit]
        b.over[rows] = True
        b.reason[rows] = reason
        b.sudden[rows] = winner
        b.loser[rows] = loser
        b.ended[rows] = b.quarter
        live = live & ~hit

    seat = t.seat_index
    finish(st[0, r] >= v.china_parity_quarters, CHINA_PARITY, seat["china"])
    finish(out["china.world_share"] >= v.china_share, CHINA_SHARE, seat["china"])
    finish(st[1, r] >= v.us_lead_quarters, US_LEAD, seat["us"])
    if "firm" in seat:
        sanctioned = (b.values[t.columns["firm.sanctioned_us"], r] >= 0.5) & (
            b.values[t.columns["firm.sanctioned_china"], r] >= 0.5)
        finish(sanctioned, FIRM_SANCTIONED, loser=seat["firm"])
        finish(st[2, r] >= v.firm_squeeze_quarters, FIRM_SQUEEZED, loser=seat["firm"])
    if b.quarter >= t.end:
        finish(np.ones(len(r), bool), END)


# --- Running on to the next decision (a look-ahead's copy of the games) ----------------------------
def settle(b: Batch, r: Rows, seat: int) -> np.ndarray:
    """``flow.advance`` after ``seat`` acted in rows ``r``: play on until a seat must decide or the game ends.

    Rows stop at different points, so this is for a look-ahead's throwaway copy: the batch's shared
    phase fields are left wherever the last rows went. Returns each row's quarter index.
    """
    t = b.tables
    quarter = np.full(len(r), b.quarter, np.int64)
    active = np.arange(len(r))
    rounds = t.rules.scenario.rounds * t.n_seats
    if b.headline_phase:
        for s in range(seat + 1, t.n_seats):
            active = active[b.hand_len[s, r[active]] == 0]
        if len(active):
            resolve_headlines(b, r[active])
        step = 0
    else:
        step = b.action_index + 1
    start_quarter, start_turn = b.quarter, b.turn
    while len(active):
        for i in range(step, rounds):
            active = active[b.hand_len[i % t.n_seats, r[active]] == 0]
            if not len(active):
                break
        if not len(active):
            break
        end_quarter(b, r[active])
        active = active[~b.over[r[active]]]
        if not len(active):
            break
        b.quarter += 1
        b.turn += 1
        quarter[active] = b.quarter
        begin_quarter(b, r[active])
        if b.headline_phase:
            for s in range(t.n_seats):
                active = active[b.hand_len[s, r[active]] == 0]
            if len(active):
                resolve_headlines(b, r[active])
        step = 0
    b.quarter, b.turn = start_quarter, start_turn
    return quarter
