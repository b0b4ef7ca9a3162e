"""The ``mcts`` bots: information-set Monte-Carlo tree search over a seat's own decisions.

Each iteration deals what the seat cannot see (other hands and headline picks, the piles' order:
``bots.determinize``), walks a tree of the seat's own decisions by UCT for ``depth`` of them while
the other seats answer by the rollout policy, lets them answer once more, and scores the position
reached by ``position_value``: the seat's points over its target ``bot_horizon`` quarters on with
no card played (``bots.coast``, the greedy bot's second look; less ``rivalry`` times the best
rival's margin), plus ``win_value`` for a decided game won (minus, lost).

- The root's candidates, on one dealt world, as the greedy bot weighs its moves (``anchor``): every
  legal move scored at the quarter's close plus its reserve (``bots.reserve``), then its
  ``root_width`` best by that and every own event scored as the greedy bot's second look does
  (reserve, then ``bots.coast`` and ``bots.outlook``); the ``root_width`` best of these, in that
  order (ties to the earlier legal move; a headline pick as the headline resolves with the picks
  made so far, the seats still to pick declining: ``bots.others_decline``). Without ``anchor`` the
  first look is the margin alone and the second ``position_value``. Deeper nodes list their legal
  moves in a seeded random order when first reached and widen progressively: ``1 + sqrt(visits)``
  of the moves legal there.
- UCB1 with values normalised to the range seen so far; a child counts how often it could be taken.
  At the root a progressive bias leans on the values that chose the candidates:
  ``bias`` times an option's shortfall from the best of them (normalised alike), over its visits
  plus one. With a few dozen iterations over several options, the search's means alone are mostly
  the dealt worlds' noise; the bias keeps it from trading a sound move for a lucky one, and fades
  as the visits come.
- Rollout policy ``GREEDY_LITE``: three sampled legal moves (a pass or declined headline only if
  nothing else came up), the one with the best projected points for the mover after it (a headline
  pick as it would resolve, the seats still to pick declining, as the greedy bot weighs it);
  ``RANDOM``: one uniform move.
- The answer: the most visited root option (then the better mean), if its mean value beats the
  first candidate's (the move the greedy bot's weighing puts first) by ``gate`` standard errors of their difference; if not,
  the first candidate. A few dozen dealt worlds an option tell a real gain from luck only when it is
  large: without the gate the search traded the greedy bot's sound pick for a lucky one often
  enough to lose to it as the US (``GATE`` has the figures).

Chance is counter-based: iteration ``i`` of decision ``d`` deals its world from
``draw64(seed, d * 1_000_003 + i, LANE)``, the root's candidates from ``draw64(seed, d, LANE + 1)``,
and the other draws (node orders, rollouts) are numbered ``d * 2**32 + k``. So a decision depends on
the bot's seed, the decision's number and the seat's view only.

Memory is the caller's: a ``SEARCH`` record (the search's counters, the decision's legal moves and
the answer) and a ``NODE`` array of ``iterations + 1`` nodes (one new node per iteration at most).
A node keeps at most ``NODE_MOVES`` of its moves: progressive widening reaches ``1 + sqrt(visits)``
of them, 15 at 200 iterations.
"""

from __future__ import annotations

import math

import numpy as np

from wargame.core import rng
from wargame.core.bots import (
    BASE,
    begin_game,
    best_rival,
    choose,
    coast,
    decode,
    determinize,
    keep_plays,
    options,
    others_decline,
    pick_further,
    prepare,
    project,
    reserve,
    second_look,
)
from wargame.core.codes import HEADLINE, PASS, SEARCH_BOT
from wargame.core.jit import batch, jit, small, unowned
from wargame.core.layout import MAX_MOVES, NONE, records
from wargame.core.quarter import advance, apply_action, closed_quarters, current_player, due, margin
from wargame.core.state import copy_state

