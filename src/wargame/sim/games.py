"""Playing a chunk of bots-only games in the rules core, and reading their records.

``play`` plays games ``first .. first+count-1`` to the end (every seat by a bot the core plays:
``pass``, ``random``, ``greedy`` or a search, ``mcts``, ``mcts-fast``) and keeps their final states;
``records`` reads a ``GameRecord`` off each. ``fingerprints`` hashes a rules state (everything the rules read or write, not the text
log): a game's fingerprint is the same alone, in a batch, and as the facade's ``GameState``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from wargame.bots.match import seat_seed
from wargame.core import layout, model
from wargame.core.codes import BOT_NAMES, N_RECORDED, RECORDED_PLAYS
from wargame.core.mcts import SEARCH_BOTS
from wargame.engine import rng as engine_rng
from wargame.engine.cards import quarter_label
from wargame.engine.game import Game
from wargame.engine.lowering import Lowered
from wargame.engine.outcome import END_REASONS, ended_share, margins_over, winner_of
from wargame.sim.record import GameRecord, shared_plays
from wargame.sim.spec import bot_seed

#: The bots the core plays itself: its own, and the searches (``core.mcts``).
CORE_BOTS = (*BOT_NAMES, *SEARCH_BOTS)
_MASK = 2**64 - 1


@dataclass
class Played:
    """A chunk of finished games: their final states and the plays each recorded."""

    game: Game
    seed: int
    first: int
    finals: np.recarray
    log: np.ndarray
    log_end: np.ndarray

    @property
    def n(self) -> int:
        return len(self.finals)

    @property
    def lowered(self) -> Lowered:
        return self.game.rules.lowered


def bot_seeds(seed: int, first: int, count: int, seats: list[str]) -> dict[str, np.ndarray]:
    """Each seat's bot seed in each game, as ``sim.spec.play_game`` and ``bots.match.seat_bots`` derive them."""
    base = bot_seed(seed, np.arange(first, first + count, dtype=np.uint64))
    with np.errstate(over="ignore"):
        return {seat: seat_seed(base, i) for i, seat in enumerate(sorted(seats))}


def play(game: Game, bots: Mapping[str, str], seed: int, first: int, count: int) -> Played:
    """Play games ``first .. first+count-1`` under ``seed`` to the end, every seat by its named bot."""
    seats = game.rules.lowered.seats
    seeds = bot_seeds(seed, first, count, seats)
    seat_seeds = np.stack([seeds[s] for s in seats]) if count else np.zeros((len(seats), 0), np.uint64)
    finals, log, log_end = game.play_whole(bots, seat_seeds, seed, first, count)
    return Played(game, seed, first, finals, log, log_end)


@dataclass
class Outcomes:
    """What a chunk's records and its tally read off the final states, game by game (as the record's fields)."""

    index: list[int]
    winner: list[str | None]
    reason: list[str]
    quarter: list[str]
    margins: list[dict[str, float]]
    played: list[float]
    vp: np.ndarray  # game by seat (``Lowered.seats``), six places
    lag: list[float]
    domestic_share: list[float]
    china_share: list[float]
    fingerprint: np.ndarray  # uint64


def outcomes(played: Played) -> Outcomes:
    """Each game's outcome, equal to its ``sim.record.record_game`` fields when played alone (but ``plays``)."""
    low, finals = played.lowered, played.finals
    seats = low.seats
    out = played.game.final_outputs(finals)
    lag, dom, share = ([round(x, 6) for x in out[:, model.DERIVED.index(k)].tolist()]
                       for k in ("world.lag", "china.domestic_share", "china.world_share"))
    raw = finals.vp[:, : len(seats)]
    victory = low.ruleset.scenario.victory
    reasons, ended = finals.reason.tolist(), finals.ended.tolist()
    sudden, loser = finals.sudden.tolist(), finals.loser.tolist()
    labels = {q: quarter_label(q) for q in set(ended)}
    shares = {q: ended_share(low.ruleset.scenario, q) for q in labels}
    dues = {q: {s: victory.due(s, share) for s in seats} for q, share in shares.items()}  # as ``score_margins``
    margins, winners = [], []
    for vp, q, why, won, lost in zip(raw, ended, reasons, sudden, loser, strict=True):
        margin = margins_over(seats, dict(zip(seats, vp.tolist(), strict=True)), dues[q])
        margins.append(margin)
        winners.append(winner_of(END_REASONS[why], seats, margin, seats[won] if won >= 0 else None,
                                 seats[lost] if lost >= 0 else None))
    return Outcomes(
        index=finals.game.tolist(), winner=winners, reason=[END_REASONS[r] for r in reasons],
        quarter=[labels[q] for q in ended], margins=margins, played=[shares[q] for q in ended],
        vp=np.array([round(v, 6) for v in raw.ravel().tolist()]).reshape(raw.shape), lag=lag,
        domestic_share=dom, china_share=share,
        fingerprint=fingerprints(low, np.full(played.n, played.seed & _MASK, np.uint64), finals))


