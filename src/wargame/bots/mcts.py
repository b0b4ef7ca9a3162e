"""``mcts``: Monte-Carlo tree search over its own seat's decisions, seeing only its own view.

Each iteration deals the hidden cards at random (``determinize``: it never peeks), walks a tree
of the seat's own decisions by UCT, lets the other seats answer with a cheap policy, and scores
the position it reaches by the seat's projected margin over the best rival's (the game is won by
the best score against target). The root's candidates are the actions that look best one quarter
ahead; deeper nodes widen progressively. With an iteration budget the bot is deterministic for
its seed; a time budget trades that for a bound on thinking time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from wargame.bots.base import Decision, register
from wargame.bots.greedy import projected_scores
from wargame.engine import rng
from wargame.engine.actions import PASS, Action
from wargame.engine.determinize import determinize
from wargame.engine.game import Game
from wargame.engine.state import GameState

#: Value of a decided game beyond the margins: winning matters more than by how much.
WIN_VALUE = 50.0
#: Weight of the best rival's margin in a position's value. 0 (only one's own score) beat greedy more
#: often than 1 (pure lead) in trials: chasing a runaway leader sacrificed points without catching up.
RIVALRY = 0.0
_LANE = 0x3C75  # the generator lane of this bot's draws
#: Draws a decision may make before its counters would run into the next decision's.
_DRAWS_PER_DECISION = 1 << 32


def position_value(game: Game, state: GameState, seat: str, rivalry: float = RIVALRY) -> float:
    """``seat``'s projected margin over its target, less ``rivalry`` times the best rival's, plus the result once decided."""
    targets = game.rules.scenario.victory.targets
    proj = projected_scores(game, state)
    margin = {s: v - targets.get(s, 0.0) for s, v in proj.items()}  # type: ignore[call-overload]
    value = margin[seat] - rivalry * max(m for s, m in margin.items() if s != seat)
    if state.over and state.result is not None:
        value += WIN_VALUE if state.result.get("winner") == seat else -WIN_VALUE
    return value


@dataclass
class _Node:
    """Statistics of one of the seat's decisions, reached by the actions on the path to it."""

    visits: int = 0
    total: float = 0.0
    available: int = 0  # how often this action could be taken when its parent was visited
    children: dict[Action, _Node] = field(default_factory=dict)
    candidates: list[Action] | None = None  # the order in which children are tried