#: The generator lane of the search's draws (the root's dealt world: ``LANE + 1``).
LANE = 0x3C75
#: Counters of one decision's draws: ``decision * DRAWS_PER_DECISION + k``.
DRAWS_PER_DECISION = 1 << 32
#: Spreads a decision's iterations apart in counter space.
ITERATION_LANE = 1_000_003
#: Moves a node keeps (the root keeps ``root_width``).
NODE_MOVES = 64
#: Rollout policies.
RANDOM, GREEDY_LITE = 0, 1
#: Scratch states of a search: the iteration's world, a trial move, the best trial so far.
WORLD, TRIAL, BEST = 0, 1, 2
N_SCRATCH = 3

#: How a search bot plays (one record per seat of a batch).
PARAMS = np.dtype([
    ("iterations", np.int64), ("depth", np.int32), ("root_width", np.int32),
    ("exploration", np.float64), ("rollout", np.int32), ("rivalry", np.float64), ("win_value", np.float64),
    ("bias", np.float64), ("gate", np.float64), ("anchor", np.int32),
])

#: One of the seat's decisions in the tree, reached by the moves on the path to it.
NODE = np.dtype([
    ("visits", np.int64), ("total", np.float64), ("total_sq", np.float64),
    ("available", np.int64),  # how often this move could be taken when its parent was visited
    ("n_moves", np.int32),  # -1: not listed yet
    ("moves", np.int32, (NODE_MOVES, 3)),  # (kind, card, target) in the order they are tried
    ("child", np.int32, (NODE_MOVES,)),  # the node each move leads to, NONE before it is tried
])

#: A search in progress and its answer.
SEARCH = np.dtype([
    ("word", np.uint64), ("decision", np.int64), ("draws", np.int64),
    ("n_nodes", np.int32), ("lo", np.float64), ("hi", np.float64), ("done", np.int64),
    ("n_legal", np.int32), ("legal", np.int32, (MAX_MOVES, 3)), ("value", np.float64, (MAX_MOVES,)),
    ("path", np.int32, (64,)),
    ("pick", np.int8, (MAX_MOVES,)),  # a root option's second look: 2 one of the best, 1 an own event, 0 none
    ("prior", np.float64, (NODE_MOVES,)),  # the root options' second-look values, best first
    # The answer: the chosen move, and each tried root option's mean value less the position's now.
    ("choice", np.int32, (3,)), ("n_scored", np.int32),
    ("scored", np.int32, (NODE_MOVES, 3)), ("score", np.float64, (NODE_MOVES,)),
])


#: Value of a decided game beyond the margins: winning matters more than by how much.
WIN_VALUE = 50.0
#: Weight of the best rival's margin in a position's value, as the greedy bot's ``bot_rivalry``: the
#: game is won on margins. 1 (pure lead) chased a runaway leader at any cost; 0 (only one's own score)
#: lost to the greedy bot that weighs the rival once a game cut short was judged at each seat's pace
#: (200 paired baseline games, seed 9, ``mcts`` as the firm: 103 wins against greedy's 65 at 0.3).
RIVALRY = 0.3
#: Weight of the root's progressive bias toward the options the second look put first.
BIAS = 1.0
#: Standard errors by which the search's pick must beat the root's first option (the greedy bot's
#: pick, with ``anchor``) to be played instead. Over three sets of five 400-game batches of baseline
#: (seeds 12-26, greedy in the other seats), ``mcts-fast`` anchored with a gate of 1 won 22 more games
#: than greedy as the US (46 fewer without), 129 more as China (35) and, on seeds 17-26, 350 more as
#: the firm (420); ``mcts`` (seeds 12-14) 418 against greedy's 384 as the US (318 without), 460 against
#: 407 as China (410) and 640 against 387 as the firm (598). As China a gate of 0.5 gave 676 and 1.5
#: or 2 gave 687 where 1 gave 717 (greedy 657), and an anchored root without a gate 659.
GATE = 1.0
#: The rollout policies by name.
ROLLOUTS = {"random": RANDOM, "greedy-lite": GREEDY_LITE}
#: The search bots by name, with their settings (batches play them in the core; ``bots.mcts`` drives them).
#: ``mcts-fast`` weighs four root options, not ten: 40 iterations spread over ten left each option
#: about four dealt worlds, too few to tell them apart; and it walks one of its own decisions, not two:
#: with ten dealt worlds an option the second step's noise swamped the first's. It runs 100 iterations,
#: about 25 dealt worlds an option: at 40 it lost to the year-ahead greedy as the US (538 wins against
#: 562 over four 400-game batches of baseline, seeds 9-12), at 100 it beats it (754 against 696, seeds
#: 9-13), evens China (642 against 638) and beats the firm, and still plays 28 games a second in every
#: seat on two cores (``tests/test_mcts.py`` has the figures on its games).
SEARCH_BOTS = {"mcts": {"iterations": 200}, "mcts-fast": {"iterations": 100, "root_width": 4, "depth": 1}}


