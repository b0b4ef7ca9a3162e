"""What a seat may do, the built-in bots (``pass``, ``random``, ``greedy``), determinization, and
whole games played in a batch.

``options`` counts a seat's legal moves per hand position, in the order the facade lists them
(``engine.Game.legal_actions``); ``decode`` turns a move's number into (kind, card, target).
"""

from __future__ import annotations

import math

import numpy as np

from wargame.core import model, rng
from wargame.core.cards import holds_given
from wargame.core.codes import (
    END_CONFLICT,
    END_DATE,
    EVENT,
    HEADLINE,
    INFLUENCE,
    INVEST,
    LOBBY,
    PASS,
    PASS_BOT,
    RANDOM_BOT,
    SHELVE,
)
from wargame.core.jit import batch, jit, small, unowned
from wargame.core.layout import NONE
from wargame.core.quarter import (
    advance,
    apply_action,
    current_player,
    end_quarter,
    fires_for_opponent,
    influence_steps,
    influenced,
    margin,
    new_game,
    opponent_event,
    plays_event,
    use_ops,
)
from wargame.core.state import board_of, copy_state, effective, remove_card, weights

#: Spreads a greedy bot's look-aheads apart in seed space.
WORLD_LANE = 1_000_003
_WORLD_LANE = np.uint64(WORLD_LANE)
#: A card the seat cannot see (in a view): dealt by ``determinize``.
HIDDEN = -2


# --- What a seat may do ----------------------------------------------------------------------------
@jit
def options(st, R, code, wk, seat):  # type: ignore[no-untyped-def]
    """``seat``'s legal moves, counted per hand position into ``wk``; returns how many. The list:
    in the headline, each card's picks then the decline; otherwise the pass, then per card its
    events, influences, invest and lobby, and shelve."""
    n = st.hand_len[seat]
    headline = st.headline != 0
    side = R.seat_side[seat]
    reach = 0
    for s in range(R.n_board):
        a = st.board[s]
        ok = a < 3 if side > 0 else (a > -3 if side < 0 else a != 0)
        wk.influence_to[s] = 1 if ok else 0
        reach += 1 if ok else 0
    budget = st.values[R.seat_budget[seat]]
    pc = st.values[R.seat_pc[seat]]
    shelved = st.shelved[seat] != 0
    total = 1
    have = 0
    for k in range(n):
        card = st.hands[seat, k]
        own = plays_event(R, card, seat)
        seen = False  # a second copy of a card offers nothing new
        for j in range(k):
            if st.hands[seat, j] == card:
                seen = True
        can = own and budget >= R.cost_budget[card] - 1e-9 and pc >= R.cost_pc[card] - 1e-9
        req = R.requirement[card]
        if can and not seen and req[0] >= 0:  # the state is the same for every card: outputs once
            can, have = holds_given(st, R, code, wk, req[0], req[1], have)
        aimed = own and R.needs_target[card] != 0
        spots = R.n_board if aimed else 1
        wk.aimed[k] = 1 if aimed else 0
        ops = R.ops[card]
        if seen:
            wk.n_event[k], wk.n_influence[k], wk.n_plain[k], wk.n_shelve[k] = 0, 0, 0, 0
        elif headline:
            wk.n_event[k] = (spots if can else 0) if own else (1 if fires_for_opponent(R, seat, card) else 0)
            wk.n_influence[k], wk.n_plain[k], wk.n_shelve[k] = 0, 0, 0
        else:
            wk.n_event[k] = spots if can else 0
            wk.n_influence[k] = reach if ops >= 2 else 0
            wk.n_plain[k] = 2 if ops > 0 else 0
            wk.n_shelve[k] = 0 if shelved else 1
        total += wk.n_event[k] + wk.n_influence[k] + wk.n_plain[k] + wk.n_shelve[k]
    return total


@small
def _count(wk, pos):  # type: ignore[no-untyped-def]
    """How many moves ``options`` counted for the card at hand position ``pos``."""
    return wk.n_event[pos] + wk.n_influence[pos] + wk.n_plain[pos] + wk.n_shelve[pos]


