"""The quarter (DESIGN section 2): news, income and refills open it; the headline resolves once every
seat has picked; seats act in rounds; the economy, scoring and the end checks close it.

``advance`` runs the automatic steps until a seat must decide; ``apply_action`` is a seat's decision.
"""

from __future__ import annotations

import numpy as np

from wargame.core import model
from wargame.core.cards import compare, holds_given, resolve_card, run_effects
from wargame.core.codes import (
    END_DATE,
    EV_CANNOT_PAY,
    EV_CLOSE,
    EV_CRISIS,
    EV_ENTER,
    EV_ENTERED,
    EV_GAME_OVER,
    EV_INCOME,
    EV_INJECT,
    EV_INJECT_EFFECTS,
    EV_OPS,
    EV_OVERRIDE,
    EV_PASS,
    EV_PICK,
    EV_POINTS,
    EV_QUARTER,
    EV_REVEAL,
    EV_REVEALED,
    EV_SHELVE,
    EV_TRACK,
    EVENT,
    EVENT_PLAY,
    FIRE_PLAY,
    HEADLINE_PLAY,
    INFLUENCE,
    INJECT_PLAY,
    INVEST,
    OPPONENT_PLAY,
    PASS,
    RECORD_OPS,
    RECORD_SHELVE,
    SHELVE,
    T_OUTPUT,
    T_VALUE,
    WORLD_PLAY,
)
from wargame.core.jit import jit, small
from wargame.core.layout import MAX_INJECTS, N_VALUES, NONE
from wargame.core.state import (
    add_modifier,
    age_modifiers,
    board_of,
    chance_uniform,
    clamp,
    deal_pile,
    draw_cards,
    draw_world,
    effective,
    effective_value,
    emit,
    outputs,
    record_play,
    remove_card,
    set_value,
    shuffle_pile,
    to_discard,
    weights,
)


# --- Opening a quarter -----------------------------------------------------------------------------
@jit
def _fire_inject(st, R, code, wk, ev, cards, effects, source):  # type: ignore[no-untyped-def]
    """An inject: its cards (no one's), then its own effects."""
    emit(wk, ev, EV_INJECT, NONE, NONE, NONE, NONE, 0, source, 0.0, 0.0, 0.0)
    for k in range(cards[0], cards[1]):
        resolve_card(st, R, code, wk, ev, R.card_list[k], NONE, NONE, INJECT_PLAY, False, NONE)
    if effects[1] > effects[0]:
        run_effects(st, R, code, wk, ev, effects[0], effects[1], NONE, NONE, source)
        emit(wk, ev, EV_INJECT_EFFECTS, NONE, NONE, NONE, NONE, 0, source, 0.0, 0.0, 0.0)


@jit
def _era_has_come(st, R, code, wk, card, have):  # type: ignore[no-untyped-def]
    """Whether held ``card`` joins its deck this quarter: its quarter has come and its condition holds."""
    if R.enters_from[card] > st.quarter:
        return False, have
    if R.enters_when[card, 0] < 0:
        return True, have
    return holds_given(st, R, code, wk, R.enters_when[card, 0], R.enters_when[card, 1], have)


@jit
def _enter_deck(st, R, code, wk, ev, pile, n_pile, held, n_held, deck, have):  # type: ignore[no-untyped-def]
    """The held cards whose era has come join ``pile`` (deck ``deck``: 0 draw, 1 world), which is then
    shuffled; the rest stay held, in order. Returns the pile's and the held cards' new counts."""
    n, kept = n_pile, 0
    for k in range(n_held):
        card = held[k]
        hit, have = _era_has_come(st, R, code, wk, card, have)
        if hit:
            pile[n] = card
            n += 1
            emit(wk, ev, EV_ENTER, NONE, card, NONE, NONE, deck, 0, 0.0, 0.0, 0.0)
        else:
            held[kept] = card
            kept += 1
    if n > n_pile:
        shuffle_pile(st, pile, n)
        emit(wk, ev, EV_ENTERED, NONE, NONE, NONE, NONE, deck, n - n_pile, 0.0, 0.0, 0.0)
    return n, kept, have


