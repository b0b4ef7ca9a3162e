"""What a seat may do, for many games at once, in ``flow.legal_actions`` order, and the bots that pick.

``Options`` counts, for each game and each card in the deciding seat's hand, how many legal
actions that card gives, in the order the engine lists them; decoding action number ``k`` of a
game then needs no list at all. The ``random`` bot draws ``k`` from its own counter-based stream
exactly as ``bots.simple.RandomBot`` does, so both engines make the same moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wargame.bots.greedy import world_seed
from wargame.engine import rng
from wargame.engine.flow import score_margins, winner_by_margin
from wargame.sim.vector.batch import EMPTY, Batch, Rows
from wargame.sim.vector.rules import (
    EVENT,
    HEADLINE,
    INFLUENCE,
    INVEST,
    LOBBY,
    PASS,
    SHELVE,
    Lookup,
    apply_actions,
    holds,
    settle,
)
from wargame.sim.vector.tables import ANY


@dataclass
class Options:
    """The legal actions of ``seat`` in rows ``r``, counted per hand position."""

    rows: Rows
    seat: int
    headline: bool
    hand: np.ndarray  # (m, capacity) card numbers, EMPTY past the hand's end
    event: np.ndarray  # (m, capacity) how many event (or headline) actions each card gives
    influence: np.ndarray  # (m, capacity) influence actions each card gives
    plain_ops: np.ndarray  # (m, capacity) invest and lobby: 2 for a card with ops, else 0
    shelve: np.ndarray  # (m, capacity) 1 when the card may be shelved
    influence_to: np.ndarray  # (m, states) where the seat may influence
    total: np.ndarray  # (m,) legal actions in all
    aimed: np.ndarray  # (m, capacity) the card's event is the seat's own and asks for a swing state

    @property
    def counts(self) -> np.ndarray:
        return self.event + self.influence + self.plain_ops + self.shelve


def options(b: Batch, r: Rows, seat: int) -> Options:
    """``flow.legal_actions`` for ``seat`` in rows ``r`` (every row's hand must hold a card)."""
    t = b.tables
    hand = b.hands[seat, r].astype(np.int64)
    width = int(b.hand_len[seat, r].max()) if len(r) else 0
    hand = hand[:, :width]
    held = hand != EMPTY
    cards = np.where(held, hand, 0)
    faction = t.faction[cards]
    own = (faction == seat) | (faction == ANY)
    budget = b.values[t.seat_budget[seat], r][:, None]
    pc = b.values[t.seat_pc[seat], r][:, None]
    can = held & own & (budget >= t.cost_budget[cards] - 1e-9) & (pc >= t.cost_pc[cards] - 1e-9)
    need = np.unique(cards[can & t.has_requirement[cards]])
    if len(need):
        look = Lookup(b, r)
        for c in need:
            ok = holds(t.cards[c].requirement, look)
            can &= ~(cards == c) | ok[:, None]
    aimed = held & t.needs_target[cards]
    spots = np.where(aimed, t.n_board, 1)
    zero = np.zeros_like(hand)
    name = t.seats[seat]
    board = b.board.take(r, axis=1).T  # (m, states)
    if b.headline_phase:
        event = np.where(held, np.where(own, np.where(can, spots, 0), 1), 0)
        influence_to = np.zeros((len(r), t.n_board), bool)
        total = event.sum(axis=1) + 1
        return Options(r, seat, True, hand, event, zero, zero, zero, influence_to, total, own & aimed)
    influence_to = board < 3 if name == "us" else board > -3 if name == "china" else board != 0
    ops = t.ops[cards]
    event = np.where(can, spots, 0)
    influence = np.where(held & (ops >= 2), influence_to.sum(axis=1)[:, None], 0)
    plain = np.where(held & (ops > 0), 2, 0)
    shelve = np.where(held & ~b.shelved[seat, r][:, None], 1, 0)
    total = (event + influence + plain + shelve).sum(axis=1) + 1
    return Options(r, seat, False, hand, event, influence, plain, shelve, influence_to, total, own & aimed)


def decode(o: Options, k: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Action number ``k`` of each row's legal list, as (kind, card, target) arrays."""
    m = len(o.rows)
    kind = np.full(m, PASS, np.int64)
    card = np.full(m, EMPTY, np.int64)
    target = np.full(m, EMPTY, np.int64)
    if o.headline:
        play = k < o.total - 1  # the last action declines
        kk = k
    else:
        play = k > 0  # the first action passes
        kk = k - 1
    if not play.any():
        if o.headline:
            kind[:] = HEADLINE
        return kind, card, target
    counts = o.counts
    cum = np.cumsum(counts, axis=1)
    pos = (cum <= kk[:, None]).sum(axis=1)
    pos = np.minimum(pos, counts.shape[1] - 1)
    rows = np.arange(m)
    off = kk - (cum[rows, pos] - counts[rows, pos])
    chosen = o.hand[rows, pos]
    card = np.where(play, chosen, EMPTY)
    ev = o.event[rows, pos]
    aimed = o.aimed[rows, pos]
    if o.headline:
        kind[:] = HEADLINE
        return kind, card, np.where(play & aimed, off, EMPTY)
    is_event = play & (off < ev)
    kind = np.where(is_event, EVENT, kind)
    target = np.where(is_event & aimed, off, target)
    off = off - ev
    inf = o.influence[rows, pos]
    is_inf = play & ~is_event & (off >= 0) & (off < inf)
    if is_inf.any():
        nth = np.argmax(np.cumsum(o.influence_to, axis=1) > np.maximum(off, 0)[:, None], axis=1)
        kind = np.where(is_inf, INFLUENCE, kind)
        target = np.where(is_inf, nth, target)
    off = off - inf
    rest = play & ~is_event & ~is_inf
    plain = o.plain_ops[rows, pos]
    kind = np.where(rest & (off >= 0) & (off < plain), np.where(off == 0, INVEST, LOBBY), kind)
    kind = np.where(rest & (off >= plain), SHELVE, kind)
    return kind, card, target


# --- Bots ------------------------------------------------------------------------------------------
class PassChooser:
    """``bots.simple.PassBot``: passes, and declines every headline."""

    def __init__(self, b: Batch, seat: int, seeds: np.ndarray) -> None:
        self.seat = seat

    def choose(self, b: Batch, r: Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = len(r)
        kind = np.full(m, HEADLINE if b.headline_phase else PASS, np.int64)
        return kind, np.full(m, EMPTY, np.int64), np.full(m, EMPTY, np.int64)


class RandomChooser:
    """``bots.simple.RandomBot``: action ``below(seed, calls, len(legal))`` of each game's legal list."""

    def __init__(self, b: Batch, seat: int, seeds: np.ndarray) -> None:
        self.seat = seat
        self.seeds = seeds  # (n,) uint64: the bot's seed in each game
        self.calls = np.zeros(b.n, np.uint64)

    def choose(self, b: Batch, r: Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        o = options(b, r, self.seat)
        k = rng.below_array(self.seeds[r], self.calls[r], o.total, np.zeros(len(r), np.uint64))
        self.calls[r] += np.uint64(1)
        return decode(o, k)


CHOOSERS = {"pass": PassChooser, "random": RandomChooser}


class GreedyChooser:
    """``bots.greedy.GreedyBot``: the legal action with the best projected score for its seat.

    Each deciding game is determinized under the bot's seed (as ``engine.determinize``), copied
    once per distinct outcome (``greedy._outcome_key``), each copy takes its action and plays on
    to the next decision, and the copies are scored by one more quarter of the model.
    """

    def __init__(self, b: Batch, seat: int, seeds: np.ndarray) -> None:
        self.seat = seat
        self.seeds = seeds
        self.calls = np.zeros(b.n, np.uint64)

    def choose(self, b: Batch, r: Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        o = options(b, r, self.seat)
        m = len(r)
        kind, card, target = decode(o, np.zeros(m, np.int64))  # the first legal action, for single choices
        multi = np.nonzero(o.total > 1)[0]
        if not len(multi):
            return kind, card, target
        rows = r[multi]
        with np.errstate(over="ignore"):
            seeds = world_seed(self.seeds[rows], self.calls[rows])
        self.calls[rows] += np.uint64(1)
        sub = _narrow(o, multi)
        k_best = _best_actions(b, sub, self.seat, seeds)
        kk, cc, tt = decode(sub, k_best)
        kind[multi], card[multi], target[multi] = kk, cc, tt
        return kind, card, target


def _narrow(o: Options, sel: np.ndarray) -> Options:
    return Options(o.rows[sel], o.seat, o.headline, o.hand[sel], o.event[sel], o.influence[sel], o.plain_ops[sel],
                   o.shelve[sel], o.influence_to[sel], o.total[sel], o.aimed[sel])


def _outcome_keys(b: Batch, o: Options, kind: np.ndarray, card: np.ndarray, target: np.ndarray) -> np.ndarray:
    """``greedy._outcome_key`` as one number: ops of equal value on the same use and target, when no
    opponent's event fires, share a key."""
    t = b.tables
    faction = t.faction[np.maximum(card, 0)]
    ops_kind = (kind == INFLUENCE) | (kind == INVEST) | (kind == LOBBY)
    fires = ops_kind & (faction >= 0) & (faction != o.seat)
    plain = ops_kind & ~fires
    who = np.where(plain, 10_000 + t.ops[np.maximum(card, 0)], card + 1)
    return (kind * 100_000 + who) * 100 + (target + 1)


def _best_actions(b: Batch, o: Options, seat: int, seeds: np.ndarray) -> np.ndarray:
    """The index, in each row's legal list, of the action the greedy bot takes."""
    from wargame.sim.vector.determinize import determinized

    m = len(o.rows)
    width = int(o.total.max())
    ks = np.arange(width)
    keys = np.empty((m, width), np.int64)
    decoded = []
    for k in range(width):
        kk = np.minimum(k, o.total - 1)
        kind, card, target = decode(o, kk)
        keys[:, k] = _outcome_keys(b, o, kind, card, target)
        decoded.append((kind, card, target))
    valid = ks[None, :] < o.total[:, None]
    first = valid.copy()
    for k in range(1, width):
        first[:, k] &= ~(keys[:, :k] == keys[:, k : k + 1]).any(axis=1)
    row_of, k_of = np.nonzero(first)  # candidates, row by row in legal order
    world = determinized(b, o.rows, seat, seeds)
    trial = world.take(row_of)
    kinds = np.stack([d[0] for d in decoded], axis=1)[row_of, k_of]
    cards = np.stack([d[1] for d in decoded], axis=1)[row_of, k_of]
    targets = np.stack([d[2] for d in decoded], axis=1)[row_of, k_of]
    every = np.arange(len(row_of))
    apply_actions(trial, every, seat, kinds, cards, targets)
    quarter = settle(trial, every, seat)
    score = projected(trial, quarter, seat)
    best = np.full(m, -np.inf)
    choice = np.zeros(m, np.int64)
    scores = np.full((m, width), -np.inf)
    scores[row_of, k_of] = score
    for k in range(width):  # ``greedy.choose``: a later action wins only by more than 1e-9
        better = first[:, k] & (scores[:, k] > best + 1e-9)
        best = np.where(better, scores[:, k], best)
        choice = np.where(better, k, choice)
    return choice


def projected(b: Batch, quarter: np.ndarray, seat: int) -> np.ndarray:
    """``greedy.projected_score`` of every row: points now plus one more quarter of the model, or
    the final points (and 1000 for a win) once the game is over."""
    from wargame.engine.flow import FIRST_PLAY_QUARTER
    from wargame.model.economy import EXACT, advance_quarter, derive
    from wargame.model.scoring import quarter_vp

    t = b.tables
    p = t.params
    score = b.vp[seat].copy()
    over = b.over
    if over.any():
        idx = np.nonzero(over)[0]
        score[idx] += np.where(winners(b, idx) == seat, 1000.0, 0.0)
    for q in np.unique(quarter[~over]).tolist():
        r = np.nonzero(~over & (quarter == q))[0]
        eff = b.named(b.effective(r))
        board = list(b.board.take(r, axis=1))
        new, new_board = advance_quarter(eff, board, t.weights, p, max(q - FIRST_PLAY_QUARTER, 0), EXACT)
        out = derive(new, new_board, t.weights, p, EXACT, display=False)
        vp = quarter_vp(new, out, new_board, p, new["firm.profit"] - eff["firm.profit"])
        score[r] = score[r] + vp[t.seats[seat]]
    return score


def winners(b: Batch, r: Rows) -> np.ndarray:
    """The winning seat of each finished row, as ``flow._finish`` decides it."""
    t = b.tables
    seats = t.seats
    out = b.sudden[r].astype(np.int64)
    for i in np.nonzero(out == EMPTY)[0].tolist():
        row, loser = int(r[i]), int(b.loser[r[i]])
        vp = {s: float(b.vp[k, row]) for k, s in enumerate(seats)}
        margins = score_margins(seats, vp, t.rules.scenario.victory.targets)
        out[i] = t.seat_index[winner_by_margin(seats, margins, seats[loser] if loser != EMPTY else None)]
    return out


CHOOSERS["greedy"] = GreedyChooser