@small
def _option(st, R, wk, seat, headline, pos, off):  # type: ignore[no-untyped-def]
    """Move number ``off`` of the card at hand position ``pos``, as (kind, card, target)."""
    card = st.hands[seat, pos]
    aimed = wk.aimed[pos] != 0
    if headline:
        return HEADLINE, card, (off if aimed else NONE)
    if off < wk.n_event[pos]:
        return EVENT, card, (off if aimed else NONE)
    off -= wk.n_event[pos]
    if off < wk.n_influence[pos]:
        for s in range(R.n_board):
            if wk.influence_to[s]:
                if off == 0:
                    return INFLUENCE, card, s
                off -= 1
    off -= wk.n_influence[pos]
    if off < wk.n_plain[pos]:
        return (INVEST if off == 0 else LOBBY), card, NONE
    return SHELVE, card, NONE


@jit
def decode(st, R, wk, seat, total, k):  # type: ignore[no-untyped-def]
    """Move number ``k`` of the list ``options`` counted, as (kind, card, target)."""
    headline = st.headline != 0
    if headline:
        if k >= total - 1:
            return HEADLINE, NONE, NONE  # the last move declines
        off = k
    else:
        if k == 0:
            return PASS, NONE, NONE
        off = k - 1
    pos = 0
    while off >= _count(wk, pos):
        off -= _count(wk, pos)
        pos += 1
    return _option(st, R, wk, seat, headline, pos, off)


# --- Determinization -------------------------------------------------------------------------------
@jit
def determinize(st, R, wk, seat, word, det, world):  # type: ignore[no-untyped-def]
    """Into ``det`` (a copy of ``st``): what ``seat`` cannot see (other hands and picks, the piles'
    order) dealt at random under the seed whose word is ``word`` (lane 0, one counter throughout).

    ``world`` False leaves the world pile as ``det`` has it: for a look-ahead that never reads it
    (only a quarter's opening draws from it). The draw pile and hands are dealt as with it: the
    world pile is shuffled last, so nothing else depends on it."""
    unseen, pool = wk.unseen, wk.pool
    for c in range(R.n_cards):
        unseen[c] = 0
    for k in range(R.n_draw):
        unseen[R.draw_deck[k]] += 1
    for k in range(st.n_discard):
        unseen[st.discard[k]] -= 1
    for k in range(st.hand_len[seat]):
        unseen[st.hands[seat, k]] -= 1
    if st.pick[seat] >= 0:
        unseen[st.pick[seat]] -= 1
    for k in range(st.n_held):  # held for their era: public, and not in anyone's hand
        unseen[st.held[k]] -= 1
    size = _collect(R, unseen, pool)
    counter = rng.shuffle(pool, 0, size, word, 0, 0)
    top = size - 1  # dealt from the end
    for s in range(R.n_seats):
        if s != seat:
            for k in range(st.hand_len[s]):
                det.hands[s, k] = pool[top - k]
            top -= st.hand_len[s]
    for s in range(R.n_seats):
        if s != seat and st.pick[s] != NONE:
            det.pick[s] = pool[top]
            det.pick_target[s] = NONE
            top -= 1
    for k in range(top + 1):
        det.draw[k] = pool[k]
    det.n_draw = top + 1
    det.seed_word = word
    if not world:
        return
    for c in range(R.n_cards):
        unseen[c] = 0
    for k in range(R.n_world):
        unseen[R.world_deck[k]] += 1
    for k in range(st.n_world_discard):
        unseen[st.world_discard[k]] -= 1
    for k in range(st.n_held_world):
        unseen[st.held_world[k]] -= 1
    size = _collect(R, unseen, pool)
    for k in range(size):
        det.world[k] = pool[k]
    rng.shuffle(det.world, 0, size, word, counter, 0)
    det.n_world = size


@small
def _collect(R, unseen, pool):  # type: ignore[no-untyped-def]
    """Each card as often as ``unseen`` counts it, in card order, into ``pool``; returns how many."""
    size = 0
    for c in range(R.n_cards):
        for _ in range(unseen[c]):
            pool[size] = c
            size += 1
    return size


# --- The greedy bot --------------------------------------------------------------------------------
@small
def others_decline(st, R, seat):  # type: ignore[no-untyped-def]
    """The seats after ``seat`` make no headline pick (those still to pick are unknown to it): the
    headline then resolves with the picks made so far."""
    for s in range(seat + 1, R.n_seats):
        if st.picked[s] == 0:
            st.pick[s], st.pick_target[s], st.picked[s] = NONE, NONE, 1