@jit
def begin_quarter(st, R, code, wk, ev):  # type: ignore[no-untyped-def]
    """News (scheduled injects, then conditional ones whose condition holds, then the cards whose era
    has come join their decks, then world cards), income, refilled hands, and a fresh headline and
    action rounds."""
    emit(wk, ev, EV_QUARTER, NONE, NONE, NONE, NONE, 0, st.quarter, 0.0, 0.0, 0.0)
    for k in range(R.n_injects):
        if R.inject_quarter[k] == st.quarter:
            _fire_inject(st, R, code, wk, ev, R.inject_cards[k], R.inject_effects[k], -1 - k)
    have = 0  # the conditions read one state until an inject fires: its outputs are worked out once
    for k in range(R.n_conditional):
        if st.fired[k] == 0:
            hit, have = holds_given(st, R, code, wk, R.conditional[k, 0], R.conditional[k, 1], have)
            if hit:
                st.fired[k] = 1
                _fire_inject(st, R, code, wk, ev, R.conditional_cards[k], R.conditional_effects[k],
                             -1 - MAX_INJECTS - k)
                have = 0
    if st.n_held > 0:
        st.n_draw, st.n_held, have = _enter_deck(st, R, code, wk, ev, st.draw, st.n_draw, st.held, st.n_held, 0,
                                                 have)
    if st.n_held_world > 0:
        st.n_world, st.n_held_world, have = _enter_deck(st, R, code, wk, ev, st.world, st.n_world, st.held_world,
                                                        st.n_held_world, 1, have)
    for _ in range(R.world_draws):
        card = draw_world(st)
        if card != NONE:
            resolve_card(st, R, code, wk, ev, card, NONE, NONE, WORLD_PLAY, False, NONE)
    _income(st, R, wk, ev)
    for s in range(R.n_seats):
        need = R.hand_size - st.hand_len[s]
        if need > 0:
            draw_cards(st, wk, ev, s, need)
    for s in range(R.n_seats):
        st.shelved[s] = 0
        st.picked[s] = 0
        st.pick[s] = NONE
        st.pick_target[s] = NONE
    st.action = 0
    st.headline = R.headline_on


@jit
def _income(st, R, wk, ev):  # type: ignore[no-untyped-def]
    """Each seat's budget from the model (its scale times a value or an output), and its PC."""
    outputs(st, R, wk, wk.eff, wk.der, False)
    for s in range(R.n_seats):
        source = R.income_from[s]
        gain = R.income_scale[s] * (wk.eff[source] if source >= 0 else wk.der[-1 - source])
        set_value(st, R, R.seat_budget[s], st.values[R.seat_budget[s]] + gain)
        set_value(st, R, R.seat_pc[s], st.values[R.seat_pc[s]] + R.pc_income)
        emit(wk, ev, EV_INCOME, s, NONE, NONE, NONE, 0, 0, 0.0, 0.0, gain)


# --- Whose turn --------------------------------------------------------------------------------------
@small
def current_player(st, R):  # type: ignore[no-untyped-def]
    """The seat to act, or NONE when the game is over."""
    if st.over:
        return NONE
    if st.headline:
        for s in range(R.n_seats):
            if st.picked[s] == 0:
                return s
        return NONE
    return st.action % R.n_seats


