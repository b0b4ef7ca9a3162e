"""Playing a chunk of games in the compiled kernel, and handing them back as a finished ``Batch``.

The kernel leaves each game's final state in a float row and an int row; ``to_batch`` lays those
rows out as a ``sim.vector.batch.Batch``, from which records and fingerprints are read, and a
fingerprint equal to the interactive engine's (``fingerprint.batch_of_states``) proves the same game.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

import numpy as np

from wargame.engine.game import Game
from wargame.sim.kernel import game as kernel
from wargame.sim.kernel import model
from wargame.sim.kernel import program as slot
from wargame.sim.kernel.program import Program, compile_program
from wargame.sim.kernel.warmup import ready
from wargame.sim.vector.batch import EMPTY, Batch
from wargame.sim.vector.records import bot_seeds
from wargame.sim.vector.tables import KERNEL_BOTS, Tables, plays_ruleset, tables_for

#: The kernel's code of each bot it plays (``tables.KERNEL_BOTS``).
BOTS = dict(zip(KERNEL_BOTS, (kernel.PASS_BOT, kernel.RANDOM_BOT, kernel.GREEDY_BOT), strict=True))

#: Room in the plays log for each game of a chunk to start with (it doubles when a chunk needs more).
LOG_PER_GAME = 48

_PROGRAMS: weakref.WeakKeyDictionary[Tables, Program] = weakref.WeakKeyDictionary()


def program_for(t: Tables) -> Program:
    """The kernel program of ``t`` (kept while the tables live)."""
    prog = _PROGRAMS.get(t)
    if prog is None:
        prog = _PROGRAMS[t] = compile_program(t)
    return prog


def play(game: Game, bots: Mapping[str, str], seed: int, first: int, count: int) -> Batch:
    """Play games ``first .. first+count-1`` under ``seed`` to the end, every seat by its named bot."""
    ready()  # the machine code, verified or compiled, before numba reads the cache
    if not plays_ruleset(game.rules):
        raise ValueError("the batch simulator needs each card at most once in the draw and world decks")
    t = tables_for(game)
    p = program_for(t)
    seeds = bot_seeds(seed, first, count, t.seats)
    seat_seeds = np.stack([seeds[s] for s in t.seats]) if count else np.zeros((t.n_seats, 0), np.uint64)
    codes = np.array([BOTS[bots[s]] for s in t.seats], np.int64)
    out_f = np.zeros((count, p.at(slot.F_SIZE)))
    out_i = np.zeros((count, p.at(slot.I_SIZE)), np.int64)
    log = np.zeros(count * LOG_PER_GAME + 64, np.int16 if p.at(slot.PLAY_CODES) < 2**15 else np.int32)
    log_end = np.zeros(count, np.int64)
    word = np.uint64(kernel.seed_word(np.uint64(seed & (2**64 - 1))))  # numba hands back a Python int
    done = 0
    while done < count:  # the plays log grows when a chunk's games fire more plays than it holds
        done = kernel.play_games(p.pi, p.pf, *p.work(), codes, seat_seeds, word, first, done, out_f, out_i, log, log_end)
        if done < count:
            log = np.concatenate([log, np.zeros(len(log), log.dtype)])
    b = to_batch(t, p, out_f, out_i, seed)
    b.plays = (log, log_end)
    b.spilled = out_i[:, p.at(slot.I_SPILL)] != 0
    return b


def to_batch(t: Tables, p: Program, f: np.ndarray, i: np.ndarray, seed: int) -> Batch:
    """The kernel's final rows as a ``Batch`` (all games over, so its shared phase fields are the end's)."""
    n = len(f)
    b = Batch.empty(t, n)
    s_n = t.n_seats

    def part(rows: np.ndarray, at: int, width: int) -> np.ndarray:
        start = p.at(at)
        return rows[:, start : start + width]

    def one(at: int) -> np.ndarray:
        return i[:, p.at(at)]

    b.seeds[:] = np.uint64(seed & (2**64 - 1))
    b.games[:] = one(slot.I_GAME).astype(np.uint64)
    b.counter[:] = one(slot.I_COUNTER).astype(np.uint64)
    b.values = part(f, slot.F_VALUES, model.N_VALUES).T.copy()
    b.board = part(f, slot.F_BOARD, t.n_board).T.copy()
    b.vp = part(f, slot.F_VP, s_n).T.copy()
    slots = p.at(slot.SLOTS)
    b.mod_count = one(slot.I_MOD_COUNT).copy()
    # The kernel leaves expired modifiers behind its count; a batch marks unused slots EMPTY
    # (``Batch.effective`` reads every slot up to the largest count of any row).
    used = np.arange(slots)[None, :] < b.mod_count[:, None]
    b.mod_target = np.where(used, part(i, slot.I_MOD_TARGET, slots), EMPTY)
    b.mod_turns = np.where(used, part(i, slot.I_MOD_TURNS, slots), 0)
    b.mod_add = np.where(used, part(f, slot.F_MOD_ADD, slots), 0.0)
    b.mod_mul = np.where(used, part(f, slot.F_MOD_MUL, slots), 1.0)
    cap = p.at(slot.CAPACITY)
    b.hands = part(i, slot.I_HANDS, s_n * cap).reshape(n, s_n, cap).transpose(1, 0, 2).astype(np.int16)
    b.hand_len = part(i, slot.I_HAND_LEN, s_n).T.copy()
    for pile, at, length in (("draw", slot.I_DRAW, slot.I_DRAW_LEN), ("discard", slot.I_DISCARD, slot.I_DISCARD_LEN),
                             ("world", slot.I_WORLD, slot.I_WORLD_LEN),
                             ("world_discard", slot.I_WORLD_DISCARD, slot.I_WORLD_DISCARD_LEN)):
        width = getattr(b, pile).shape[1]
        setattr(b, pile, part(i, at, width).astype(np.int16))
        setattr(b, pile + "_len", one(length).copy())
    b.shelved = part(i, slot.I_SHELVED, s_n).T.astype(bool)
    b.streaks = part(i, slot.I_STREAKS, 3).T.copy()
    b.fired = part(i, slot.I_FIRED, b.fired.shape[0]).T.astype(bool)
    b.picks = part(i, slot.I_PICKS, s_n).T.copy()
    b.pick_target = part(i, slot.I_PICK_TARGET, s_n).T.copy()
    b.over = one(slot.I_OVER).astype(bool)
    b.reason = one(slot.I_REASON).astype(np.int8)
    b.sudden = one(slot.I_SUDDEN).astype(np.int8)
    b.loser = one(slot.I_LOSER).astype(np.int8)
    b.ended = one(slot.I_ENDED).astype(np.int32)
    if n:
        b.quarter, b.turn, b.action_index = int(one(slot.I_QUARTER)[0]), int(one(slot.I_TURN)[0]), int(one(slot.I_ACTION)[0])
    b.headline_phase = False
    return b