def records(played: Played, read: Outcomes | None = None) -> list[GameRecord]:
    """A ``GameRecord`` per game, equal to ``sim.record.record_game``'s for that game played alone
    (``read``: the chunk's ``outcomes``, if already read)."""
    seats = played.lowered.seats
    o, plays = read or outcomes(played), _plays(played)
    return [GameRecord(index=o.index[i], winner=o.winner[i], reason=o.reason[i], quarter=o.quarter[i],
                       margins=o.margins[i], played=o.played[i], vp=dict(zip(seats, o.vp[i].tolist(), strict=True)),
                       lag=o.lag[i], domestic_share=o.domestic_share[i], china_share=o.china_share[i],
                       plays=plays[i], fingerprint=f"{fp:016x}")
            for i, fp in enumerate(o.fingerprint.tolist())]


def play_codes(played: Played) -> tuple[list[tuple[str, str, str]], np.ndarray, np.ndarray]:
    """The chunk's card plays that took effect as arrays: its distinct (card, seat, kind) triples, each
    play's index among them (every game's plays in turn, first firing of each) and each play's game
    (its position in the chunk)."""
    low = played.lowered
    names = [*low.seats, *["world"] * (layout.MAX_SEATS + 1 - len(low.seats))]
    log = played.log[: int(played.log_end[-1])] if played.n else played.log[:0]
    present = np.zeros(int(log.max(initial=0)) + 1, bool)  # codes are small: a dense map, not a sort
    present[log] = True
    codes = np.flatnonzero(present)
    flat = (np.cumsum(present) - 1)[log]  # int64
    distinct = []
    for code in codes.tolist():
        rest, kind = divmod(code, N_RECORDED)
        card, who = divmod(rest, layout.MAX_SEATS + 1)
        distinct.append((low.card_ids[card], names[who], RECORDED_PLAYS[kind]))
    game = np.repeat(np.arange(played.n, dtype=np.int64), np.diff(played.log_end, prepend=0)) if played.n else flat
    return distinct, flat, game


def _plays(played: Played) -> list[tuple[tuple[str, str, str], ...]]:
    """Each game's card plays that took effect (first firing of each), as record triples."""
    distinct, flat, _ = play_codes(played)
    shared = shared_plays(tuple(distinct))  # one tuple per distinct play (a game records about ninety)
    plays = list(map(shared.__getitem__, flat.tolist()))
    bounds = [0, *played.log_end.tolist()]
    return [tuple(plays[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


# --- Fingerprints ----------------------------------------------------------------------------------
def _mix(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return engine_rng.mix_array(z)


def _words(x: np.ndarray) -> np.ndarray:
    if x.dtype == np.float64:
        return np.ascontiguousarray(x).view(np.uint64)
    return x.astype(np.int64).view(np.uint64)


def fingerprints(low: Lowered, seeds: np.ndarray, st: np.recarray) -> np.ndarray:
    """One uint64 per state. Fields are summed position by position, so unused room counts for nothing."""
    n = len(st)
    n_seats, n_board, n_cond = len(low.seats), len(low.board_ids), len(low.conditional_ids)
    total = np.zeros(n, np.uint64)
    field = 0

    def add(x: np.ndarray, used: np.ndarray | None = None) -> None:
        nonlocal field, total
        field += 1
        x = np.asarray(x).reshape(n, -1)
        keys = _mix(np.uint64(field << 20) + np.arange(x.shape[1], dtype=np.uint64))
        with np.errstate(over="ignore"):
            part = _mix(_words(x) ^ keys[None, :])
            if used is not None:
                part = part * used.reshape(n, -1).astype(np.uint64)
            total = total + part.sum(axis=1, dtype=np.uint64)

    def within(length: np.ndarray, width: int) -> np.ndarray:
        return np.arange(width)[None, :] < np.asarray(length)[:, None]

    def used(part: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The room in use of a pile or hand (past the longest, every position counts for nothing)."""
        width = max(int(np.max(length, initial=0)), 1)
        return part[:, :width], within(length, width)

    over = st.over.astype(np.int64)
    quarter = np.where(over != 0, st.ended, st.quarter).astype(np.int64)
    start = low.rules[0].start
    add(np.stack([seeds.astype(np.int64), st.game.astype(np.int64), st.counter.astype(np.int64), quarter,
                  quarter - start + 1, over, st.reason.astype(np.int64),
                  np.where(over != 0, 0, st.headline.astype(np.int64)), st.action.astype(np.int64)], axis=1))
    add(st.values)
    add(st.board[:, :n_board])
    add(st.vp[:, :n_seats])
    for part in (st.mod_target, st.mod_add, st.mod_mul, st.mod_turns):
        add(*used(part, st.n_mods))
    for s in range(n_seats):
        add(*used(st.hands[:, s], st.hand_len[:, s]))
    for pile, length in ((st.draw, st.n_draw), (st.discard, st.n_discard), (st.world, st.n_world),
                         (st.world_discard, st.n_world_discard)):
        add(*used(pile, length))
    streaks = st.streak[:, [k for k, _ in low.streaks]]
    picks = np.where(st.picked[:, :n_seats] != 0, st.pick[:, :n_seats], -1)
    targets = np.where(st.picked[:, :n_seats] != 0, st.pick_target[:, :n_seats], -1)
    add(np.concatenate([st.hand_len[:, :n_seats], st.shelved[:, :n_seats], streaks, st.fired[:, :n_cond],
                        picks, targets], axis=1).astype(np.int64))
    for pile, length in ((st.held, st.n_held), (st.held_world, st.n_held_world)):  # eras (empty: no change)
        add(*used(pile, length))
    return _mix(total)


__all__ = ["CORE_BOTS", "Outcomes", "Played", "bot_seeds", "fingerprints", "outcomes", "play", "play_codes", "records"]