# --- A seat's action ---------------------------------------------------------------------------------
@jit
def apply_action(st, R, code, wk, ev, seat, kind, card, target):  # type: ignore[no-untyped-def]
    """``seat``'s decision: a headline pick, or a pass, shelve, event or ops play."""
    if st.headline:
        if card != NONE:
            remove_card(st, seat, card)
        st.pick[seat], st.pick_target[seat], st.picked[seat] = card, target, 1
        emit(wk, ev, EV_PICK, seat, card, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
        return
    if kind == PASS:
        emit(wk, ev, EV_PASS, seat, NONE, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
    elif kind == SHELVE:
        remove_card(st, seat, card)
        to_discard(st, card)
        st.shelved[seat] = 1
        emit(wk, ev, EV_SHELVE, seat, card, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
        record_play(R, wk, card, seat, RECORD_SHELVE)
    elif kind == EVENT:
        remove_card(st, seat, card)
        resolve_card(st, R, code, wk, ev, card, seat, target, EVENT_PLAY, True, NONE)
        to_discard(st, card)
    else:
        remove_card(st, seat, card)
        if fires_for_opponent(R, seat, card):
            opponent_event(st, R, code, wk, ev, seat, card)
        else:
            record_play(R, wk, card, seat, RECORD_OPS)
        use_ops(st, R, wk, ev, seat, kind, card, target)
    st.action += 1


@small
def plays_event(R, card, seat):  # type: ignore[no-untyped-def]
    """Whether ``seat`` may play ``card`` for its event (the card's ``players``: its seat, every seat
    for a neutral card, or the seats it names). Every legality check and every firing asks this."""
    return (R.players[card] >> seat) & 1 != 0


@small
def fires_for_opponent(R, seat, card):  # type: ignore[no-untyped-def]
    """Whether ``card`` played by ``seat`` for its ops (or headlined) sets off another seat's event: a
    seat's card that may be set off (``Card.set_off``), played by another seat."""
    faction = R.faction[card]
    return faction >= 0 and faction != seat and R.set_off[card] != 0 and plays_event(R, card, faction)


@jit
def opponent_event(st, R, code, wk, ev, seat, card):  # type: ignore[no-untyped-def]
    """The event of ``card``'s seat, which ``seat`` set off by playing it for its ops."""
    resolve_card(st, R, code, wk, ev, card, R.faction[card], NONE, OPPONENT_PLAY, False, seat)


@small
def influence_steps(ops):  # type: ignore[no-untyped-def]
    """How many steps a card of ``ops`` ops moves a swing state when played to influence it."""
    return ops // 2


@small
def influenced(before, ops, side):  # type: ignore[no-untyped-def]
    """A state's alignment after ``ops`` of influence by a seat on ``side`` of the board (0 calms it)."""
    steps = np.float64(influence_steps(ops))
    if side > 0:
        return 3.0 if 3.0 < before + steps else before + steps
    if side < 0:
        x = before - steps
        return -3.0 if -3.0 > x else x
    if before > 0:
        down = before - steps
        return 0.0 if 0.0 > down else down
    up = before + steps
    return 0.0 if 0.0 < up else up


@small
def invest_amount(st, R, seat, ops):  # type: ignore[no-untyped-def]
    """$B that ``ops`` ops of invest put in by ``seat``: ``budget_per_op`` scaled to the seat's economy
    (``invest_scale``), no more than its budget pays for (at ``invest_cost`` a $B)."""
    amount = ops * R.budget_per_op * R.invest_scale[seat]
    if R.invest_cost > 0.0:
        affordable = st.values[R.seat_budget[seat]] / R.invest_cost
        if affordable < amount:
            amount = affordable if affordable > 0.0 else 0.0
    return amount


@jit
def use_ops(st, R, wk, ev, seat, kind, card, target):  # type: ignore[no-untyped-def]
    """Influence, invest or lobby with ``card``'s ops; then the card goes to the discard pile."""
    ops = R.ops[card]
    if kind == INFLUENCE:
        before = st.board[target]
        st.board[target] = influenced(before, ops, R.seat_side[seat])
        emit(wk, ev, EV_OPS, seat, card, NONE, target, kind, 0, before, st.board[target], 0.0)
    elif kind == INVEST:
        amount = invest_amount(st, R, seat, ops)
        col = R.invest_column[seat]
        before = st.values[col]
        if amount > 0.0:
            pay = R.seat_budget[seat]
            set_value(st, R, pay, st.values[pay] - amount * R.invest_cost)
            if R.invest_divisor[seat] > 0.0:  # a lasting investment (the firm's capacity)
                set_value(st, R, col, before + amount / R.invest_divisor[seat])
            else:  # this quarter's capex
                add_modifier(st, col, amount, 1.0, 1, card)
        emit(wk, ev, EV_OPS, seat, card, NONE, NONE, kind, col, before, st.values[col], amount)
    else:  # LOBBY
        col = R.seat_pc[seat]
        before = st.values[col]
        set_value(st, R, col, before + ops)
        emit(wk, ev, EV_OPS, seat, card, NONE, NONE, kind, col, before, st.values[col], 0.0)
    to_discard(st, card)


# --- The headline ------------------------------------------------------------------------------------
@jit
def resolve_headlines(st, R, code, wk, ev):  # type: ignore[no-untyped-def]
    """The headline reveal: picks by ops (most first), then seat order. An own or neutral card fires
    its event (paid now; unaffordable, it fizzles), another seat's card fires that seat's event."""
    n = R.n_seats
    m = 0
    for s in range(n):
        card = st.pick[s]
        if card != NONE:
            key = (4 - R.ops[card]) * n + s
            k = m
            while k > 0 and wk.order_key[k - 1] > key:
                wk.order[k], wk.order_key[k] = wk.order[k - 1], wk.order_key[k - 1]
                k -= 1
            wk.order[k], wk.order_key[k] = s, key
            m += 1
    for r in range(m):
        emit(wk, ev, EV_REVEALED, wk.order[r], st.pick[wk.order[r]], NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
    emit(wk, ev, EV_REVEAL, NONE, NONE, NONE, NONE, 0, m, 0.0, 0.0, 0.0)
    for r in range(m):
        s = wk.order[r]
        card = st.pick[s]
        if plays_event(R, card, s):
            if (st.values[R.seat_budget[s]] >= R.cost_budget[card] - 1e-9
                    and st.values[R.seat_pc[s]] >= R.cost_pc[card] - 1e-9):
                resolve_card(st, R, code, wk, ev, card, s, st.pick_target[s], HEADLINE_PLAY, True, NONE)
            else:
                emit(wk, ev, EV_CANNOT_PAY, s, card, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
        elif fires_for_opponent(R, s, card):
            resolve_card(st, R, code, wk, ev, card, R.faction[card], NONE, HEADLINE_PLAY, False, s)
        to_discard(st, card)
    for s in range(n):
        st.pick[s] = NONE
        st.pick_target[s] = NONE
        st.picked[s] = 0
    st.headline = 0


# --- Closing a quarter -------------------------------------------------------------------------------
@jit
def end_quarter(st, R, code, wk, ev):  # type: ignore[no-untyped-def]
    """The economy advances a quarter, seats score (modifiers still in force), modifiers tick down,
    and the end is checked."""
    n_board = R.n_board
    eff, new, der = wk.eff_q, wk.new_q, wk.der_q
    board_new = wk.board_q[:n_board]
    effective(st, R, eff)
    board = board_of(st, R)
    qt = max(st.quarter - R.first_play, 0)
    model.advance(eff, board, weights(R), R.params, qt, new, board_new, der, wk.memo, wk.keep_q)
    profit_q = new[model.V.FIRM_PROFIT] - eff[model.V.FIRM_PROFIT]
    # A modified variable follows its own path: the model's run with its base value (an evolving
    # one), or its base value (the rest, which a quarter passes through). The run reads ``eff`` with
    # that one value put back for the while (``advance_one`` writes elsewhere).
    for j in range(st.n_mods):
        col = st.mod_target[j]
        seen = False
        for k in range(j):
            if st.mod_target[k] == col:
                seen = True
        if seen:
            continue
        if R.evolving[col]:
            modified = eff[col]
            eff[col] = st.values[col]
            new[col] = model.advance_one(eff, board, weights(R), R.params, qt, col, wk.own_q,
                                         wk.own_board_q[:n_board], der, wk.memo, wk.keep_q)
            eff[col] = modified
        else:
            new[col] = st.values[col]
    for k in range(N_VALUES):
        st.values[k] = clamp(new[k], R.lo[k], R.hi[k])
    for s in range(n_board):
        st.board[s] = board_new[s]
    tiers = effective_value(st, R, R.col_tiers)  # (before this quarter's last modifiers expire)
    outputs(st, R, wk, eff, der, False)
    model.quarter_vp(eff, der, board, R.params, profit_q, wk.vp_q)
    for s in range(R.n_seats):
        points = wk.vp_q[R.seat_points[s]]
        st.vp[s] = st.vp[s] + points
        emit(wk, ev, EV_POINTS, s, NONE, NONE, NONE, 0, 0, 0.0, st.vp[s], points)
    swing_states(st, R, tiers)  # after the points, which a look-ahead of the model projects exactly
    if wk.log_events:
        for k in range(N_VALUES):
            emit(wk, ev, EV_TRACK, NONE, NONE, NONE, NONE, 0, k, 0.0, 0.0, eff[k])
        for k in range(model.N_DERIVED):
            emit(wk, ev, EV_TRACK, NONE, NONE, NONE, NONE, 0, -1 - k, 0.0, 0.0, der[k])
    age_modifiers(st)  # once the quarter is scored: a modifier of N quarters counts in N quarters' points
    emit(wk, ev, EV_CLOSE, NONE, NONE, NONE, NONE, 0, 0, 0.0, 0.0, 0.0)
    escalate(st, R, wk, ev)
    _check_end(st, R, wk, ev, der)


@jit
def swing_states(st, R, tiers):  # type: ignore[no-untyped-def]
    """The swing states act on their own. Each hedges: a state committed beyond one step to a side
    gives back a share (``hedge_rate`` times its own readiness, ``board_hedge``) of the excess each
    quarter, back toward neutral, so a side must keep courting it to hold it deep in its camp; at
    crisis footing (tension at ``crisis_from`` or more) capitals sit on the fence and hedge twice as
    fast. While AI Diffusion tiers are in force, the tier-2 states the scenario names drift away
    from the US (the model's ``align_tier_push`` per quarter, times ``tiers``: their value in force
    this quarter); no other state does. It runs after the quarter's points: the board it leaves is
    the next quarter's."""
    rate = R.hedge_rate * (2.0 if st.values[R.col_tension] >= R.crisis_from else 1.0)
    push = R.params.align_tier_push * tiers
    for s in range(R.n_board):
        a = st.board[s]
        if a > 1.0:
            a -= rate * R.board_hedge[s] * (a - 1.0)
        elif a < -1.0:
            a -= rate * R.board_hedge[s] * (a + 1.0)
        if R.board_tier2[s] == 1:
            a -= push
        st.board[s] = clamp(a, -3.0, 3.0)


@jit
def escalate(st, R, wk, ev):  # type: ignore[no-untyped-def]
    """The tension track at a quarter's close. Below ``crisis_from`` it cools by ``tension_cooling``.
    At or above it the Taiwan Strait may erupt: a draw on the game's own stream, with a chance of
    ``crisis_p`` at ``crisis_from`` and ``crisis_p`` more per level above. A crisis cuts the firm's
    capacity, the US frontier's compute per dollar and China's access to foreign chips (the
    foundries both sides depend on), shocks the firm's revenue, and raises tension by
    ``crisis_tension``; a quarter without one cools the track as usual. At ``conflict_at`` nothing
    cools: the end check finds open conflict."""
    col = R.col_tension
    tension = st.values[col]
    if tension >= R.conflict_at:  # open conflict: the end check ends the game
        return
    if tension >= R.crisis_from:
        p = R.crisis_p * (1.0 + tension - R.crisis_from)
        roll = chance_uniform(st)
        hit = roll < p
        emit(wk, ev, EV_CRISIS, NONE, NONE, NONE, NONE, 1 if hit else 0, 0, p, tension, roll)
        if hit:
            for k in range(3):
                c = R.crisis_cols[k]
                set_value(st, R, c, st.values[c] * R.crisis_size[k])
            c = R.crisis_cols[3]
            set_value(st, R, c, st.values[c] + R.crisis_size[3])
            set_value(st, R, col, tension + R.crisis_tension)
            return
    set_value(st, R, col, tension - R.tension_cooling)


@small
def due(R, s, closed):  # type: ignore[no-untyped-def]
    """Seat ``s``'s target due once ``closed`` of the game's quarters have closed: the share played
    to the power of its ``pace`` (1: pro rata; the whole target at the end date), as
    ``Scenario.due`` reckons it. A game won on score goes to the best points less this."""
    return R.targets[s] * min(max(closed, 0) / (R.end - R.start + 1), 1.0) ** R.pace[s]


@small
def closed_quarters(st, R):  # type: ignore[no-untyped-def]
    """How many of the game's quarters have closed: up to the one it ended in, once it is over."""
    return (st.ended + 1 if st.over else st.quarter) - R.start


@small
def margin(st, R, s):  # type: ignore[no-untyped-def]
    """Seat ``s``'s points over its target due by now (``due``): what decides a game won on score."""
    return st.vp[s] - due(R, s, closed_quarters(st, R))


@jit
def _finish(st, wk, ev, reason, winner, loser, x):  # type: ignore[no-untyped-def]
    st.over = 1
    st.reason = reason
    st.sudden = winner
    st.loser = loser
    st.ended = st.quarter
    emit(wk, ev, EV_GAME_OVER, winner, NONE, loser, NONE, reason, 0, 0.0, 0.0, x)


@small
def _term(st, R, der, k, t):  # type: ignore[no-untyped-def]
    """What term ``t`` of sudden death ``k`` reads at the quarter's close (``der``: its outputs)."""
    index = R.term_index[k, t]
    if R.term_reads[k, t] == T_OUTPUT:
        return der[index]
    if R.term_reads[k, t] == T_VALUE:
        return st.values[index]
    n = 0.0  # T_ALIGNED: swing states leaning at least one step to side ``index``
    for s in range(R.n_board):
        n += 1.0 if st.board[s] * index >= 1.0 else 0.0
    return n


@jit
def _check_end(st, R, wk, ev, der):  # type: ignore[no-untyped-def]
    """Every sudden death's streak, then the first one that holds (in table order), then the calendar."""
    first = NONE
    for k in range(R.n_endings):
        held = True
        for t in range(R.end_terms[k]):
            held = held and compare(_term(st, R, der, k, t), R.term_cmp[k, t], R.term_value[k, t])
        if R.end_quarters[k] > 0:
            st.streak[k] = st.streak[k] + 1 if held else 0
            held = st.streak[k] >= R.end_quarters[k]
        if held and R.end_live[k] and first == NONE:
            first = k
    share = der[model.D.CHINA_WORLD_SHARE]  # (the words of an ending may quote it)
    if first != NONE:
        _finish(st, wk, ev, R.end_reason[first], R.end_winner[first], R.end_loser[first], share)
    elif st.quarter >= R.end:
        _finish(st, wk, ev, END_DATE, NONE, NONE, share)


# --- Automatic steps ---------------------------------------------------------------------------------
@jit
def advance(st, R, code, wk, ev, within_quarter):  # type: ignore[no-untyped-def]
    """Run automatic steps until a seat must decide or the game is over (``within_quarter``: or the
    quarter's actions are done, leaving its end unplayed)."""
    while not st.over:
        if st.headline:
            waiting = False
            for s in range(R.n_seats):
                if st.picked[s] == 0:
                    if st.hand_len[s] == 0:  # no card to pick: declines
                        st.picked[s] = 1
                    else:
                        waiting = True
            if waiting:
                return
            resolve_headlines(st, R, code, wk, ev)
            continue
        if st.action < R.rounds * R.n_seats:
            seat = st.action % R.n_seats
            if st.hand_len[seat] > 0:
                return
            emit(wk, ev, EV_PASS, seat, NONE, NONE, NONE, 1, 0, 0.0, 0.0, 0.0)
            st.action += 1
            continue
        if within_quarter:
            return
        end_quarter(st, R, code, wk, ev)
        if not st.over:
            st.quarter += 1
            st.turn += 1
            begin_quarter(st, R, code, wk, ev)


@jit
def new_game(st, R, code, wk, ev, word, game):  # type: ignore[no-untyped-def]
    """The opening state: the scenario's set-up, then the first quarter's automatic steps."""
    setup_game(st, R, word, game)
    begin_quarter(st, R, code, wk, ev)
    advance(st, R, code, wk, ev, False)


@jit
def setup_game(st, R, word, game):  # type: ignore[no-untyped-def]
    """The state as the scenario sets it: model values, board, shuffled decks (before the first news)."""
    st.values[:] = R.initial
    st.board[:] = R.initial_board
    st.vp[:] = 0.0
    st.n_mods = 0
    st.hand_len[:] = 0
    st.hands[:] = NONE
    st.seed_word, st.game, st.counter = word, game, 0
    st.quarter, st.turn = R.start, 1
    st.headline, st.action, st.over, st.reason, st.spill = 0, 0, 0, 0, 0
    st.sudden, st.loser, st.ended = NONE, NONE, 0
    st.streak[:] = 0
    st.fired[:] = 0
    st.shelved[:] = 0
    st.picked[:] = 0
    st.pick[:] = NONE
    st.pick_target[:] = NONE
    st.n_discard, st.n_world_discard = 0, 0
    # A card whose era has not come is held out of its deck (in deck order) until it has.
    st.n_draw, st.n_held = deal_pile(st, R, R.draw_deck, R.n_draw, st.draw, st.held)
    shuffle_pile(st, st.draw, st.n_draw)
    st.n_world, st.n_held_world = deal_pile(st, R, R.world_deck, R.n_world, st.world, st.held_world)
    shuffle_pile(st, st.world, st.n_world)


# --- The facilitator ---------------------------------------------------------------------------------
@jit
def override(st, R, wk, ev, index, value):  # type: ignore[no-untyped-def]
    """Set a value (``index``: a column) or an alignment (``-1 - board index``) to ``value``."""
    if index >= 0:
        before = st.values[index]
        set_value(st, R, index, value)
    else:
        before = st.board[-1 - index]
        st.board[-1 - index] = value
    emit(wk, ev, EV_OVERRIDE, NONE, NONE, NONE, NONE, 0, index, before, value, 0.0)


@jit
def fire(st, R, code, wk, ev, card, target):  # type: ignore[no-untyped-def]
    """Fire ``card``'s event for its seat (or no one's), as the facilitator (at ``target``, if it asks for one)."""
    owner = R.faction[card] if R.faction[card] >= 0 else NONE
    resolve_card(st, R, code, wk, ev, card, owner, target, FIRE_PLAY, False, NONE)

