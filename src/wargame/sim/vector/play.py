"""Playing a batch of games in lockstep, and reading records off the finished batch."""

from __future__ import annotations

import weakref
from collections.abc import Mapping

import numpy as np

from wargame.bots.match import seat_seed
from wargame.engine.cards import quarter_label
from wargame.engine.flow import score_margins, winner_by_margin
from wargame.engine.game import Game
from wargame.sim.record import GameRecord, shared_plays
from wargame.sim.spec import bot_seed
from wargame.sim.vector.batch import EMPTY, Batch
from wargame.sim.vector.choices import CHOOSERS
from wargame.sim.vector.fingerprint import fingerprints
from wargame.sim.vector.rules import (
    REASONS,
    apply_actions,
    begin_quarter,
    end_quarter,
    new_batch,
    resolve_headlines,
)
from wargame.sim.vector.tables import Tables, plays_ruleset

_TABLES: weakref.WeakKeyDictionary[Game, Tables] = weakref.WeakKeyDictionary()


def tables_for(game: Game) -> Tables:
    """The compiled tables of ``game`` (kept while the game lives)."""
    t = _TABLES.get(game)
    if t is None:
        t = _TABLES[game] = Tables(game)
    return t


def vector_bots() -> tuple[str, ...]:
    """Bots the batch engine plays itself."""
    return tuple(CHOOSERS)


def bot_seeds(seed: int, first: int, count: int, seats: list[str]) -> dict[str, np.ndarray]:
    """Each seat's bot seed in each game, as ``sim.spec.play_game`` and ``bots.match.seat_bots`` derive them."""
    base = bot_seed(seed, np.arange(first, first + count, dtype=np.uint64))
    with np.errstate(over="ignore"):
        return {seat: seat_seed(base, i) for i, seat in enumerate(sorted(seats))}


def play(game: Game, bots: Mapping[str, str], seed: int, first: int, count: int) -> Batch:
    """Play games ``first .. first+count-1`` under ``seed`` to the end, every seat by its named bot."""
    if not plays_ruleset(game.rules):
        raise ValueError("the batch simulator needs each card at most once in the draw and world decks")
    t = tables_for(game)
    b = new_batch(t, seed, first, count)
    seeds = bot_seeds(seed, first, count, t.seats)
    deciders = [CHOOSERS[bots[s]](b, i, seeds[s]) for i, s in enumerate(t.seats)]
    rounds = t.rules.scenario.rounds
    r = np.arange(count)
    while len(r):
        if b.headline_phase:
            for s, decider in enumerate(deciders):
                rows = r[b.hand_len[s, r] > 0]
                if len(rows):
                    apply_actions(b, rows, s, *decider.choose(b, rows))
            resolve_headlines(b, r)
        for i in range(rounds * t.n_seats):
            s = i % t.n_seats
            rows = r[b.hand_len[s, r] > 0]
            if len(rows):
                apply_actions(b, rows, s, *deciders[s].choose(b, rows))
            b.action_index += 1
        end_quarter(b, r)
        r = r[~b.over[r]]
        if len(r):
            b.quarter += 1
            b.turn += 1
            begin_quarter(b, r)
    return b


def records(b: Batch) -> list[GameRecord]:
    """A ``GameRecord`` per row of a finished batch, equal to ``sim.record.record_game``'s for that game."""
    t = b.tables
    r = np.arange(b.n)
    out = b.outputs(r)
    lag, dom, share = (out[k].tolist() for k in ("world.lag", "china.domestic_share", "china.world_share"))
    vps = b.vp.T.tolist()
    targets = t.rules.scenario.victory.targets
    seats = t.seats
    prints = [f"{int(x):016x}" for x in fingerprints(b)]
    plays = _plays(b) if getattr(b, "plays_flat", None) is None else _flat_plays(b)
    result: list[GameRecord] = []
    for i in range(b.n):
        vp = vps[i]
        margins = score_margins(seats, dict(zip(seats, vp, strict=True)), targets)
        sudden, loser = int(b.sudden[i]), int(b.loser[i])
        winner = seats[sudden] if sudden != EMPTY else winner_by_margin(seats, margins, seats[loser] if loser != EMPTY else None)
        result.append(GameRecord(
            index=int(b.games[i]), winner=winner, reason=REASONS[int(b.reason[i])],
            quarter=quarter_label(int(b.ended[i])), margins=margins,
            vp={s: round(vp[k], 6) for k, s in enumerate(seats)},
            lag=round(lag[i], 6), domestic_share=round(dom[i], 6), china_share=round(share[i], 6),
            plays=plays[i], fingerprint=prints[i]))
    return result


def _flat_plays(b: Batch) -> list[tuple[tuple[str, str, str], ...]]:
    log, end = b.plays_flat  # type: ignore[attr-defined]
    triples = shared_plays(tuple(b.tables.play_triples))
    codes = log.tolist()
    bounds = [0, *end.tolist()]
    return [tuple([triples[c] for c in codes[bounds[g]:bounds[g + 1]]]) for g in range(b.n)]


def _plays(b: Batch) -> list[tuple[tuple[str, str, str], ...]]:
    """Each row's card plays that took effect, first firing of each triple, in order."""
    out: list[tuple[tuple[str, str, str], ...]] = [()] * b.n
    if not b.play_log:
        return out
    # The log is in the order things happened; a stable sort by row keeps that order within a game.
    rows = np.concatenate([r for r, _ in b.play_log])
    codes = np.repeat(np.array([c for _, c in b.play_log]), [len(r) for r, _ in b.play_log])
    order = np.argsort(rows, kind="stable")
    rows, codes = rows[order], codes[order]
    key = rows.astype(np.int64) * (1 << 20) + codes
    by_key = np.argsort(key, kind="stable")
    sorted_keys = key[by_key]
    first = np.ones(len(key), bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    keep = np.zeros(len(key), bool)
    keep[by_key[first]] = True
    rows, codes = rows[keep], codes[keep]
    triples = shared_plays(tuple(b.tables.play_triples))  # one shared tuple per triple, as batches keep them
    bounds = np.searchsorted(rows, np.arange(b.n + 1)).tolist()
    codes_list = codes.tolist()
    for i in range(b.n):
        out[i] = tuple([triples[c] for c in codes_list[bounds[i]:bounds[i + 1]]])
    return out