def search_params(iterations: int = 200, depth: int = 2, root_width: int = 10, exploration: float = 0.7,
                  rollout: str = "greedy-lite", rivalry: float = RIVALRY, bias: float = BIAS,
                  gate: float = GATE, anchor: bool = True) -> np.recarray:
    """A search's settings as the core reads them (one ``PARAMS`` record). ``anchor``: the root's
    options are weighed as the greedy bot weighs its moves (its reserve, rivalry and end value), not
    by ``position_value``; ``gate``: see ``GATE`` (0: the most visited option goes)."""
    if rollout not in ROLLOUTS:
        raise ValueError("rollout must be 'random' or 'greedy-lite'")
    params = records(PARAMS, 1)
    p = params[0]
    p.iterations, p.depth, p.root_width, p.exploration = iterations, depth, root_width, exploration
    p.rollout, p.rivalry, p.win_value, p.bias = ROLLOUTS[rollout], rivalry, WIN_VALUE, bias
    p.gate, p.anchor = gate, anchor
    return params


# --- Values ----------------------------------------------------------------------------------------
@small
def _margin(st, R, wk, seat):  # type: ignore[no-untyped-def]
    """``seat``'s projected points at the quarter's close over its target due then (``prepare`` left
    the projection in ``BASE``)."""
    return project(st, R, wk, BASE, seat) - due(R, seat, closed_quarters(st, R) + 1)


@small
def _winner(st, R):  # type: ignore[no-untyped-def]
    """The seat that won a finished game: outright, or the best margin over the target due
    (``quarter.margin``; the loser aside, ties to the earlier)."""
    if st.sudden >= 0:
        return st.sudden
    best, who = -np.inf, NONE
    for s in range(R.n_seats):
        if s != st.loser:
            m = round(margin(st, R, s), 6)
            if m > best:
                best, who = m, s
    return who


@jit
def position_value(st, R, code, wk, ev, seat, P):  # type: ignore[no-untyped-def]
    """``seat``'s margin over its target ``bot_horizon`` quarters on (``bots.coast``, as the greedy
    bot's second look: no card played, no news), less ``rivalry`` times the best rival's, plus the
    result once decided (a finished game's points are final). Runs the quarters on ``st`` itself:
    pass a state that may be spent."""
    if not st.over:
        coast(st, R, code, wk, ev, R.bot_horizon)
    value = margin(st, R, seat)
    if st.over:
        value += P.win_value if _winner(st, R) == seat else -P.win_value
    if P.rivalry != 0.0:
        rival = best_rival(st, R, seat, False)
        if rival > -np.inf:
            value -= P.rivalry * rival
    return value


@jit
def _quick_value(st, R, wk, seat):  # type: ignore[no-untyped-def]
    """``seat``'s margin over its target at the quarter's close (a finished game's, final): the
    first look that chooses which root options are weighed further."""
    if st.over:
        return margin(st, R, seat)
    prepare(st, R, wk, BASE)
    return _margin(st, R, wk, seat)


# --- Moves -----------------------------------------------------------------------------------------
@small
def _play(st, R, code, wk, ev, seat, kind, card, target):  # type: ignore[no-untyped-def]
    apply_action(st, R, code, wk, ev, seat, kind, card, target)
    advance(st, R, code, wk, ev, False)


@jit
def list_moves(st, R, code, wk, seat, out):  # type: ignore[no-untyped-def]
    """``seat``'s legal moves into rows of ``out`` (in ``legal_actions``' order); returns how many."""
    total = options(st, R, code, wk, seat)
    for k in range(min(total, out.shape[0])):
        out[k, 0], out[k, 1], out[k, 2] = decode(st, R, wk, seat, total, k)
    return min(total, out.shape[0])


