"""The baseline bots: ``pass`` (never plays a card) and ``random`` (uniform over legal actions).

Both are the rules core's (``core.bots.choose``): a batch and an interactive game move alike.
"""

from __future__ import annotations

from wargame.bots.base import register
from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


@register("pass")
class PassBot:
    """Passes every action round and declines every headline: the calibration baseline."""

    name = "pass"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def choose(self, game: Game, view: GameState) -> Action:
        return game.bot_move(view, "pass", self.seed, 0)[0]


@register("random")
class RandomBot:
    """Uniform over the legal actions, from its own counter-based stream."""

    name = "random"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.calls = 0

    def choose(self, game: Game, view: GameState) -> Action:
        action, self.calls = game.bot_move(view, "random", self.seed, self.calls)
        return action


__all__ = ["PassBot", "RandomBot"]