@small
def prepare(st, R, wk, area):  # type: ignore[no-untyped-def]
    """The board-free part of projecting ``st`` one quarter ahead, into projection area ``area``
    (always worked out; left for no ``reprepare`` to reuse: this caller's ruleset may differ)."""
    wk.proj_ready[area] = 0
    reprepare(st, R, wk, area)
    wk.proj_ready[area] = 0


@jit
def reprepare(st, R, wk, area):  # type: ignore[no-untyped-def]
    """``prepare``, skipped when ``area`` already holds the board-free part for the same model
    inputs: the effective values the model reads (all but ``model.UNREAD``) equal bit for bit, at
    the same quarter index. ``model.project_free`` reads nothing else (its ``memo`` only remembers
    libm's results), so what it would write is what the area holds, and ``project_seat`` (which
    writes only what it reads after writing) scores any board from it as before. Valid within one
    decision: ``greedy_choice`` clears ``wk.proj_ready`` when it starts (one ruleset throughout).
    An aimed event's trials at each target, say, differ in their boards alone.

    Compiled once, not inlined where it is called: it takes records only (no array to count in
    and out), and the model's projection is inlined in it."""
    nxt = wk.proj_next
    effective(st, R, nxt)
    qt = max(st.quarter - R.first_play, 0)
    if wk.proj_ready[area] != 0 and wk.proj_qt[area] == qt and _same_inputs(nxt, wk.proj_eff[area]):
        return
    eff = wk.proj_eff[area]
    for k in range(nxt.shape[0]):
        eff[k] = nxt[k]
    model.project_free(eff, R.params, qt, wk.proj_new[area], wk.proj_out[area], wk.proj_out_new[area], wk.memo,
                       wk.proj_keep[area])
    wk.proj_ready[area], wk.proj_qt[area] = 1, qt


@small
def _same_inputs(a, b):  # type: ignore[no-untyped-def]
    """Whether effective values ``a`` and ``b`` agree bit for bit in every column the model reads."""
    for k in range(a.shape[0]):
        if not _same(a[k], b[k]) and not _unread(k):
            return False
    return True


@small
def project(st, R, wk, area, seat):  # type: ignore[no-untyped-def]
    """``seat``'s points now plus the next quarter's, from the projection ``prepare`` left in ``area``."""
    points = model.project_seat(board_of(st, R), weights(R), R.params, wk.proj_new[area],
                                wk.proj_board[area, : R.n_board], wk.proj_out_new[area], wk.proj_keep[area],
                                R.seat_points[seat])
    return st.vp[seat] + points


@small
def prepared(st, R, wk, area, seat):  # type: ignore[no-untyped-def]
    prepare(st, R, wk, area)
    return project(st, R, wk, area, seat)


@small
def reprepared(st, R, wk, area, seat):  # type: ignore[no-untyped-def]
    """``prepared``, reusing the area's board-free part where ``reprepare`` may."""
    reprepare(st, R, wk, area)
    return project(st, R, wk, area, seat)


@small
def _same(a, b):  # type: ignore[no-untyped-def]
    """``a`` and ``b`` are the same float, bit for bit (signed zeros apart; NaN never)."""
    return a == b and (a != 0.0 or math.copysign(1.0, a) == math.copysign(1.0, b))


@jit
def projects_alike(a, b, R):  # type: ignore[no-untyped-def]
    """Whether a projection reads the same in both states: values, board, points and modifiers."""
    if a.over or b.over or a.quarter != b.quarter or a.n_mods != b.n_mods:
        return False
    for j in range(a.n_mods):
        if (a.mod_target[j] != b.mod_target[j] or a.mod_turns[j] != b.mod_turns[j]
                or not _same(a.mod_add[j], b.mod_add[j]) or not _same(a.mod_mul[j], b.mod_mul[j])):
            return False
    for k in range(a.values.shape[0]):
        if not _same(a.values[k], b.values[k]):
            return False
    for s in range(R.n_board):
        if not _same(a.board[s], b.board[s]):
            return False
    for s in range(R.n_seats):
        if not _same(a.vp[s], b.vp[s]):
            return False
    return True