@small
def _listed(moves, n, kind, card, target):  # type: ignore[no-untyped-def]
    for k in range(n):
        if moves[k, 0] == kind and moves[k, 1] == card and moves[k, 2] == target:
            return True
    return False


@small
def _below(S, n):  # type: ignore[no-untyped-def]
    """The search's next draw in [0, n)."""
    k = rng.below(S.word, S.decision * DRAWS_PER_DECISION + S.draws, n, LANE)
    S.draws += 1
    return k


@small
def _passes(kind, card):  # type: ignore[no-untyped-def]
    """A pass, or a declined headline: a move that wastes a card play."""
    return kind == PASS or (kind == HEADLINE and card == NONE)


@jit
def policy_move(R, code, wk, ev, scratch, S, P, seat):  # type: ignore[no-untyped-def]
    """``seat`` (not the searching one) moves on ``scratch[WORLD]`` by the rollout policy."""
    world = scratch[WORLD]
    total = options(world, R, code, wk, seat)
    if P.rollout == RANDOM or total == 1:
        kind, card, target = decode(world, R, wk, seat, total, _below(S, total))
        _play(world, R, code, wk, ev, seat, kind, card, target)
        return
    a, b, c = _below(S, total), _below(S, total), _below(S, total)
    lo, hi = min(a, b, c), max(a, b, c)
    picks = np.array((lo, a + b + c - lo - hi, hi), np.int64)  # the sample in legal order
    sample = np.empty((3, 3), np.int64)
    n_played = 0
    for j in range(3):
        sample[j, 0], sample[j, 1], sample[j, 2] = decode(world, R, wk, seat, total, picks[j])
        n_played += 0 if _passes(sample[j, 0], sample[j, 1]) else 1
    headline = world.headline != 0
    best, best_slot, best_j, have = -np.inf, TRIAL, 0, False
    for j in range(3):
        if (j > 0 and picks[j] == picks[j - 1]) or (n_played > 0 and _passes(sample[j, 0], sample[j, 1])):
            continue  # each sampled move once; a pass only when nothing else came up
        slot = BEST if best_slot == TRIAL else TRIAL  # the slot not holding the best so far
        trial = scratch[slot]
        copy_state(trial, world)
        apply_action(trial, R, code, wk, ev, seat, sample[j, 0], sample[j, 1], sample[j, 2])
        if headline:  # weighed as it would resolve, the seats still to pick declining (as greedy does)
            others_decline(trial, R, seat)
        advance(trial, R, code, wk, ev, False)
        score = trial.vp[seat] if trial.over else _projected(trial, R, wk, seat)
        if score > best or not have:
            best, best_slot, best_j, have = score, slot, j, True
    if headline:  # the trial saw the later seats decline: the world lets them pick
        _play(world, R, code, wk, ev, seat, sample[best_j, 0], sample[best_j, 1], sample[best_j, 2])
    else:
        copy_state(world, scratch[best_slot])


@small
def _projected(st, R, wk, seat):  # type: ignore[no-untyped-def]
    prepare(st, R, wk, BASE)
    return project(st, R, wk, BASE, seat)


@jit
def others_move(R, code, wk, ev, scratch, S, P, seat):  # type: ignore[no-untyped-def]
    """The other seats move on ``scratch[WORLD]`` by the rollout policy until ``seat`` must decide (or the end)."""
    world = scratch[WORLD]
    while True:
        p = current_player(world, R)
        if p == NONE or p == seat:
            return
        policy_move(R, code, wk, ev, scratch, S, P, p)


# --- The tree --------------------------------------------------------------------------------------
@small
def _new_node(nodes, S):  # type: ignore[no-untyped-def]
    i = S.n_nodes
    S.n_nodes += 1
    node = nodes[i]
    node.visits, node.total, node.total_sq, node.available, node.n_moves = 0, 0.0, 0.0, 0, -1
    return i


