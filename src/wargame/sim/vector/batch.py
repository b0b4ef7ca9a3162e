"""Many games' states as arrays, one row (or column) per game, and the low-level moves on them.

A ``Batch`` holds what ``GameState`` holds, except the text log and history: model values,
board, victory points, modifiers, hands, piles, random counters and how each game ended. Every
operation takes ``r``, an array of row numbers, and changes those games only; row ``i`` then
goes through exactly the steps, and the draws, that the interactive engine takes for that game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wargame.engine import rng
from wargame.model.economy import EXACT, derive
from wargame.model.variables import STATE_VARIABLES
from wargame.sim.vector.tables import Tables

Rows = np.ndarray  # int64 row numbers
EMPTY = -1  # an empty card slot


def clamp(x: Any, lo: Any, hi: Any) -> Any:
    """``min(max(x, lo), hi)`` element by element, with Python's tie rules (``Variable.clamp``)."""
    x = np.where(lo > x, lo, x)
    return np.where(hi < x, hi, x)

#: Arrays with the row axis first (the rest have it second).
_ROW_FIRST = ("seeds", "games", "counter", "mod_target", "mod_add", "mod_mul", "mod_turns", "mod_count", "draw",
              "draw_len", "discard", "discard_len", "world", "world_len", "world_discard", "world_discard_len",
              "over", "reason", "sudden", "loser", "ended")
_ROW_SECOND = ("values", "board", "vp", "hands", "hand_len", "shelved", "streaks", "fired", "picks", "pick_target")


def fisher_yates(pile: np.ndarray, r: Rows, lengths: np.ndarray, below: Any) -> None:
    """Shuffle the first ``lengths`` cards of ``pile``'s rows ``r`` in place, swapping position ``i``
    with ``below(rows, i + 1)`` from the top down, as the engine's shuffles do one game at a time."""
    top = int(lengths.max()) if len(r) else 0
    for i in range(top - 1, 0, -1):
        sel = lengths > i
        rows = r if sel.all() else r[sel]
        j = below(rows, i + 1)
        a = pile[rows, i].copy()
        pile[rows, i] = pile[rows, j]
        pile[rows, j] = a


