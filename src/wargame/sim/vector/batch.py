"""Many games' final states as arrays, one row (or column) per game.

A ``Batch`` holds what ``GameState`` holds, except the text log and history: model values,
board, victory points, modifiers, hands, piles, random counters and how each game ended. The
game kernel (``sim.kernel``) fills one with the games it played; records and fingerprints are
read off it, and ``fingerprint.batch_of_states`` fills one from interactive games to compare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wargame.model.economy import EXACT, derive
from wargame.model.variables import STATE_VARIABLES
from wargame.sim.vector.tables import Tables

Rows = np.ndarray  # int64 row numbers
EMPTY = -1  # an empty card slot


#: How a game ended, by code (``sim.record.REASONS`` keys).
REASONS = ("", "china-parity", "china-share", "us-lead", "firm-sanctioned", "firm-squeezed", "end")


@dataclass
class Batch:
    """The states of ``n`` games of one ruleset."""

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
    reason: np.ndarray  # (n,) code of how the game ended (see REASONS)
    sudden: np.ndarray  # (n,) seat that won outright, EMPTY when decided by score
    loser: np.ndarray  # (n,) seat out of the running, EMPTY for none
    ended: np.ndarray  # (n,) quarter index the game ended in
    quarter: int = 0
    turn: int = 1
    action_index: int = 0
    headline_phase: bool = False
    # Each game's card plays that took effect (first firing of each, in order): play codes
    # (``Tables.play_triples``), and where each game's codes end.
    plays: tuple[np.ndarray, np.ndarray] | None = None
    # Games the game kernel could not hold (more modifiers or moves than its fixed room): their
    # rows are not to be read; ``sim.batch.play_chunk`` has the engine play them again.
    spilled: np.ndarray | None = None

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
        x, lo, hi = flat[at], self.tables.lo[col], self.tables.hi[col]
        x = np.where(lo > x, lo, x)  # ``Variable.clamp``'s tie rules
        flat[at] = np.where(hi < x, hi, x)
        return e[:n_vars]

    def named(self, matrix: np.ndarray) -> dict[str, np.ndarray]:
        """Rows of a (variables, m) matrix by variable name."""
        return dict(zip(STATE_VARIABLES, matrix, strict=True))

    def outputs(self, r: Rows) -> dict[str, np.ndarray]:
        """Every variable (effective state and derived) of rows ``r``, as ``flow.all_values`` has
        them, less the outputs only people read (``economy.DISPLAY_OUTPUTS``)."""
        eff = self.named(self.effective(r))
        board = list(self.board.take(r, axis=1))
        t = self.tables
        return {**eff, **derive(eff, board, t.weights, t.params, EXACT, display=False)}
