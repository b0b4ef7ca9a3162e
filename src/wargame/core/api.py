"""The core's entry points for the facade: one step of one game at a time (and, for batches, the
outputs of many finished games: ``final_outputs``).

Each takes arrays of one record (``rules``, ``work``, ``states``) so that the state it changes is
the caller's own memory; events go to ``events`` (``work.n_events`` of them).
"""

from __future__ import annotations

import numpy as np

from wargame.core import bots, mcts, model, quarter
from wargame.core.cards import holds
from wargame.core.jit import batch, jit
from wargame.core.state import effective, outputs


@jit
def new_game(rules, code, work, events, states, word, game):  # type: ignore[no-untyped-def]
    """The opening state of game ``game`` under the seed whose word is ``word``, into ``states[0]``."""
    wk = work[0]
    wk.n_events = 0
    quarter.new_game(states[0], rules[0], code, wk, events, word, game)


@jit
def opening(rules, states, word, game):  # type: ignore[no-untyped-def]
    """The state as the scenario sets it, before the first quarter's news, into ``states[0]``."""
    quarter.setup_game(states[0], rules[0], word, game)


@jit
def step(rules, code, work, events, states, seat, kind, card, target, within_quarter):  # type: ignore[no-untyped-def]
    """``seat``'s decision on ``states[0]``, then the automatic steps; returns how many events the
    decision itself emitted (the automatic steps' follow)."""
    wk, st, R = work[0], states[0], rules[0]
    wk.n_events = 0
    quarter.apply_action(st, R, code, wk, events, seat, kind, card, target)
    own = wk.n_events
    quarter.advance(st, R, code, wk, events, within_quarter)
    return own


@jit
def override(rules, work, events, states, index, value):  # type: ignore[no-untyped-def]
    work[0].n_events = 0
    quarter.override(states[0], rules[0], work[0], events, index, value)


@jit
def fire(rules, code, work, events, states, card, target):  # type: ignore[no-untyped-def]
    work[0].n_events = 0
    quarter.fire(states[0], rules[0], code, work[0], events, card, target)


@jit
def legal_moves(rules, code, work, states, seat, out):  # type: ignore[no-untyped-def]
    """``seat``'s legal moves as rows (kind, card, target) of ``out``; returns how many (at most
    ``len(out)``: a caller with more moves asks again with more room)."""
    st, R, wk = states[0], rules[0], work[0]
    total = bots.options(st, R, code, wk, seat)
    for k in range(min(total, out.shape[0])):
        out[k, 0], out[k, 1], out[k, 2] = bots.decode(st, R, wk, seat, total, k)
    return total


@jit
def requirement_holds(rules, code, work, states, card):  # type: ignore[no-untyped-def]
    """Whether ``card``'s requirement holds on ``states[0]``."""
    req = rules[0].requirement[card]
    return req[0] < 0 or holds(states[0], rules[0], code, work[0], req[0], req[1])


@jit
def all_outputs(rules, work, states, eff, der):  # type: ignore[no-untyped-def]
    """Effective values into ``eff`` and every model output (the display ones too) into ``der``."""
    outputs(states[0], rules[0], work[0], eff, der, True)


@jit
def projected(rules, work, states, seat):  # type: ignore[no-untyped-def]
    """``seat``'s points now plus what one more quarter of the model would give it (the game not over)."""
    return bots.prepared(states[0], rules[0], work[0], bots.BASE, seat)


@jit
def projected_close(rules, work, states, vp, out):  # type: ignore[no-untyped-def]
    """One more quarter of the model from ``states[0]``: every seat's points into ``vp``, the new
    state's outputs into ``out`` (as the quarter's end would score them, modifiers aside)."""
    st, R, wk = states[0], rules[0], work[0]
    n = R.n_board
    effective(st, R, wk.eff_q)
    qt = max(st.quarter - R.first_play, 0)
    board = st.board[:n]
    model.advance(wk.eff_q, board, R.demand[:n], R.params, qt, wk.new_q, wk.board_q[:n], wk.der_q, wk.memo, wk.keep_q)
    model.derive(wk.new_q, wk.board_q[:n], R.demand[:n], R.params, True, out, wk.memo)
    profit = wk.new_q[model.V.FIRM_PROFIT] - wk.eff_q[model.V.FIRM_PROFIT]
    model.quarter_vp(wk.new_q, out, wk.board_q[:n], R.params, profit, wk.vp_q)
    for s in range(R.n_seats):
        vp[s] = st.vp[s] + wk.vp_q[R.seat_points[s]]


@jit
def choose(rules, code, work, events, scratch, states, seat, bot, bot_seed):  # type: ignore[no-untyped-def]
    """The move ``bot`` makes for ``seat`` on its view ``states[0]`` (hidden cards are dealt, not read)."""
    return bots.choose(states[0], rules[0], code, work[0], events, scratch, seat, bot, bot_seed)


@jit
def determinize(rules, work, states, seat, word, out):  # type: ignore[no-untyped-def]
    """``states[0]`` (a view of ``seat``) with what the seat cannot see dealt at random, into ``out[0]``."""
    out[0] = states[0]
    bots.determinize(states[0], rules[0], work[0], seat, word, out[0], True)


@batch
def final_outputs(rules, finals, work, out):  # type: ignore[no-untyped-def]
    """The model's outputs (not the display ones) at each final state, one row of ``out`` per game."""
    R, wk = rules[0], work[0]
    for g in range(finals.shape[0]):
        outputs(finals[g], R, wk, wk.eff, out[g], False)


@jit
def search_start(rules, code, work, events, states, scratch, nodes, searches, params, seat, word, decision):  # type: ignore[no-untyped-def]
    """Begin an ``mcts`` decision for ``seat`` on its view ``states[0]`` (``core.mcts.start``);
    returns how many root options it weighs (1: decided, nothing to search)."""
    wk = work[0]
    wk.log_events, wk.log_plays = 0, 0
    return mcts.start(states[0], rules[0], code, wk, events, scratch, nodes, searches[0], params[0], seat, word,
                      decision)


@jit
def search_iterate(rules, code, work, events, states, scratch, nodes, searches, params, seat, stop):  # type: ignore[no-untyped-def]
    """The search's iterations up to ``stop`` (a time-bounded caller asks in slices)."""
    mcts.iterate(states[0], rules[0], code, work[0], events, scratch, nodes, searches[0], params[0], seat, stop)


@jit
def search_finish(rules, code, work, events, states, scratch, nodes, searches, params, seat):  # type: ignore[no-untyped-def]
    """The search's answer into ``searches[0]`` (``choice``; ``scored``/``score``, best first)."""
    mcts.finish(states[0], rules[0], code, work[0], events, scratch, nodes, searches[0], params[0], seat)


__all__ = ["np"]
