"""``greedy``: one-ply look-ahead on its own score (the rules core's ``core.bots.greedy_choice``).

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
from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


@register("greedy")
class GreedyBot:
    """Best immediate projected score for its own seat."""

    name = "greedy"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.calls = 0

    def choose(self, game: Game, view: GameState) -> Action:
        action, self.calls, _ = game.bot_move(view, "greedy", self.seed, self.calls)
        return action

    def decide(self, game: Game, view: GameState) -> Decision:
        """The best projected option, with every option's points for the seat projected this quarter (best first)."""
        action, self.calls, options = game.bot_move(view, "greedy", self.seed, self.calls, scores=True)
        if not options:
            return Decision(action)
        seat = view.viewer or game.current_player(view)
        assert seat is not None
        gains = sorted(((a, v - view.vp[seat]) for a, v in options), key=lambda o: -o[1])  # stable: ties in legal order
        return Decision(action, tuple(gains), "VP projected this quarter")

    def resume(self, choices: Sequence[int]) -> None:
        """A look-ahead (and its dealt world) per past decision that offered a choice."""
        self.calls = sum(1 for n in choices if n > 1)