@jit
def _list_node(node, S, n):  # type: ignore[no-untyped-def]
    """A deeper node's moves: the ``n`` legal ones (in ``S.legal``) in a seeded random order."""
    order = S.legal  # shuffled in place from the top down, as Fisher-Yates; kept: the first NODE_MOVES
    for j in range(n - 1, 0, -1):
        k = _below(S, j + 1)
        for f in range(3):
            x = order[j, f]
            order[j, f] = order[k, f]
            order[k, f] = x
    m = min(n, NODE_MOVES)
    node.moves[:m] = order[:m]
    node.child[:m] = NONE
    node.n_moves = m


@jit
def _select(nodes, node, S, P, avail, n_avail, root):  # type: ignore[no-untyped-def]
    """UCB1 over the children that could be taken now, values normalised to the range seen so far
    (at the root, plus the progressive bias toward the better options one move ahead)."""
    span = S.hi - S.lo if S.hi > S.lo else 1.0
    best, best_score = avail[0], -np.inf
    for j in range(n_avail):
        child = nodes[node.child[avail[j]]]
        child.available += 1
        mean = (child.total / child.visits - S.lo) / span if child.visits else 1.0
        score = mean + P.exploration * math.sqrt(math.log(max(child.available, 1)) / max(child.visits, 1))
        if root:
            score += P.bias * (S.prior[avail[j]] - S.prior[0]) / span / (1 + child.visits)
        if score > best_score:
            best, best_score = avail[j], score
    return best


@jit
def _descend(R, code, wk, ev, scratch, nodes, S, P, seat, avail):  # type: ignore[no-untyped-def]
    """Walk the tree on ``scratch[WORLD]`` (the others move by the policy) until a new node is made or
    the depth is reached; the path goes to ``S.path``, its length is returned."""
    world = scratch[WORLD]
    S.path[0] = 0
    length = 1
    node_at = 0
    for _ in range(P.depth):
        others_move(R, code, wk, ev, scratch, S, P, seat)
        if world.over:
            break
        node = nodes[node_at]
        n_legal = list_moves(world, R, code, wk, seat, S.legal)
        if node.n_moves < 0:
            _list_node(node, S, n_legal)  # (``S.legal`` shuffled: still the legal moves)
        width = NODE_MOVES if node_at == 0 else 1 + int(math.sqrt(node.visits))
        n_avail = 0
        for j in range(node.n_moves):
            if n_avail == width:
                break
            if _listed(S.legal, n_legal, node.moves[j, 0], node.moves[j, 1], node.moves[j, 2]):
                avail[n_avail] = j
                n_avail += 1
        if n_avail == 0:
            break
        untried = -1
        for j in range(n_avail):
            if node.child[avail[j]] == NONE:
                untried = avail[j]
                break
        if untried >= 0:
            child = _new_node(nodes, S)
            node.child[untried] = child
            nodes[child].available += 1
            S.path[length] = child
            length += 1
            _play(world, R, code, wk, ev, seat, node.moves[untried, 0], node.moves[untried, 1], node.moves[untried, 2])
            return length
        j = _select(nodes, node, S, P, avail, n_avail, node_at == 0)
        node_at = node.child[j]
        S.path[length] = node_at
        length += 1
        _play(world, R, code, wk, ev, seat, node.moves[j, 0], node.moves[j, 1], node.moves[j, 2])
    return length


# --- A decision ------------------------------------------------------------------------------------
@jit
def _root_trial(view, R, code, wk, ev, world, trial, seat, move):  # type: ignore[no-untyped-def]
    """Root option ``move`` played on a copy of the dealt ``world`` into ``trial`` (a headline pick
    as the greedy bot weighs it: the picks still to come are hidden, the later seats decline)."""
    copy_state(trial, world)
    apply_action(trial, R, code, wk, ev, seat, move[0], move[1], move[2])
    if world.headline:
        others_decline(trial, R, seat)
    advance(trial, R, code, wk, ev, False)


