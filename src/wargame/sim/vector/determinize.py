"""``engine.determinize`` for many games: the unseen cards dealt at random under each bot's seed."""

from __future__ import annotations

import numpy as np

from wargame.engine import rng
from wargame.sim.vector.batch import EMPTY, Batch, Rows, fisher_yates


def _compact(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's True columns in increasing order (EMPTY after them), and how many there are."""
    order = np.argsort(~mask, axis=1, kind="stable")
    count = mask.sum(axis=1)
    cards = np.where(np.arange(mask.shape[1])[None, :] < count[:, None], order, EMPTY)
    return cards, count


def _shuffle(cards: np.ndarray, count: np.ndarray, seeds: np.ndarray, counter: np.ndarray) -> None:
    """Fisher-Yates as ``determinize.shuffled`` does it (draws on game 0), advancing ``counter``."""
    zero = np.zeros(len(seeds), np.uint64)

    def below(rows: np.ndarray, n: int) -> np.ndarray:
        j = rng.below_array(seeds[rows], counter[rows], n, zero[rows])
        counter[rows] += np.uint64(1)
        return j

    fisher_yates(cards, np.arange(len(cards)), count, below)


def determinized(b: Batch, r: Rows, seat: int, seeds: np.ndarray) -> Batch:
    """Rows ``r`` as ``seat`` would see them, with hidden cards dealt under ``seeds`` (one per row)."""
    t = b.tables
    d = b.take(r)
    m = len(r)
    rows = np.arange(m)
    counter = np.zeros(m, np.uint64)
    # Unseen: the draw deck less the discard pile, the seat's hand and the picks it can see.
    unseen = np.zeros((m, t.n_cards + 1), bool)  # a spare last column absorbs EMPTY slots
    unseen[:, t.draw_deck] = True
    spare = t.n_cards

    def strike(cards: np.ndarray) -> None:
        unseen[rows[:, None], np.where(cards == EMPTY, spare, cards)] = False

    strike(d.discard.astype(np.int64))
    strike(d.hands[seat].astype(np.int64))
    strike(d.picks[seat][:, None])
    unseen[:, spare] = False
    pool, size = _compact(unseen[:, :spare])
    _shuffle(pool, size, seeds, counter)
    top = size - 1  # pool.pop() takes from the end
    for s in range(t.n_seats):
        if s == seat:
            continue
        n = d.hand_len[s]
        width = d.hands.shape[2]
        j = np.arange(width)[None, :]
        src = np.clip(top[:, None] - j, 0, None)
        dealt = np.take_along_axis(pool, src, 1)
        d.hands[s] = np.where(j < n[:, None], dealt, EMPTY).astype(np.int16)
        top = top - n
    for s in range(t.n_seats):  # hidden headline picks, in the order they were made (seat order)
        if s == seat:
            continue
        hidden = d.picks[s] != EMPTY
        d.picks[s] = np.where(hidden, pool[rows, np.clip(top, 0, None)], d.picks[s])
        d.pick_target[s] = np.where(hidden, EMPTY, d.pick_target[s])
        top = top - hidden
    keep = np.arange(pool.shape[1])[None, :] <= top[:, None]
    d.draw[:] = EMPTY
    d.draw[:, : pool.shape[1]] = np.where(keep, pool, EMPTY)[:, : d.draw.shape[1]]
    d.draw_len = top + 1
    left = np.zeros((m, t.n_cards + 1), bool)
    left[:, t.world_deck] = True
    left[rows[:, None], np.where(d.world_discard == EMPTY, spare, d.world_discard.astype(np.int64))] = False
    left[:, spare] = False
    world, n_world = _compact(left[:, :spare])
    _shuffle(world, n_world, seeds, counter)
    d.world[:] = EMPTY
    d.world[:, : min(world.shape[1], d.world.shape[1])] = world[:, : d.world.shape[1]]
    d.world_len = n_world
    d.seeds = seeds.copy()
    return d