@dataclass
class Batch:
    """The state of ``n`` games of one ruleset, all at the same point of the same quarter."""

    tables: Tables
    seeds: np.ndarray  # (n,) uint64: the seed of each row's chance draws
    games: np.ndarray  # (n,) uint64: each row's game index
    counter: np.ndarray  # (n,) uint64: each row's draw counter
    values: np.ndarray  # (variables, n) base values
    board: np.ndarray  # (states, n) alignments
    vp: np.ndarray  # (seats, n)
    mod_target: np.ndarray  # (n, slots) column of the modified variable, EMPTY when unused
    mod_add: np.ndarray
    mod_mul: np.ndarray
    mod_turns: np.ndarray
    mod_count: np.ndarray  # (n,) modifiers in use (they fill slots 0 .. count-1, in order)
    hands: np.ndarray  # (seats, n, capacity) card numbers in hand order, EMPTY after the last
    hand_len: np.ndarray  # (seats, n)
    draw: np.ndarray  # (n, draw deck size): the draw pile, bottom first (cards are drawn from the top)
    draw_len: np.ndarray
    discard: np.ndarray
    discard_len: np.ndarray
    world: np.ndarray  # (n, world deck size)
    world_len: np.ndarray
    world_discard: np.ndarray
    world_discard_len: np.ndarray
    shelved: np.ndarray  # (seats, n) bool
    streaks: np.ndarray  # (3, n): china parity, US lead, firm squeeze
    fired: np.ndarray  # (conditional injects, n) bool
    picks: np.ndarray  # (seats, n) headline card, EMPTY for none
    pick_target: np.ndarray  # (seats, n) board index of the pick's target, EMPTY for none
    over: np.ndarray  # (n,) bool
    reason: np.ndarray  # (n,) code of how the game ended (see rules.REASONS)
    sudden: np.ndarray  # (n,) seat that won outright, EMPTY when decided by score
    loser: np.ndarray  # (n,) seat out of the running, EMPTY for none
    ended: np.ndarray  # (n,) quarter index the game ended in
    quarter: int = 0
    turn: int = 1
    action_index: int = 0
    headline_phase: bool = False
    record_plays: bool = True
    # Card plays that took effect: (rows, play code) chunks, in the order they happened.
    play_log: list[tuple[np.ndarray, int]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.seeds)

    @classmethod
    def empty(cls, tables: Tables, n: int) -> Batch:
        t = tables
        slots = 4
        cap = max(8, t.rules.scenario.hand_size + 3)
        i64 = np.int64
        return cls(
            tables=t, seeds=np.zeros(n, np.uint64), games=np.zeros(n, np.uint64), counter=np.zeros(n, np.uint64),
            values=np.zeros((len(STATE_VARIABLES), n)), board=np.zeros((t.n_board, n)), vp=np.zeros((t.n_seats, n)),
            mod_target=np.full((n, slots), EMPTY, i64), mod_add=np.zeros((n, slots)), mod_mul=np.ones((n, slots)),
            mod_turns=np.zeros((n, slots), i64), mod_count=np.zeros(n, i64),
            hands=np.full((t.n_seats, n, cap), EMPTY, np.int16), hand_len=np.zeros((t.n_seats, n), i64),
            draw=np.full((n, max(t.n_draw, 1)), EMPTY, np.int16), draw_len=np.zeros(n, i64),
            discard=np.full((n, max(t.n_draw, 1)), EMPTY, np.int16), discard_len=np.zeros(n, i64),
            world=np.full((n, max(t.n_world, 1)), EMPTY, np.int16), world_len=np.zeros(n, i64),
            world_discard=np.full((n, max(t.n_world, 1)), EMPTY, np.int16), world_discard_len=np.zeros(n, i64),
            shelved=np.zeros((t.n_seats, n), bool), streaks=np.zeros((3, n), i64),
            fired=np.zeros((len(t.rules.scenario.conditional), n), bool),
            picks=np.full((t.n_seats, n), EMPTY, i64), pick_target=np.full((t.n_seats, n), EMPTY, i64),
            over=np.zeros(n, bool), reason=np.zeros(n, np.int8), sudden=np.full(n, EMPTY, np.int8),
            loser=np.full(n, EMPTY, np.int8), ended=np.zeros(n, np.int32),
        )

    def take(self, rows: Rows) -> Batch:
        """A new batch of copies of ``rows`` (a row may be taken several times)."""
        arrays: dict[str, Any] = {}
        for name in _ROW_FIRST:
            arrays[name] = getattr(self, name)[rows]
        for name in _ROW_SECOND:
            arrays[name] = getattr(self, name).take(rows, axis=1)
        return Batch(tables=self.tables, quarter=self.quarter, turn=self.turn, action_index=self.action_index,
                     headline_phase=self.headline_phase, record_plays=False, **arrays)

    # --- Randomness -------------------------------------------------------------------------------
    def below(self, r: Rows, n: Any) -> np.ndarray:
        """One draw in [0, n) for each row of ``r`` (advancing its counter)."""
        k = rng.below_array(self.seeds[r], self.counter[r], n, self.games[r])
        self.counter[r] += np.uint64(1)
        return k

    def uniform(self, r: Rows) -> np.ndarray:
        u = rng.uniform_array(self.seeds[r], self.counter[r], self.games[r])
        self.counter[r] += np.uint64(1)
        return u

    def shuffle(self, pile: np.ndarray, r: Rows, lengths: np.ndarray) -> None:
        """Fisher-Yates on the first ``lengths`` cards of ``pile``'s rows ``r``, as ``flow._shuffle`` does."""
        fisher_yates(pile, r, lengths, self.below)

    # --- Values -----------------------------------------------------------------------------------
    def clamp_set(self, col: Any, r: Rows, x: np.ndarray) -> None:
        """``values[col] = min(max(x, lo), hi)`` on rows ``r`` (``col`` one column or one per row)."""
        t = self.tables
        self.values[col, r] = clamp(x, t.lo[col], t.hi[col])

    def effective(self, r: Rows) -> np.ndarray:
        """Base values of rows ``r`` with their modifiers applied and clamped, as ``flow.effective``."""
        counts = self.mod_count[r]
        top = int(counts.max()) if len(r) else 0
        n_vars, m = self.values.shape[0], len(r)
        if top == 0:
            return self.values.take(r, axis=1)
        # One spare variable row takes what unused slots do (add 0, multiply by 1, no bounds).
        e = np.empty((n_vars + 1, m))
        e[:n_vars] = self.values.take(r, axis=1)  # (take's out= is slower than this copy)
        e[n_vars] = 0.0
        flat = e.reshape(-1)
        base = np.arange(m)
        targets = self.mod_target.take(r, axis=0)[:, :top].T  # (slots, m)
        where = (np.where(targets == EMPTY, n_vars, targets) * m + base).copy()
        add, mul = self.mod_add.take(r, axis=0)[:, :top].T.copy(), self.mod_mul.take(r, axis=0)[:, :top].T.copy()
        for j in range(top):
            at = where[j]
            flat[at] = flat[at] * mul[j] + add[j]
        # Then each modified variable is clamped (all slots at once: clamping twice changes nothing).
        used = targets != EMPTY
        at, col = where[used], targets[used]
        flat[at] = clamp(flat[at], self.tables.lo[col], self.tables.hi[col])
        return e[:n_vars]

    def modifier_slots(self, r: Rows) -> np.ndarray:
        """The modified variable of each used slot of rows ``r`` (m, slots in use), EMPTY elsewhere."""
        top = int(self.mod_count[r].max()) if len(r) else 0
        return self.mod_target.take(r, axis=0)[:, :top]

    def effective_column(self, col: int, r: Rows, slots: np.ndarray | None = None) -> np.ndarray:
        """One variable's effective value in rows ``r`` (its modifiers applied in order, then clamped).

        ``slots``: :meth:`modifier_slots` of ``r``, when the caller has it.
        """
        x = self.values[col, r]
        if slots is None:
            slots = self.modifier_slots(r)
        if not slots.shape[1]:
            return x
        mine = slots == col  # unused slots hold EMPTY, never a column
        if not mine.any():
            return x
        hit = np.zeros(len(r), bool)
        for j in np.nonzero(mine.any(axis=0))[0].tolist():
            sel = np.nonzero(mine[:, j])[0]
            rows = r[sel]
            x[sel] = x[sel] * self.mod_mul[rows, j] + self.mod_add[rows, j]
            hit[sel] = True
        return np.where(hit, clamp(x, self.tables.lo[col], self.tables.hi[col]), x)

    def named(self, matrix: np.ndarray) -> dict[str, np.ndarray]:
        """Rows of a (variables, m) matrix by variable name."""
        return dict(zip(STATE_VARIABLES, matrix, strict=True))

    def outputs(self, r: Rows, display: bool = False) -> dict[str, np.ndarray]:
        """Every variable (effective state and derived), as ``flow.all_values``; ``display``: with
        the outputs only people read (``economy.DISPLAY_OUTPUTS``)."""
        eff = self.named(self.effective(r))
        board = list(self.board.take(r, axis=1))
        t = self.tables
        return {**eff, **derive(eff, board, t.weights, t.params, EXACT, display=display)}

    def add_modifier(self, r: Rows, col: int, add: Any, mul: float, turns: int) -> None:
        slot = self.mod_count[r]
        if len(r) and int(slot.max()) >= self.mod_target.shape[1]:
            grow = self.mod_target.shape[1]
            n = self.n
            self.mod_target = np.concatenate([self.mod_target, np.full((n, grow), EMPTY, np.int64)], axis=1)
            self.mod_add = np.concatenate([self.mod_add, np.zeros((n, grow))], axis=1)
            self.mod_mul = np.concatenate([self.mod_mul, np.ones((n, grow))], axis=1)
            self.mod_turns = np.concatenate([self.mod_turns, np.zeros((n, grow), np.int64)], axis=1)
        self.mod_target[r, slot] = col
        self.mod_add[r, slot] = add
        self.mod_mul[r, slot] = mul
        self.mod_turns[r, slot] = turns
        self.mod_count[r] += 1

    def age_modifiers(self, r: Rows) -> None:
        """One quarter off every modifier of rows ``r``; expired ones leave, the rest keep their order."""
        counts = self.mod_count[r]
        if not len(r) or not counts.any():
            return
        top = int(counts.max())
        used = np.arange(top)[None, :] < counts[:, None]
        self.mod_turns[r, :top] = turns = self.mod_turns[r, :top] - used
        expired = used & (turns <= 0)
        hit = expired.any(axis=1)
        if not hit.any():
            return
        r, keep = r[hit], (used & ~expired)[hit]
        order = np.argsort(~keep, axis=1, kind="stable")
        self.mod_target[r, :top] = np.where(np.take_along_axis(keep, order, 1),
                                            np.take_along_axis(self.mod_target[r, :top], order, 1), EMPTY)
        for name in ("mod_add", "mod_mul", "mod_turns"):
            part = getattr(self, name)
            part[r, :top] = np.take_along_axis(part[r, :top], order, 1)
        self.mod_count[r] = keep.sum(axis=1)

    # --- Cards ------------------------------------------------------------------------------------
    def _room(self, extra: int) -> None:
        need = int(self.hand_len.max()) + extra
        cap = self.hands.shape[2]
        if need > cap:
            more = np.full((*self.hands.shape[:2], max(need - cap, cap)), EMPTY, np.int16)
            self.hands = np.concatenate([self.hands, more], axis=2)

    def draw_cards(self, r: Rows, seat: int, count: Any) -> None:
        """``flow._draw_cards``: up to ``count`` cards each (one number, or one per row) for ``seat``."""
        counts = np.broadcast_to(np.asarray(count), r.shape)
        top = int(counts.max()) if len(r) else 0
        for k in range(top):
            rows, cards = self.pop_pile(r[counts > k], "draw", "discard")
            if not len(rows):
                continue
            self._room(1)
            self.hands[seat, rows, self.hand_len[seat, rows]] = cards
            self.hand_len[seat, rows] += 1

    def pop_pile(self, r: Rows, pile: str, spent: str) -> tuple[Rows, np.ndarray]:
        """The top card of ``pile`` (``draw`` or ``world``) in each row of ``r`` that has one, and those rows.

        A row whose pile is empty first gets its ``spent`` pile back, shuffled, as ``flow`` refills
        the draw deck from the discard pile and the world deck from the world discards.
        """
        cards, length = getattr(self, pile), getattr(self, f"{pile}_len")
        used, used_len = getattr(self, spent), getattr(self, f"{spent}_len")
        empty = r[length[r] == 0]
        refill = empty[used_len[empty] > 0]
        if len(refill):
            n = used_len[refill]
            cards[refill] = used[refill]
            length[refill] = n
            used[refill] = EMPTY
            used_len[refill] = 0
            self.shuffle(cards, refill, n)
        rows = r[length[r] > 0]
        top = length[rows] - 1
        taken = cards[rows, top]
        cards[rows, top] = EMPTY
        length[rows] = top
        return rows, taken

    def remove_at(self, r: Rows, seat: int, pos: np.ndarray) -> np.ndarray:
        """Take the card at hand position ``pos`` out of ``seat``'s hand in rows ``r``; returns the cards."""
        hand = self.hands[seat, r]
        cards = hand[np.arange(len(r)), pos]
        idx = np.arange(hand.shape[1])[None, :]
        src = np.minimum(idx + (idx >= pos[:, None]), hand.shape[1] - 1)
        shifted = np.take_along_axis(hand, src, 1)
        shifted[:, -1] = EMPTY
        self.hands[seat, r] = shifted
        self.hand_len[seat, r] -= 1
        return cards

    def remove_card(self, r: Rows, seat: int, cards: np.ndarray) -> None:
        """Take ``cards`` (one per row, each in that hand) out of ``seat``'s hand."""
        pos = np.argmax(self.hands[seat, r] == cards[:, None], axis=1)
        self.remove_at(r, seat, pos)

    def to_discard(self, r: Rows, cards: Any) -> None:
        self.discard[r, self.discard_len[r]] = cards
        self.discard_len[r] += 1

    def log_play(self, r: Rows, code: int) -> None:
        if self.record_plays and len(r):
            self.play_log.append((r.copy(), code))
