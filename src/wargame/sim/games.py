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


def records(played: Played) -> list[GameRecord]:
    """A ``GameRecord`` per game, equal to ``sim.record.record_game``'s for that game played alone."""
    low, finals = played.lowered, played.finals
    n, seats = played.n, low.seats
    out = played.game.final_outputs(finals)
    lag, dom, share = (out[:, model.DERIVED.index(k)].tolist()
                       for k in ("world.lag", "china.domestic_share", "china.world_share"))
    vps = finals.vp[:, : len(seats)].tolist()
    victory = low.ruleset.scenario.victory
    prints = [f"{x:016x}" for x in fingerprints(low, np.full(n, played.seed & _MASK, np.uint64), finals).tolist()]
    plays = _plays(played)
    games, reasons = finals.game.tolist(), finals.reason.tolist()
    sudden, loser, ended = finals.sudden.tolist(), finals.loser.tolist(), finals.ended.tolist()
    labels = {q: quarter_label(q) for q in set(ended)}
    shares = {q: ended_share(low.ruleset.scenario, q) for q in labels}
    dues = {q: {s: victory.due(s, share) for s in seats} for q, share in shares.items()}  # as ``score_margins``
    result: list[GameRecord] = []
    for i in range(n):
        vp = vps[i]
        margins = margins_over(seats, dict(zip(seats, vp, strict=True)), dues[ended[i]])
        won, lost = sudden[i], loser[i]
        winner = winner_of(END_REASONS[reasons[i]], seats, margins, seats[won] if won >= 0 else None,
                           seats[lost] if lost >= 0 else None)
        result.append(GameRecord(
            index=games[i], winner=winner, reason=END_REASONS[reasons[i]], quarter=labels[ended[i]], margins=margins,
            played=shares[ended[i]],
            vp={s: round(vp[k], 6) for k, s in enumerate(seats)},
            lag=round(lag[i], 6), domestic_share=round(dom[i], 6), china_share=round(share[i], 6),
            plays=plays[i], fingerprint=prints[i]))
    return result


def _plays(played: Played) -> list[tuple[tuple[str, str, str], ...]]:
    """Each game's card plays that took effect (first firing of each), as record triples."""
    low = played.lowered
    names = [*low.seats, *["world"] * (layout.MAX_SEATS + 1 - len(low.seats))]
    log = played.log[: int(played.log_end[-1])] if played.n else played.log[:0]
    triples: dict[int, tuple[str, str, str]] = {}
    for code in np.unique(log).tolist():  # each distinct play once (a game records about ninety)
        rest, kind = divmod(code, N_RECORDED)
        card, who = divmod(rest, layout.MAX_SEATS + 1)
        triples[code] = shared_plays(((low.card_ids[card], names[who], RECORDED_PLAYS[kind]),))[0]
    flat = list(map(triples.__getitem__, log.tolist()))
    bounds = [0, *played.log_end.tolist()]
    return [tuple(flat[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


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


__all__ = ["CORE_BOTS", "Played", "bot_seeds", "fingerprints", "play", "records"]