@jit
def start(view, R, code, wk, ev, scratch, nodes, S, P, seat, word, decision):  # type: ignore[no-untyped-def]
    """Begin decision number ``decision`` (counted from 1) of a bot whose seed's word is ``word``,
    for ``seat`` on its ``view``: the root's candidates. Returns how many: 1 means decided
    (``S.choice``), and there is nothing to search."""
    S.word, S.decision, S.draws, S.done, S.n_scored = word, decision, 0, 0, 0
    S.lo, S.hi, S.n_nodes = np.inf, -np.inf, 0
    n = list_moves(view, R, code, wk, seat, S.legal)
    S.n_legal = n
    S.choice[:] = S.legal[0]
    if n == 1:
        return 1
    world, trial = scratch[WORLD], scratch[TRIAL]
    copy_state(world, view)
    determinize(view, R, wk, seat, rng.seed_word(rng.draw64(word, decision, LANE + 1)), world, True)
    for k in range(n):  # first look: the quarter's close
        _root_trial(view, R, code, wk, ev, world, trial, seat, S.legal[k])
        S.value[k] = _quick_value(trial, R, wk, seat)
        if P.anchor:
            S.value[k] += reserve(trial, R, seat, 0)
    pick_further(S.value, S.legal[:, 0], S.pick, n, P.root_width, world.headline != 0, 0.0)  # which go on
    for k in range(n):  # second look: ``bot_horizon`` quarters on
        if S.pick[k] == 0:
            S.value[k] = -np.inf
        else:
            _root_trial(view, R, code, wk, ev, world, trial, seat, S.legal[k])
            if P.anchor:
                S.value[k] = second_look(trial, R, code, wk, ev, seat)
            else:
                S.value[k] = position_value(trial, R, code, wk, ev, seat, P)
    root = nodes[_new_node(nodes, S)]
    width = min(n, P.root_width, NODE_MOVES)
    for j in range(width):  # the best values first, ties to the earlier move
        best = -1
        for k in range(n):
            if S.value[k] > -np.inf and (best < 0 or S.value[k] > S.value[best]):
                best = k
        root.moves[j] = S.legal[best]
        S.prior[j] = S.value[best]
        S.value[best] = -np.inf
    root.child[:width] = NONE
    root.n_moves = width
    S.choice[:] = root.moves[0]
    return width


@jit
def iterate(view, R, code, wk, ev, scratch, nodes, S, P, seat, stop):  # type: ignore[no-untyped-def]
    """Iterations ``S.done .. stop - 1`` of the search ``start`` began (fewer when the nodes run out)."""
    avail = np.empty(NODE_MOVES, np.int32)
    world = scratch[WORLD]
    while S.done < stop and S.n_nodes < nodes.shape[0]:
        word = rng.seed_word(rng.draw64(S.word, S.decision * ITERATION_LANE + S.done, LANE))
        copy_state(world, view)
        determinize(view, R, wk, seat, word, world, True)
        length = _descend(R, code, wk, ev, scratch, nodes, S, P, seat, avail)
        others_move(R, code, wk, ev, scratch, S, P, seat)
        value = position_value(world, R, code, wk, ev, seat, P)
        S.lo, S.hi = min(S.lo, value), max(S.hi, value)
        for j in range(length):
            node = nodes[S.path[j]]
            node.visits += 1
            node.total += value
            node.total_sq += value * value
        S.done += 1


@small
def _not_clearly_better(nodes, b, a, gate):  # type: ignore[no-untyped-def]
    """Whether node ``b``'s mean value is within ``gate`` standard errors of node ``a``'s (or ``a`` was
    never tried twice): the search then keeps the option the second look put first."""
    if a == NONE or nodes[a].visits < 2 or nodes[b].visits < 2:
        return False
    se2 = 0.0
    for c in (a, b):
        n = nodes[c].visits
        mean = nodes[c].total / n
        se2 += max(nodes[c].total_sq / n - mean * mean, 0.0) / (n - 1)
    diff = nodes[b].total / nodes[b].visits - nodes[a].total / nodes[a].visits
    return diff <= gate * math.sqrt(se2)