@small
def _ops_key(R, kind, card, target):  # type: ignore[no-untyped-def]
    """The outcome key of a plain ops use (one that fires no event): uses of equal effect on the
    same target share it (influence moves ``influence_steps(ops)``: 2 and 3 ops move alike)."""
    ops = R.ops[card]
    return (kind * 100 + (influence_steps(ops) if kind == INFLUENCE else ops)) * 100 + (target + 1)


@small
def _unread(col):  # type: ignore[no-untyped-def]
    """Whether a projection ignores value column ``col`` (``model.UNREAD``: budgets and PC)."""
    for c in model.UNREAD:
        if c == col:
            return True
    return False


@small
def reserve(st, R, seat, pc_extra):  # type: ignore[no-untyped-def]
    """What the greedy bot counts beside the quarter's points in a state: its budget (in ops' worth
    of invest) and political capital, each worth ``bot_*_value`` a unit when short and less as it
    grows past ``bot_*_reserve``, less ``bot_hand_liability`` for each opponent's card it holds
    (played, it fires for them). Without it a one-quarter look-ahead spends everything, never
    lobbies and never shelves."""
    per_op = R.budget_per_op * R.invest_scale[seat]
    ops = st.values[R.seat_budget[seat]] / per_op if per_op > 0.0 else 0.0
    pc = st.values[R.seat_pc[seat]] + pc_extra
    worth = R.bot_budget_value * R.bot_budget_reserve * (1.0 - math.exp(-ops / R.bot_budget_reserve))
    worth += R.bot_pc_value * R.bot_pc_reserve * (1.0 - math.exp(-pc / R.bot_pc_reserve))
    held = 0
    for k in range(st.hand_len[seat]):
        if fires_for_opponent(R, seat, st.hands[seat, k]):
            held += 1
    return worth - R.bot_hand_liability * held


BASE, POST, TRIAL = 0, 1, 2  # projection areas, and scratch states (determinized, post-event, trial)
#: Scratch states the greedy bot needs.
N_SCRATCH = 3
#: Scratch states after those that keep the first look's trials for the second look (a caller may
#: give fewer, or none: a trial that finds no room is played again).
KEPT = 16


@jit
def coast(st, R, code, wk, ev, quarters):  # type: ignore[no-untyped-def]
    """``st``'s quarter closes and ``quarters - 1`` more pass with no card played and no news
    (stopping at the end). The closes are the game's own (``end_quarter``): modifiers run out, swing
    states act, the Strait may erupt on the copy's own stream."""
    for _ in range(quarters):
        end_quarter(st, R, code, wk, ev)
        if st.over:
            return
        st.quarter += 1
        st.turn += 1


@small
def best_rival(st, R, seat, skip_loser):  # type: ignore[no-untyped-def]
    """The best margin (``quarter.margin``) of the seats other than ``seat`` (``skip_loser``: and
    other than a finished game's loser), or ``-inf`` if none."""
    rival = -np.inf
    for s in range(R.n_seats):
        if s != seat and not (skip_loser and st.over and s == st.loser):
            rival = max(rival, margin(st, R, s))
    return rival


@small
def outlook(st, R, seat):  # type: ignore[no-untyped-def]
    """What the greedy bot's second look counts in a state ``coast`` left: ``seat``'s margin over
    its target due by then (``margin``: a game cut short is judged against the share due), less
    ``bot_rivalry`` times the best other seat's margin (the game is won on margins: points taken
    from the leading rival count too), plus ``bot_end_value`` if a sudden death handed it the game,
    less as much if one ended it against it (an open conflict, another seat's outright win, itself
    put out); a sudden death that puts another seat out leaves the points to decide."""
    score = margin(st, R, seat)
    if R.bot_rivalry != 0.0:
        rival = best_rival(st, R, seat, True)  # (a seat put out is no rival)
        if rival > -np.inf:
            score -= R.bot_rivalry * rival
    if st.over and st.reason != END_DATE:
        if st.sudden == seat:
            score += R.bot_end_value
        elif st.sudden != NONE or st.loser == seat or st.reason == END_CONFLICT:
            score -= R.bot_end_value
    return score