@register("mcts")
class MctsBot:
    """Information-set MCTS (one determinization per iteration) over its own decisions."""

    name = "mcts"

    def __init__(self, seed: int = 0, iterations: int = 200, seconds: float | None = None, depth: int = 2,
                 root_width: int = 10, exploration: float = 0.7, rollout: str = "greedy-lite",
                 rivalry: float = RIVALRY) -> None:
        if rollout not in ("random", "greedy-lite"):
            raise ValueError("rollout must be 'random' or 'greedy-lite'")
        self.seed, self.iterations, self.seconds, self.depth = seed, iterations, seconds, depth
        self.root_width, self.exploration, self.rollout = root_width, exploration, rollout
        self.rivalry = rivalry
        self.calls = 0
        self._draws = 0

    # --- randomness: counter-based, from the bot's own seed and the decision's number -------------
    def _below(self, n: int) -> int:
        k = rng.below(self.seed, self.calls * _DRAWS_PER_DECISION + self._draws, n, _LANE)
        self._draws += 1
        return k

    def resume(self, choices: Sequence[int]) -> None:
        """Each decision's draws are numbered from the decision's count, so only that count is kept."""
        self.calls = len(choices)

    # --- the search ------------------------------------------------------------------------------
    def choose(self, game: Game, view: GameState) -> Action:
        return self.decide(game, view).action

    def decide(self, game: Game, view: GameState) -> Decision:
        """The most visited of the root's options; ``scores``: each tried option's mean value less the
        position's value now (what the option adds), best first."""
        seat = view.viewer or game.current_player(view)
        assert seat is not None
        legal = game.legal_actions(view)
        self.calls += 1
        self._draws = 0
        if len(legal) == 1:
            return Decision(legal[0])
        root = _Node()
        root.candidates = self._root_candidates(game, view, seat, legal)
        if len(root.candidates) == 1:
            return Decision(root.candidates[0])
        deadline = None if self.seconds is None else time.perf_counter() + self.seconds
        bounds = [math.inf, -math.inf]
        for i in range(self.iterations):
            if deadline is not None and i > 0 and time.perf_counter() > deadline:
                break
            world = determinize(game.rules, view, seed=rng.draw64(self.seed, self.calls * 1_000_003 + i, _LANE))
            path, state = self._descend(game, world, seat, root, bounds)
            value = self._playout(game, state, seat)
            bounds[0], bounds[1] = min(bounds[0], value), max(bounds[1], value)
            for node in path:
                node.visits += 1
                node.total += value
        tried = [(a, n) for a, n in root.children.items() if n.visits]
        if not tried:
            return Decision(root.candidates[0])
        best = max(tried, key=lambda an: (an[1].visits, an[1].total / an[1].visits))[0]
        now = position_value(game, view, seat, self.rivalry)  # values read as what a move adds to standing pat
        scores = sorted(((a, n.total / n.visits - now) for a, n in tried), key=lambda av: -av[1])
        return Decision(best, tuple(scores), "projected margin over target gained")

    def _root_candidates(self, game: Game, view: GameState, seat: str, legal: list[Action]) -> list[Action]:
        """The ``root_width`` actions that look best one quarter ahead on one dealt world."""
        world = determinize(game.rules, view, seed=rng.draw64(self.seed, self.calls, _LANE + 1))
        scored = [(position_value(game, game.apply_legal(world, a), seat, self.rivalry), -i, a)
                  for i, a in enumerate(legal)]
        scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
        return [a for _, _, a in scored[: self.root_width]]

    def _descend(self, game: Game, state: GameState, seat: str, root: _Node,
                 bounds: list[float]) -> tuple[list[_Node], GameState]:
        """Walk the tree (others move by the playout policy) until a new node is made or the depth is reached."""
        path = [root]
        node = root
        for _ in range(self.depth):
            state = self._others_move(game, state, seat)
            if state.over:
                break
            legal = game.legal_actions(state)
            if node.candidates is None:  # a deeper node: candidates in a seeded random order
                order = list(legal)
                for j in range(len(order) - 1, 0, -1):
                    k = self._below(j + 1)
                    order[j], order[k] = order[k], order[j]
                node.candidates = order
            present = set(legal)
            available = [a for a in node.candidates if a in present]
            if not available:
                break
            width = len(available) if node is root else 1 + int(math.sqrt(node.visits))
            untried = [a for a in available[:width] if a not in node.children]
            if untried:
                action = untried[0]
                child = node.children[action] = _Node()
                child.available += 1
                path.append(child)
                return path, game.apply_legal(state, action)
            action = self._select(node, available[:width], bounds)
            node = node.children[action]
            path.append(node)
            state = game.apply_legal(state, action)
        return path, state

    def _select(self, node: _Node, available: list[Action], bounds: list[float]) -> Action:
        """UCB1 over the children that could be taken now, values normalised to the range seen so far."""
        lo, hi = bounds
        span = hi - lo if hi > lo else 1.0
        best, best_score = available[0], -math.inf
        for action in available:
            child = node.children[action]
            child.available += 1
            mean = (child.total / child.visits - lo) / span if child.visits else 1.0
            score = mean + self.exploration * math.sqrt(math.log(max(child.available, 1)) / max(child.visits, 1))
            if score > best_score:
                best, best_score = action, score
        return best

    def _others_move(self, game: Game, state: GameState, seat: str) -> GameState:
        """Let the other seats act by the playout policy until it is ``seat``'s turn or the game ends."""
        while (p := game.current_player(state)) is not None and p != seat:
            state = game.apply_legal(state, self._policy(game, state, p))
        return state

    def _playout(self, game: Game, state: GameState, seat: str) -> float:
        """Play on until ``seat`` must decide again (or the game ends), then score the position."""
        return position_value(game, self._others_move(game, state, seat), seat, self.rivalry)

    def _policy(self, game: Game, state: GameState, seat: str) -> Action:
        """``random``: uniform; ``greedy-lite``: the best one-quarter projection among three sampled actions."""
        legal = game.legal_actions(state)
        if self.rollout == "random" or len(legal) == 1:
            return legal[self._below(len(legal))]
        sample = sorted({legal[self._below(len(legal))] for _ in range(3)}, key=legal.index)
        moves = [a for a in sample if a.kind != PASS] or sample  # passing wastes a card play
        return max(moves, key=lambda a: projected_scores(game, game.apply_legal(state, a))[seat])


@register("mcts-fast")
def fast_mcts(seed: int = 0) -> MctsBot:
    """``mcts`` with a fifth of the iterations: for Monte-Carlo batches and quick opponents."""
    bot = MctsBot(seed, iterations=40)
    bot.name = "mcts-fast"
    return bot