@jit
def finish(view, R, code, wk, ev, scratch, nodes, S, P, seat):  # type: ignore[no-untyped-def]
    """The answer into ``S``: the most visited root option (then the better mean), and each tried
    option's mean value less the position's value now, best first (ties in the order tried)."""
    root = nodes[0]
    best, best_visits, best_mean = -1, 0, -np.inf
    n = 0
    for j in range(root.n_moves):
        c = root.child[j]
        if c == NONE or nodes[c].visits == 0:
            continue
        mean = nodes[c].total / nodes[c].visits
        if nodes[c].visits > best_visits or (nodes[c].visits == best_visits and mean > best_mean):
            best, best_visits, best_mean = j, nodes[c].visits, mean
        S.scored[n] = root.moves[j]
        S.score[n] = mean
        n += 1
    if best < 0:
        S.choice[:] = root.moves[0]
        return
    if best > 0 and P.gate > 0.0 and _not_clearly_better(nodes, root.child[best], root.child[0], P.gate):
        best = 0
    S.choice[:] = root.moves[best]
    now_state = scratch[TRIAL]
    copy_state(now_state, view)
    now = position_value(now_state, R, code, wk, ev, seat, P)
    for j in range(n):  # insertion sort, best first, stable
        S.score[j] -= now
        k = j
        while k > 0 and S.score[k] > S.score[k - 1]:
            for f in range(3):
                x = S.scored[k, f]
                S.scored[k, f] = S.scored[k - 1, f]
                S.scored[k - 1, f] = x
            s = S.score[k]
            S.score[k] = S.score[k - 1]
            S.score[k - 1] = s
            k -= 1
    S.n_scored = n


@jit
def search(view, R, code, wk, ev, scratch, nodes, S, P, seat, word, decision):  # type: ignore[no-untyped-def]
    """A whole decision by its iteration budget; the move is ``S.choice``."""
    log_events, log_plays = wk.log_events, wk.log_plays
    wk.log_events, wk.log_plays = 0, 0
    if start(view, R, code, wk, ev, scratch, nodes, S, P, seat, word, decision) > 1:
        iterate(view, R, code, wk, ev, scratch, nodes, S, P, seat, P.iterations)
        finish(view, R, code, wk, ev, scratch, nodes, S, P, seat)
    wk.log_events, wk.log_plays = log_events, log_plays


# --- Whole games -----------------------------------------------------------------------------------
@jit
def _play_game(st, R, code, wk, ev, scratch, tree_scratch, nodes, S, params, bots, bot_seeds):  # type: ignore[no-untyped-def]
    """Every seat by its bot to the end: the core's own bots, or a search (``SEARCH_BOT``, as ``params[seat]``)."""
    view = tree_scratch[N_SCRATCH]
    while True:
        seat = current_player(st, R)
        if seat == NONE:
            return
        if bots[seat] == SEARCH_BOT:
            wk.bot_calls[seat] += 1
            copy_state(view, st)  # the search reads no hidden card: each iteration deals them anew
            search(view, R, code, wk, ev, tree_scratch, nodes, S, params[seat], seat, wk.bot_words[seat],
                   wk.bot_calls[seat])
            kind, card, target = S.choice[0], S.choice[1], S.choice[2]
        else:
            kind, card, target = choose(st, R, code, wk, ev, scratch, seat, bots[seat], bot_seeds[seat])
        apply_action(st, R, code, wk, ev, seat, kind, card, target)
        advance(st, R, code, wk, ev, False)


@batch
def play_games(rules, code, work, ev, scratch, tree_scratch, nodes, searches, params, finals, bots, bot_seeds,
               word, first, done, log, log_end):  # type: ignore[no-untyped-def]
    """``core.bots.play_games`` with search bots in some seats (``params[s]``: seat ``s``'s search)."""
    R, wk, S = rules[0], work[0], searches[0]
    code, ev, scratch, tree_scratch = unowned(code), unowned(ev), unowned(scratch), unowned(tree_scratch)
    nodes, params, bots, bot_seeds = unowned(nodes), unowned(params), unowned(bots), unowned(bot_seeds)
    wk.log_events, wk.log_plays = 0, 1
    for g in range(done, finals.shape[0]):
        begin_game(finals[g], R, code, wk, ev, bot_seeds, word, first, g)
        _play_game(finals[g], R, code, wk, ev, scratch, tree_scratch, nodes, S, params, bots, bot_seeds[:, g])
        if not keep_plays(wk, log, log_end, g):
            return g
    return finals.shape[0]

__all__ = ["GREEDY_LITE", "NODE", "PARAMS", "RANDOM", "SEARCH", "SEARCH_BOTS", "play_games", "search", "search_params"]
