"""``greedy``: one-ply look-ahead on its own score.

For each legal action it plays the action on a determinized copy of its view (hidden cards dealt
at random: it never peeks), projects the economy one quarter ahead, and keeps the action whose
projected victory points for its own seat are highest. Ties go to the earlier legal action.
"""

from __future__ import annotations

from wargame.bots.base import register
from wargame.engine import flow
from wargame.engine.actions import Action
from wargame.engine.determinize import determinize
from wargame.engine.game import Game, quarter_offset
from wargame.engine.state import GameState
from wargame.model.economy import advance_quarter, derive
from wargame.model.scoring import quarter_vp


def projected_score(game: Game, state: GameState, seat: str) -> float:
    """``seat``'s points now plus what one more quarter of the model would give it from here."""
    rules = game.rules
    if state.over:
        margins = (state.result or {}).get("margins", {})
        won = (state.result or {}).get("winner") == seat
        return state.vp[seat] + (1000.0 if won else 0.0) + margins.get(seat, 0.0) * 0.0
    eff = flow.effective(state)
    board = [state.board[b] for b in rules.board_ids]
    new, new_board = advance_quarter(eff, board, rules.weights, rules.params, max(quarter_offset(state.quarter), 0))
    out = derive(new, new_board, rules.weights, rules.params)
    profit = new["firm.profit"] - eff["firm.profit"]
    return state.vp[seat] + float(quarter_vp(new, out, new_board, rules.params, profit)[seat])


@register("greedy")
class GreedyBot:
    """Best immediate projected score for its own seat."""

    name = "greedy"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.calls = 0

    def choose(self, game: Game, view: GameState) -> Action:
        seat = view.viewer or game.current_player(view)
        assert seat is not None
        legal = game.legal_actions(view)
        if len(legal) == 1:
            return legal[0]
        world = determinize(game.rules, view, seed=self.seed * 1_000_003 + self.calls)
        self.calls += 1
        best, best_score = legal[0], float("-inf")
        for action in legal:
            score = projected_score(game, game.apply_legal(world, action), seat)
            if score > best_score + 1e-9:
                best, best_score = action, score
        return best