@jit
def greedy_choice(st, R, code, wk, ev, scratch, seat, total, word):  # type: ignore[no-untyped-def]
    """The greedy bot's pick among ``total`` legal moves, each played on a determinized copy: first
    scored by its seat's points projected at the current quarter's close (plus ``reserve``), then,
    with ``bot_horizon`` above 1, the best of these and every own event weighed again further on
    (``look_further``), which picks; ties to the earlier.

    A headline pick is weighed as the headline resolves with it and the picks made before it, the
    seats still to pick declining (``others_decline``): what they will pick is hidden, and without
    it every pick would project alike and the first card in hand would go, whoever's it is.

    Savings that leave every score as it was: an opponent's event that ops fire is resolved
    once per card; a pass, shelve or lobby (the model never reads PC) projects as the state it
    starts from, influence as that state with one alignment moved; moves of equal outcome key once;
    a trial whose model inputs are those of the trial projected before it (an aimed event at
    another target) projects only its board (``reprepare``).
    With ``wk.want_scores`` every move's score goes to ``wk.move_scores`` (the last look's).
    A move the first look plays out is played in a scratch state of its own while there is room
    (``KEPT``): the second look starts from it rather than playing it again (``wk.far_slot``).
    """
    want = wk.want_scores != 0
    further = R.bot_horizon > 1 and total > 1
    wk.n_moves = total
    det, post = scratch[BASE], scratch[POST]
    room = scratch.shape[0] if further else N_SCRATCH
    slot = N_SCRATCH
    for area in range(3):  # no projection of an earlier decision is reused (``reprepare``)
        wk.proj_ready[area] = 0
    copy_state(det, st)
    determinize(st, R, wk, seat, word, det, False)  # (a look-ahead ends before the next quarter opens)
    log_events, log_plays = wk.log_events, wk.log_plays
    wk.log_events, wk.log_plays = 0, 0
    best = -np.inf
    choice = 0
    base, have_base = 0.0, False
    post_card, post_base, have_post_base = NONE, 0.0, False
    n_keys = 0
    side = R.seat_side[seat]
    headline = det.headline != 0
    lobby_unread = _unread(R.seat_pc[seat])
    pos, off = 0, -1  # where move ``k`` is in ``options``' count: hand position, and move of its card
    for k in range(total):
        if k == (total - 1 if headline else 0):
            kind, card, target = decode(st, R, wk, seat, total, k)  # the decline, the pass
        else:
            off += 1
            while off >= _count(wk, pos):
                off -= _count(wk, pos)
                pos += 1
            kind, card, target = _option(st, R, wk, seat, headline, pos, off)
        ops_use = kind == INFLUENCE or kind == INVEST or kind == LOBBY
        fires = ops_use and fires_for_opponent(R, seat, card)
        keyed = False
        if ops_use and not fires:  # only these may share an outcome key with an earlier move
            key = _ops_key(R, kind, card, target)
            seen = -1
            for m in range(n_keys):
                if wk.keys[m] == key:
                    seen = m
                    break
            if seen >= 0:
                if want:
                    wk.move_scores[k] = wk.key_scores[seen]
                if further:  # (never weighed again)
                    wk.far_kind[k], wk.far_score[k], wk.far_slot[k] = kind, -np.inf, -1
                continue
            wk.keys[n_keys] = key
            n_keys += 1
            keyed = True
        if fires and post_card != card:
            copy_state(post, det)
            remove_card(post, seat, card)
            opponent_event(post, R, code, wk, ev, seat, card)
            post_card, have_post_base = card, False
        kept = -1
        if not headline and (kind == PASS or kind == SHELVE or (kind == LOBBY and lobby_unread) or kind == INFLUENCE):
            if fires:
                if not have_post_base:
                    post_base, have_post_base = reprepared(post, R, wk, POST, seat), True
                start, area, score = post, POST, post_base
            else:
                if not have_base:
                    base, have_base = reprepared(det, R, wk, BASE, seat), True
                start, area, score = det, BASE, base
            if kind == INFLUENCE:  # one alignment moved: only the board's part again
                before = start.board[target]
                start.board[target] = influenced(before, R.ops[card], side)
                score = project(start, R, wk, area, seat)
                start.board[target] = before
            score += reserve(start, R, seat, R.ops[card] if kind == LOBBY else 0)
            if kind == SHELVE and fires_for_opponent(R, seat, card):  # it leaves the hand unfired
                score += R.bot_hand_liability
        else:
            if slot < room:
                kept, slot = slot, slot + 1
            trial = scratch[kept if kept >= 0 else TRIAL]
            if fires:
                copy_state(trial, post)
                use_ops(trial, R, wk, ev, seat, kind, card, target)
                trial.action += 1
            else:
                copy_state(trial, det)
                apply_action(trial, R, code, wk, ev, seat, kind, card, target)
                if headline:
                    others_decline(trial, R, seat)
            advance(trial, R, code, wk, ev, True)
            if projects_alike(trial, det, R):  # (an event that only draws or discards, say)
                if not have_base:
                    base, have_base = reprepared(det, R, wk, BASE, seat), True
                score = base
            else:
                score = reprepared(trial, R, wk, TRIAL, seat)
            score += reserve(trial, R, seat, 0)
            if trial.spill:
                st.spill = 1
        if keyed:
            wk.key_scores[n_keys - 1] = score
        if want:
            wk.move_scores[k] = score
        if further:
            wk.far_kind[k], wk.far_card[k], wk.far_target[k], wk.far_score[k] = kind, card, target, score
            wk.far_slot[k] = kept
        if score > best + 1e-9:
            best = score
            choice = k
    if further:
        choice = look_further(st, R, code, wk, ev, scratch, seat, total, headline, want)
    wk.log_events, wk.log_plays = log_events, log_plays
    return choice


