"""``greedy``: one-ply look-ahead on its own score.

For each legal action it plays the action on a determinized copy of its view (hidden cards dealt
at random: it never peeks), projects the economy one quarter ahead, and keeps the action whose
projected victory points for its own seat are highest. Ties go to the earlier legal action.

The look-ahead never plays a quarter's end: after the quarter's last action it projects from the
state that action leaves, as after any other. Every decision is judged on the same horizon, the
points the current quarter's end will bring, whichever seat happens to act last in a quarter.
"""

from __future__ import annotations

from collections.abc import Sequence

from wargame.bots.base import Decision, register
from wargame.engine import flow
from wargame.engine.actions import Action
from wargame.engine.determinize import determinize
from wargame.engine.game import Game, quarter_offset
from wargame.engine.state import GameState
from wargame.model.economy import advance_quarter, derive
from wargame.model.scoring import quarter_vp


def projected_scores(game: Game, state: GameState) -> dict[str, float]:
    """Every seat's points now plus what one more quarter of the model would give it from here."""
    if state.over:
        return dict(state.vp)
    rules = game.rules
    eff = flow.effective(state)
    board = [state.board[b] for b in rules.board_ids]
    new, new_board = advance_quarter(eff, board, rules.weights, rules.params, max(quarter_offset(state.quarter), 0))
    out = derive(new, new_board, rules.weights, rules.params)
    vp = quarter_vp(new, out, new_board, rules.params, new["firm.profit"] - eff["firm.profit"])
    return {s: state.vp[s] + float(vp[s]) for s in state.seats}


def projected_score(game: Game, state: GameState, seat: str) -> float:
    """``seat``'s projected points, with a large bonus once the game is won."""
    won = state.over and (state.result or {}).get("winner") == seat
    return projected_scores(game, state)[seat] + (1000.0 if won else 0.0)


#: Spreads a greedy bot's look-aheads apart in seed space (the game kernel uses it too).
WORLD_LANE = 1_000_003


def world_seed(seed: int, calls: int) -> int:
    """The seed the greedy bot with ``seed`` deals hidden cards under at its ``calls``-th look-ahead."""
    return seed * WORLD_LANE + calls


@register("greedy")
class GreedyBot:
    """Best immediate projected score for its own seat."""

    name = "greedy"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.calls = 0

    def choose(self, game: Game, view: GameState) -> Action:
        return self.decide(game, view).action

    def decide(self, game: Game, view: GameState) -> Decision:
        """The best projected option, with every option's points for the seat projected this quarter (best first)."""
        seat = view.viewer or game.current_player(view)
        assert seat is not None
        legal = game.legal_actions(view)
        if len(legal) == 1:
            return Decision(legal[0])
        world = determinize(game.rules, view, seed=world_seed(self.seed, self.calls))
        self.calls += 1
        best, best_score = legal[0], float("-inf")
        scored: dict[tuple[object, ...], float] = {}
        options: list[tuple[Action, float]] = []
        for action in legal:
            key = _outcome_key(game, action, seat)
            if key not in scored:
                scored[key] = projected_score(game, game.apply_legal(world, action, within_quarter=True), seat)
            options.append((action, scored[key] - view.vp[seat]))
            if scored[key] > best_score + 1e-9:
                best, best_score = action, scored[key]
        options.sort(key=lambda o: -o[1])  # stable: ties stay in legal order
        return Decision(best, tuple(options), "VP projected this quarter")

    def resume(self, choices: Sequence[int]) -> None:
        """A look-ahead (and its dealt world) per past decision that offered a choice."""
        self.calls = sum(1 for n in choices if n > 1)


def _outcome_key(game: Game, action: Action, seat: str) -> tuple[object, ...]:
    """Actions with the same key lead to the same projection: ops of equal effect on the same use
    and target, when no opponent's event fires, differ only in which card leaves the hand. Influence
    moves a state ``ops // 2`` steps, so a 2-op and a 3-op card influence alike."""
    if action.kind == "ops" and action.card is not None:
        card = game.rules.cards[action.card]
        fires = card.faction not in (seat, "any") and card.faction in game.rules.scenario.seat_ids
        if not fires:
            return ("ops", action.use, action.target, card.ops // 2 if action.use == "influence" else card.ops)
    return (action.kind, action.card, action.use, action.target)
