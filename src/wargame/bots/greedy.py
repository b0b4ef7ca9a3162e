"""``greedy``: a look-ahead on its own score (the rules core's ``core.bots.greedy_choice``).

It looks twice, on a determinized copy of its view (hidden cards dealt at random: it never peeks).
First it plays each legal action and projects the economy to the current quarter's close. Then it
plays again its ``bot_candidates`` best actions by that first look and every event it may play
itself, and runs the model ``bot_horizon`` quarters on with no card played (a year by default, or
to the game's end): an event's worth is often in the quarters after (capacity that compounds,
controls that bite as stockpiles run down, a lower crisis chance). The best by that second look goes;
ties to the earlier legal action. Every decision is judged on the same horizon, whichever seat
happens to act last in a quarter.
"""

from __future__ import annotations

import math
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
        """The best projected option, with the points each option it weighed last is projected to
        bring the seat over the look-ahead (best first)."""
        action, self.calls, options = game.bot_move(view, "greedy", self.seed, self.calls, scores=True)
        if not options:
            return Decision(action)
        seat = view.viewer or game.current_player(view)
        assert seat is not None
        gains = sorted(((a, v - view.vp[seat]) for a, v in options if not math.isnan(v)),
                       key=lambda o: -o[1])  # stable: ties in legal order
        return Decision(action, tuple(gains), f"VP projected {horizon_words(game)}")

    def resume(self, choices: Sequence[int]) -> None:
        """A look-ahead (and its dealt world) per past decision that offered a choice."""
        self.calls = sum(1 for n in choices if n > 1)


def horizon_words(game: Game) -> str:
    """How far the greedy bot looks, in words: "by the quarter's close", "a year ahead", "6 quarters ahead"."""
    quarters = int(game.rules.params["bot_horizon"])
    if quarters <= 1:
        return "by the quarter's close"
    return "a year ahead" if quarters == 4 else f"{quarters} quarters ahead"