@jit
def pick_further(scores, kinds, pick, total, n, every, tie):  # type: ignore[no-untyped-def]
    """Which of ``total`` moves a second look weighs, into ``pick``: 2 for the ``n`` best ``scores``
    (to the earlier when within ``tie`` of each other), 1 for the rest of the own events (``kinds`` ``EVENT``; ``every``: all
    moves, a headline's picks), 0 for the others. A score of ``-inf`` (a move of the same outcome as
    an earlier one) is never picked. The greedy bot's second look and the mcts root share it."""
    for k in range(total):
        own = every or kinds[k] == EVENT
        pick[k] = 1 if own and scores[k] > -np.inf else 0
    for _ in range(min(n, total)):
        top, top_score = -1, -np.inf
        for k in range(total):
            if pick[k] != 2 and scores[k] > top_score + tie:
                top, top_score = k, scores[k]
        if top >= 0:
            pick[top] = 2


@jit
def second_look(trial, R, code, wk, ev, seat):  # type: ignore[no-untyped-def]
    """The greedy bot's score of a move played into ``trial`` (spent by it): its reserve there, then
    ``outlook`` ``bot_horizon`` quarters on (``coast``). The search's anchored root weighs its options so."""
    score = reserve(trial, R, seat, 0)
    coast(trial, R, code, wk, ev, R.bot_horizon)
    return score + outlook(trial, R, seat)


@jit
def look_further(st, R, code, wk, ev, scratch, seat, total, headline, want):  # type: ignore[no-untyped-def]
    """The greedy bot's second look: its ``bot_candidates`` best moves by the quarter's close
    (``wk.far_score``; a move of the same outcome as an earlier one is never weighed again) and
    every event it may play itself (a headline: every pick), each played on the determinized state
    ``scratch[BASE]`` (or taken as the first look left it played, ``wk.far_slot``) and scored
    ``bot_horizon`` quarters on (``coast``, ``outlook``), plus its reserve.
    An event's worth is often in the quarters after (capacity that compounds, controls that bite
    as stockpiles run down, a track that decides a crisis), which the quarter's close cannot see.
    The best of these goes; ties to the earlier. With ``want``, the others' scores become NaN."""
    det = scratch[BASE]
    pick_further(wk.far_score, wk.far_kind, wk.far_pick, total, R.bot_candidates, headline, 1e-9)
    best, choice = -np.inf, 0
    for k in range(total):
        if wk.far_pick[k] == 0:
            if want:
                wk.move_scores[k] = np.nan
            continue
        if wk.far_slot[k] >= 0:  # played by the first look as it would be here
            trial = scratch[wk.far_slot[k]]
        else:
            trial = scratch[TRIAL]
            copy_state(trial, det)
            apply_action(trial, R, code, wk, ev, seat, wk.far_kind[k], wk.far_card[k], wk.far_target[k])
            if headline:
                others_decline(trial, R, seat)
            advance(trial, R, code, wk, ev, True)
        score = second_look(trial, R, code, wk, ev, seat)
        if trial.spill:
            st.spill = 1
        if want:
            wk.move_scores[k] = score
        if score > best + 1e-9:
            best, choice = score, k
    return choice


@jit
def choose(st, R, code, wk, ev, scratch, seat, bot, bot_seed):  # type: ignore[no-untyped-def]
    """The move ``bot`` makes for ``seat`` (its view: hidden cards are dealt, never read)."""
    if bot == PASS_BOT:
        return (HEADLINE if st.headline else PASS), NONE, NONE
    total = options(st, R, code, wk, seat)
    if bot == RANDOM_BOT:
        k = rng.below(wk.bot_words[seat], wk.bot_calls[seat], total, 0)
        wk.bot_calls[seat] += 1
        return decode(st, R, wk, seat, total, k)
    if total == 1:
        return decode(st, R, wk, seat, total, 0)
    word = rng.seed_word(bot_seed * _WORLD_LANE + np.uint64(wk.bot_calls[seat]))
    wk.bot_calls[seat] += 1
    return decode(st, R, wk, seat, total, greedy_choice(st, R, code, wk, ev, scratch, seat, total, word))


# --- Whole games -----------------------------------------------------------------------------------
@jit
def play_game(st, R, code, wk, ev, scratch, bots, bot_seeds):  # type: ignore[no-untyped-def]
    """Every seat by its bot, to the end."""
    while True:
        seat = current_player(st, R)
        if seat == NONE:
            return
        kind, card, target = choose(st, R, code, wk, ev, scratch, seat, bots[seat], bot_seeds[seat])
        apply_action(st, R, code, wk, ev, seat, kind, card, target)
        advance(st, R, code, wk, ev, False)


@batch
def play_games(rules, code, work, ev, scratch, finals, bots, bot_seeds, word, first, done, log, log_end):  # type: ignore[no-untyped-def]
    """Games ``first + done ..`` into ``finals`` from row ``done``, under the seed whose word is ``word``
    (``rules`` and ``work``: arrays of one record each).

    ``bot_seeds[s, g]``: seat ``s``'s bot seed in game ``g``. The plays each game recorded (first
    firing of each) go to ``log``, ending at ``log_end[g]``. Returns how many games are done: fewer
    than all when ``log`` is full (the caller grows it and goes on from there).
    """
    R, wk = rules[0], work[0]
    code, ev, scratch = unowned(code), unowned(ev), unowned(scratch)
    bots, bot_seeds = unowned(bots), unowned(bot_seeds)
    wk.log_events, wk.log_plays = 0, 1
    for g in range(done, finals.shape[0]):
        begin_game(finals[g], R, code, wk, ev, bot_seeds, word, first, g)
        play_game(finals[g], R, code, wk, ev, scratch, bots, bot_seeds[:, g])
        if not keep_plays(wk, log, log_end, g):
            return g
    return finals.shape[0]


@small
def begin_game(st, R, code, wk, ev, bot_seeds, word, first, g):  # type: ignore[no-untyped-def]
    """Game ``first + g`` of a batch into ``st``, its plays log and its bots' counters fresh."""
    for k in range(wk.n_plays):
        wk.seen[wk.plays[k]] = 0
    wk.n_plays = 0
    for s in range(R.n_seats):
        wk.bot_calls[s] = 0
        wk.bot_words[s] = rng.seed_word(bot_seeds[s, g])
    new_game(st, R, code, wk, ev, word, first + g)


@small
def keep_plays(wk, log, log_end, g):  # type: ignore[no-untyped-def]
    """Game ``g``'s plays into ``log`` after game ``g - 1``'s; False when they do not fit."""
    start = log_end[g - 1] if g > 0 else 0
    n = wk.n_plays
    if start + n > log.shape[0]:
        return False
    for k in range(n):
        log[start + k] = wk.plays[k]
    log_end[g] = start + n
    return True
